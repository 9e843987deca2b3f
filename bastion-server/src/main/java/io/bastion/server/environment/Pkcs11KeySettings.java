package io.bastion.server.environment;

import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.environment.Pkcs11Environment;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The HTTPS server key on a PKCS#11 token ({@code https.pkcs11-*} keys): the private key used for TLS never leaves
 * the token, JSSE signs the handshake through the token's provider.
 *
 * @param config the SunPKCS11 configuration file ({@code name}, {@code library}, {@code slot})
 * @param keyAlias the alias (CKA_LABEL) of the key and certificate on the token
 * @param pinEnv the name of the environment variable holding the user PIN; the PIN itself is never read from the
 *        configuration file or the command line
 */
public record Pkcs11KeySettings(Path config, String keyAlias, String pinEnv) {
    public static final String DEFAULT_PIN_ENV = "BASTION_PKCS11_PIN";
    public static final Set<String> KEYS = Set.of("https.pkcs11-config", "https.pkcs11-key-alias",
            "https.pkcs11-pin-env");

    public Pkcs11KeySettings {
        if (config == null) {
            throw new IllegalArgumentException("https.pkcs11-config must name a SunPKCS11 configuration file");
        }
        if (keyAlias == null || keyAlias.isBlank()) {
            throw new IllegalArgumentException("https.pkcs11-key-alias must name the server's key on the token");
        }
        if (pinEnv == null || pinEnv.isBlank()) {
            throw new IllegalArgumentException("https.pkcs11-pin-env must name an environment variable");
        }
    }

    /** The settings of {@code p}, or null when no {@code https.pkcs11-*} key is set. */
    public static Pkcs11KeySettings load(Properties p) {
        String cfg = p.getProperty("https.pkcs11-config");
        String alias = p.getProperty("https.pkcs11-key-alias");
        String pin = p.getProperty("https.pkcs11-pin-env");
        if (cfg == null && alias == null && pin == null) {
            return null;
        }
        if (cfg == null || cfg.isBlank()) {
            throw new IllegalArgumentException("https.pkcs11-key-alias and https.pkcs11-pin-env need "
                    + "https.pkcs11-config (the SunPKCS11 configuration file of the token)");
        }
        return new Pkcs11KeySettings(Path.of(cfg.trim()), alias == null ? null : alias.trim(),
                pin == null ? DEFAULT_PIN_ENV : pin.trim());
    }

    /**
     * Logs in to the token (PIN from the environment) and gives the server credentials of the key. The token
     * session stays open for the life of the process.
     *
     * @throws IllegalArgumentException when the token cannot be opened or holds no such key with a certificate
     */
    public ServerCredentials credentials(Function<String, String> environment) {
        Pkcs11Environment env = Pkcs11Environment.open(config, pinEnv, environment);
        try {
            return env.serverCredentials(keyAlias);
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }
}
