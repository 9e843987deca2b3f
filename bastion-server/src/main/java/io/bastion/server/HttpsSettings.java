package io.bastion.server;

import io.bastion.bindings.https.ClientCertificates;
import io.bastion.security.certificate.Pkcs12ServerCredentials;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.server.environment.Pkcs11KeySettings;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;

/**
 * The HTTPS door's settings ({@code https.*} keys).
 *
 * @param port the HTTPS port on {@code bind}: -1 disables the door (the default), 0 picks a free port
 * @param keystore the PKCS#12 file with the server's private key and certificate chain (required when enabled; the
 *        coaps door offers certificate suites with the same key when it is set, see {@link CoapSettings})
 * @param keystorePasswordEnv the name of the environment variable holding the keystore's password; the password
 *        itself is never read from the configuration file or the command line
 * @param clientCertificates whether clients are asked for a certificate
 * @param pkcs11 the server key on a PKCS#11 token ({@code https.pkcs11-*}), in place of {@code keystore}; or null
 */
public record HttpsSettings(int port, Path keystore, String keystorePasswordEnv,
                            ClientCertificates clientCertificates, Pkcs11KeySettings pkcs11) {
    public static final String DEFAULT_PASSWORD_ENV = "BASTION_KEYSTORE_PASSWORD";
    static final java.util.Set<String> KEYS = java.util.Set.of("https.port", "https.keystore",
            "https.keystore-password-env", "https.client-auth", "https.pkcs11-config", "https.pkcs11-key-alias",
            "https.pkcs11-pin-env");

    public HttpsSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("https.port must be -1 (disabled) or a port number 0..65535");
        }
        if (keystorePasswordEnv == null || keystorePasswordEnv.isBlank()) {
            throw new IllegalArgumentException("https.keystore-password-env must name an environment variable");
        }
        if (clientCertificates == null) {
            clientCertificates = ClientCertificates.OPTIONAL;
        }
    }

    public static HttpsSettings defaults() {
        return new HttpsSettings(-1, null, DEFAULT_PASSWORD_ENV, ClientCertificates.OPTIONAL, null);
    }

    public boolean enabled() {
        return port >= 0;
    }

    /** Whether a server key is configured (a keystore or a token), which the coaps door uses too. */
    public boolean hasServerKey() {
        return keystore != null || pkcs11 != null;
    }

    static HttpsSettings load(Properties p) {
        HttpsSettings d = defaults();
        int port = d.port();
        String v = p.getProperty("https.port");
        if (v != null) {
            try {
                port = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("https.port must be -1 (disabled) or a port number 0..65535");
            }
        }
        String ks = p.getProperty("https.keystore");
        return new HttpsSettings(port, ks == null || ks.isBlank() ? null : Path.of(ks.trim()),
                p.getProperty("https.keystore-password-env", d.keystorePasswordEnv()).trim(),
                p.containsKey("https.client-auth") ? ClientCertificates.parse(p.getProperty("https.client-auth"))
                        : d.clientCertificates(), Pkcs11KeySettings.load(p));
    }

    public HttpsSettings withPort(int p) {
        return new HttpsSettings(p, keystore, keystorePasswordEnv, clientCertificates, pkcs11);
    }

    public HttpsSettings withKeystore(Path file) {
        return new HttpsSettings(port, file, keystorePasswordEnv, clientCertificates, pkcs11);
    }

    public HttpsSettings withKeystorePasswordEnv(String name) {
        return new HttpsSettings(port, keystore, name, clientCertificates, pkcs11);
    }

    public HttpsSettings withClientCertificates(ClientCertificates c) {
        return new HttpsSettings(port, keystore, keystorePasswordEnv, c, pkcs11);
    }

    /** The server key on a PKCS#11 token instead of a PKCS#12 file (null for the keystore). */
    public HttpsSettings withPkcs11(Pkcs11KeySettings k) {
        return new HttpsSettings(port, keystore, keystorePasswordEnv, clientCertificates, k);
    }

    /**
     * Opens the keystore with the password from the environment variable.
     *
     * @param environment looks environment variables up ({@code System::getenv})
     * @throws IllegalArgumentException when the keystore is not configured, the variable is unset, or the file
     *         cannot be opened
     */
    ServerCredentials credentials(Function<String, String> environment) {
        if (keystore != null && pkcs11 != null) {
            throw new IllegalArgumentException("set either https.keystore (a PKCS#12 file) or https.pkcs11-config "
                    + "(a PKCS#11 token), not both");
        }
        if (pkcs11 != null) {
            return pkcs11.credentials(environment);
        }
        if (keystore == null) {
            throw new IllegalArgumentException("HTTPS is enabled (https.port " + port + ") but https.keystore is not "
                    + "set: name a PKCS#12 file with the server's key and certificate (or set https.pkcs11-config)");
        }
        String password = environment.apply(keystorePasswordEnv);
        if (password == null) {
            throw new IllegalArgumentException("the keystore password is read from the environment variable "
                    + keystorePasswordEnv + " (https.keystore-password-env), which is not set");
        }
        return Pkcs12ServerCredentials.load(keystore, password.toCharArray());
    }
}
