package io.bastion.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code tokens.*} keys: the CSE's key for encrypted tokens (nested sign-then-encrypt JWE, TS-0003 7.3.2.6.3),
 * which a DAS encrypts to with ECDH-ES.
 *
 * <ul>
 *   <li>{@code tokens.decryption-key}: the alias of an EC P-256 private key entry; unset (the default) means
 *       encrypted tokens are refused</li>
 *   <li>{@code tokens.keystore}: the PKCS#12 file holding it; default {@code https.keystore}, whose only key is then
 *       used for both TLS and token decryption (a dedicated file keeps the two apart)</li>
 *   <li>{@code tokens.keystore-password-env}: the environment variable with that file's password; default that of
 *       {@code https.keystore-password-env}</li>
 * </ul>
 *
 * <p>The key is read into memory once at start-up ({@code TokenVerifier} decrypts with it there), because the
 * secure-environment abstraction offers signing but no key agreement yet. For the same reason a key on a PKCS#11
 * token cannot be used: with {@code https.pkcs11-config} and no {@code tokens.keystore} the start is refused rather
 * than extracting the key from the token. Open: ECDH inside {@code SecureEnvironment} (SunPKCS11 offers
 * {@code KeyAgreement} "ECDH" with a key handle), after which the key could stay on the token.
 *
 * @param keyAlias the key's alias, or null when encrypted tokens are not accepted
 * @param keystore the PKCS#12 file, or null for {@code https.keystore}
 * @param passwordEnv the password variable, or null for {@code https.keystore-password-env}
 */
public record TokenSettings(String keyAlias, Path keystore, String passwordEnv) {
    static final Set<String> KEYS = Set.of("tokens.decryption-key", "tokens.keystore",
            "tokens.keystore-password-env");

    public TokenSettings {
        if (keyAlias != null && keyAlias.isBlank()) {
            throw new IllegalArgumentException("tokens.decryption-key must name a key alias");
        }
        if (passwordEnv != null && passwordEnv.isBlank()) {
            throw new IllegalArgumentException("tokens.keystore-password-env must name an environment variable");
        }
    }

    /** Encrypted tokens refused. */
    public static TokenSettings defaults() {
        return new TokenSettings(null, null, null);
    }

    /** The key {@code alias} of the PKCS#12 {@code file} (null for {@code https.keystore}). */
    public static TokenSettings decryptionKey(String alias, Path file) {
        return new TokenSettings(alias, file, null);
    }

    public TokenSettings withPasswordEnv(String name) {
        return new TokenSettings(keyAlias, keystore, name);
    }

    /** Whether the CSE decrypts encrypted tokens. */
    public boolean enabled() {
        return keyAlias != null;
    }

    static TokenSettings load(Properties p) {
        String alias = trimmed(p.getProperty("tokens.decryption-key"));
        String file = trimmed(p.getProperty("tokens.keystore"));
        String env = trimmed(p.getProperty("tokens.keystore-password-env"));
        if (alias == null && (file != null || env != null)) {
            throw new IllegalArgumentException("tokens.keystore and tokens.keystore-password-env need "
                    + "tokens.decryption-key (the alias of the key in the keystore)");
        }
        return new TokenSettings(alias, file == null ? null : Path.of(file), env);
    }

    private static String trimmed(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * Reads the decryption key.
     *
     * @param https the HTTPS settings, for the default keystore and password variable
     * @param environment looks environment variables up ({@code System::getenv})
     * @throws IllegalArgumentException saying what is wrong (never the password): no keystore, the key on a PKCS#11
     *         token, password variable unset, file unreadable, no such key, or not an EC P-256 key
     */
    ECPrivateKey decryptionKey(HttpsSettings https, Function<String, String> environment) {
        Path file = keystore != null ? keystore : https.keystore();
        if (file == null) {
            if (https.pkcs11() != null) {
                throw new IllegalArgumentException("tokens.decryption-key: the server key is on a PKCS#11 token "
                        + "(https.pkcs11-config), and decrypting tokens needs ECDH with the key, which the secure "
                        + "environment does not offer yet; Bastion does not extract keys from a token. Put the token "
                        + "decryption key in a PKCS#12 file and name it with tokens.keystore");
            }
            throw new IllegalArgumentException("tokens.decryption-key '" + keyAlias + "' needs a PKCS#12 file: set "
                    + "tokens.keystore (or https.keystore)");
        }
        String variable = passwordEnv != null ? passwordEnv : https.keystorePasswordEnv();
        String pw = environment.apply(variable);
        if (pw == null) {
            throw new IllegalArgumentException("the password of " + file + " (tokens.decryption-key) is read from "
                    + "the environment variable " + variable + ", which is not set");
        }
        char[] password = pw.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            if (!ks.isKeyEntry(keyAlias)) {
                throw new IllegalArgumentException("tokens.decryption-key: " + file + " has no private key '"
                        + keyAlias + "'");
            }
            Key key = ks.getKey(keyAlias, password);
            if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("tokens.decryption-key: key '" + keyAlias + "' of " + file
                        + " is not an EC P-256 key, as ECDH-ES for tokens needs");
            }
            return ec;
        } catch (IOException e) {
            String why = e.getCause() instanceof UnrecoverableKeyException ? "wrong password" : e.getMessage();
            throw new IllegalArgumentException("tokens.decryption-key: cannot open keystore " + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tokens.decryption-key: cannot read key '" + keyAlias + "' of " + file
                    + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
