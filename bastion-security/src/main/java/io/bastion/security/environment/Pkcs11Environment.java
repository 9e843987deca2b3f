package io.bastion.security.environment;

import io.bastion.security.credential.PreSharedKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

/**
 * A secure environment on a PKCS#11 token, reached through the JDK's SunPKCS11 provider configured at run time.
 * Private keys stay on the token: the key objects the JDK hands out are handles, their {@code getEncoded()} is null
 * for sensitive keys, and signatures (including the TLS handshake's) are made by the token.
 *
 * <p>The configuration is a SunPKCS11 configuration file (or its text, see {@link #configText}): {@code name},
 * {@code library} and the token's {@code slot} (or {@code slotListIndex}). The user PIN is read from an environment
 * variable only. SunPKCS11 has no way to select a token by label; SoftHSM prints the slot number when it
 * initialises a token ({@code softhsm2-util --show-slots} lists it too).
 *
 * <p>Protection level: PKCS#11 cannot prove what is behind the library, so the level is declared by whoever
 * configures the token. SoftHSM keeps its tokens in files, protected by software only: level 1 (low), the default.
 * A hardware security module or smart card would be declared level 3 (high), a TEE-backed token level 2.
 *
 * <p>The configured provider is installed (as {@code SunPKCS11-<name>}) while the environment is open, so that JSSE
 * and other JCA users find it when they meet one of its key handles; {@link #close()} logs out and removes it.
 */
public final class Pkcs11Environment extends KeyStoreEnvironment {
    private final Provider provider;

    private Pkcs11Environment(Provider provider, KeyStore store, SecureRandom random, ProtectionLevel level,
                              char[] pin) {
        super(store, provider, random, level, pin);
        this.provider = provider;
    }

