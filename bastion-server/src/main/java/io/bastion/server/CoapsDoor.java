package io.bastion.server;

import io.bastion.bindings.coap.CoapBinding;
import io.bastion.bindings.coap.CoapsSecurity;
import io.bastion.core.codec.Codecs;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.credential.PskStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the {@code coaps} door (CoAP over DTLS 1.2): the pre-shared keys of {@code psk.source} always, and,
 * when the server has a certificate configured ({@code https.keystore} or {@code https.pkcs11-*}, the same key as
 * the HTTPS door, whether or not that door is enabled), certificates and raw public keys, checked against the same
 * trusted CAs and bindings as HTTPS, with the HTTPS door's {@code https.client-auth} setting.
 */
final class CoapsDoor {
    private static final Logger LOG = LoggerFactory.getLogger(CoapsDoor.class);

    private CoapsDoor() {
    }

    /**
     * The started coaps binding, or null when {@code coaps.port} is -1.
     *
     * @param serverKey the server's key from {@link HttpsDoor#serverKey}, or null for pre-shared keys only
     * @param psks where the pre-shared keys are ({@code psk.source}), shared with the TLS-PSK door
     */
    static CoapBinding start(ServerConfig config, Executor workers, RequestProcessor cse, Clock clock,
                             ServerCredentials serverKey, PskStore psks) {
        int port = config.coap().securePort();
        if (port < 0) {
            return null;
        }
        CoapsSecurity security = CoapsSecurity.pskOnly(psks);
        if (serverKey != null && hasEcKey(serverKey)) {
            security = new CoapsSecurity(psks, serverKey, HttpsDoor.authenticator(config, clock),
                    config.https().clientCertificates());
        } else if (serverKey != null) {
            LOG.warn("the server key ({}) is not an EC key: the coaps door offers pre-shared keys only (TS-0003 "
                    + "10.2.3 needs ECDSA)", serverKey.describe());
        }
        return CoapBinding.dtls(config.bind(), port, config.maxBodyBytes(), workers, cse, new Codecs(), security)
                .start();
    }

    private static boolean hasEcKey(ServerCredentials key) {
        String[] aliases = key.keyManager().getServerAliases("EC", null);
        return aliases != null && aliases.length > 0;
    }
}
