package io.bastion.server;

import java.util.Properties;
import java.util.Set;

/**
 * The CoAP doors (TS-0008) on the server's bind address: plain UDP ({@code coap.port}) and DTLS 1.2
 * ({@code coaps.port}) with pre-shared keys (from the same credential file as TLS-PSK) and, when the server has a key
 * configured ({@code https.keystore} or {@code https.pkcs11-*}, see {@link HttpsSettings}), certificates and raw
 * public keys as well. A port of 0 picks a free one, -1 (the default) disables the door.
 *
 * @param port the plain CoAP port
 * @param securePort the CoAP over DTLS port
 */
public record CoapSettings(int port, int securePort) {
    static final Set<String> KEYS = Set.of("coap.port", "coaps.port");

    public CoapSettings {
        check(port, "coap.port");
        check(securePort, "coaps.port");
    }

    public static CoapSettings defaults() {
        return new CoapSettings(-1, -1);
    }

    static CoapSettings load(Properties p) {
        return new CoapSettings(number(p, "coap.port"), number(p, "coaps.port"));
    }

    public CoapSettings withPort(int n) {
        return new CoapSettings(n, securePort);
    }

    public CoapSettings withSecurePort(int n) {
        return new CoapSettings(port, n);
    }

    private static int number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            return -1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be -1 (disabled) or a port number 0..65535");
        }
    }

    private static void check(int port, String key) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(key + " must be -1 (disabled) or a port number 0..65535");
        }
    }
}