    /**
     * The text of a SunPKCS11 configuration for one slot.
     *
     * @param name the provider's name suffix (letters, digits, '-', '_')
     * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slot the slot ID
     */
    public static String configText(String name, Path library, long slot) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a PKCS#11 configuration name is letters, digits, '-' and '_'");
        }
        return "name = " + name + "\nlibrary = " + library.toAbsolutePath() + "\nslot = " + slot + "\n"
                // keys the provider creates (keytool -genkeypair) stay on the token and cannot be read out
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
                // a TLS-PSK stack computes the handshake itself, so an imported PSK must be readable by the CSE
                + "attributes(import, CKO_SECRET_KEY, *) = {\n  CKA_SENSITIVE = false\n  CKA_EXTRACTABLE = true\n}\n";
    }

    /** Opens the token of a configuration file at protection level 1 (software, e.g. SoftHSM). */
    public static Pkcs11Environment open(Path configFile, String pinVariable, Function<String, String> environment) {
        return open(configFile.toAbsolutePath().toString(), pinVariable, environment, ProtectionLevel.LOW);
    }

    /**
     * Opens a token and logs in with the PIN in the environment variable {@code pinVariable}.
     *
     * @param config a SunPKCS11 configuration file's path, or {@code --} followed by the configuration text
     * @param level the protection level the token offers (declared, see the class comment)
     * @throws IllegalArgumentException when SunPKCS11 is missing, the configuration or library is wrong, the
     *         variable is unset, or the PIN is refused
     */
    public static Pkcs11Environment open(String config, String pinVariable, Function<String, String> environment,
                                         ProtectionLevel level) {
        Objects.requireNonNull(level, "level");
        if (pinVariable == null || pinVariable.isBlank()) {
            throw new IllegalArgumentException("name the environment variable holding the PKCS#11 user PIN");
        }
        String pinText = environment.apply(pinVariable);
        if (pinText == null) {
            throw new IllegalArgumentException("the PKCS#11 user PIN is read from the environment variable "
                    + pinVariable + ", which is not set");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IllegalArgumentException("this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        String where = config.startsWith("--") ? "the PKCS#11 configuration" : "the PKCS#11 configuration " + config;
        Provider p;
        try {
            p = base.configure(config);
        } catch (RuntimeException e) { // InvalidParameterException, ProviderException
            throw new IllegalArgumentException("cannot use " + where + ": " + message(e), e);
        }
        if (Security.getProvider(p.getName()) != null) {
            throw new IllegalArgumentException("a PKCS#11 provider named " + p.getName() + " is already in use: give "
                    + "each configuration its own name");
        }
        char[] pin = pinText.toCharArray();
        Security.addProvider(p);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            SecureRandom random;
            try {
                random = SecureRandom.getInstance("PKCS11", p);
            } catch (NoSuchAlgorithmException e) {
                random = new SecureRandom(); // a token without a generator: the JDK's
            }
            return new Pkcs11Environment(p, ks, random, level, pin);
        } catch (IOException e) {
            Security.removeProvider(p.getName());
            boolean refused = e.getCause() instanceof FailedLoginException
                    || (e.getCause() instanceof LoginException l && String.valueOf(l.getMessage()).contains("PIN"));
            throw new IllegalArgumentException("cannot log in to the token of " + where + ": "
                    + (refused ? "the PIN was refused" : message(e)), e);
        } catch (GeneralSecurityException | ProviderException e) {
            Security.removeProvider(p.getName());
            throw new IllegalArgumentException("cannot open the token of " + where + ": " + message(e), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** The configured provider (its name is {@code SunPKCS11-<name>}). */
    public Provider provider() {
        return provider;
    }

    @Override
    public String describe() {
        return "PKCS#11 token " + provider.getName() + " (protection level " + protectionLevel() + ")";
    }

    /**
     * Lists the token's objects again (SunPKCS11 maps labels to objects when the key store is loaded, so a key
     * another process stored is invisible until then). Costs a search over the token's objects.
     */
    @Override
    public synchronized boolean refresh() {
        checkOpen();
        try {
            store().load(null, keyPassword()); // logged in already: this only re-maps the labels
            forgetKeys();
            return true;
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            throw new IllegalStateException("cannot list the objects of " + describe() + ": " + message(e), e);
        }
    }

    /**
     * Stores the PSK as a token object of type generic secret ({@code CKK_GENERIC_SECRET}, label
     * {@code psk-<hex of the KpsaID>}). The TLS-PSK and DTLS-PSK stacks compute the handshake in the JVM, so the key
     * must be extractable and not sensitive: the token's configuration must import secret keys with
     * {@code CKA_SENSITIVE = false} and {@code CKA_EXTRACTABLE = true} (as {@link #configText} does). When the token
     * will not give the key back, it is deleted again and this method refuses.
     */
    @Override
    public synchronized void storePresharedKey(String identity, PreSharedKey key) {
        checkOpen();
        String alias = SecureEnvironment.pskAlias(identity);
        byte[] raw = key.bytes();
        SecretKeySpec spec = new SecretKeySpec(raw, "GENERIC");
        Arrays.fill(raw, (byte) 0);
        try {
            refresh();
            store().setEntry(alias, new KeyStore.SecretKeyEntry(spec), null);
        } catch (KeyStoreException | ProviderException e) {
            throw new IllegalStateException("the token " + provider.getName() + " refused the key of " + identity
                    + ": " + message(e), e);
        } finally {
            try {
                spec.destroy();
            } catch (DestroyFailedException e) {
                // best effort: the array is unreachable once this returns
            }
        }
        if (!presharedKey(identity).map(key::equals).orElse(false)) {
            deleteQuietly(alias);
            throw new IllegalStateException("the token " + provider.getName() + " keeps imported secret keys "
                    + "sensitive or non-extractable, but TLS-PSK needs the key in the clear: add "
                    + "'attributes(import, CKO_SECRET_KEY, *) = { CKA_SENSITIVE = false  CKA_EXTRACTABLE = true }' "
                    + "to its SunPKCS11 configuration (the key was not kept)");
        }
    }

    @Override
    public synchronized boolean deletePresharedKey(String identity) {
        checkOpen();
        String alias = SecureEnvironment.pskAlias(identity);
        try {
            refresh();
            if (!store().containsAlias(alias)) {
                return false;
            }
            store().deleteEntry(alias);
            return true;
        } catch (KeyStoreException | ProviderException e) {
            throw new IllegalStateException("the token " + provider.getName() + " refused to delete the key of "
                    + identity + ": " + message(e), e);
        }
    }

    private void deleteQuietly(String alias) {
        try {
            store().deleteEntry(alias);
        } catch (KeyStoreException | ProviderException e) {
            // the refusal that follows says what went wrong; a leftover key is unusable anyway
        }
    }

    @Override
    void release() {
        try {
            if (provider instanceof AuthProvider a) {
                a.logout();
            }
        } catch (LoginException e) {
            // logging out is best effort: the provider is removed either way
        } finally {
            Security.removeProvider(provider.getName());
        }
    }

    private static String message(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(": ").append(c.getMessage());
        }
        return b.toString();
    }
}
