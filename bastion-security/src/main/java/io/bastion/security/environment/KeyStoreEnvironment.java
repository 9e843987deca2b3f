package io.bastion.security.environment;

import io.bastion.security.credential.PreSharedKey;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.net.ssl.X509ExtendedKeyManager;

/** The operations of a secure environment reached through a JCA {@link KeyStore} and, optionally, its provider. */
abstract class KeyStoreEnvironment implements SecureEnvironment {
    /** Replaced as a whole when a file environment re-reads its file. */
    private volatile KeyStore store;
    /** The provider doing the signatures, or null for the JDK's default choice (software keys). */
    private final Provider provider;
    private final SecureRandom random;
    private final ProtectionLevel level;
    /** The password of the key entries (PKCS#12) or the PIN (ignored by PKCS#11 after login); wiped on close. */
    private final char[] keyPassword;
    private volatile boolean closed;
    /**
     * Private keys (handles on a token) already read, by alias: reading a PKCS#12 entry decrypts it, which cost about
     * 5 ms per signature when done every time (a DAS signing tokens). Dropped when the store is replaced or closed.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, PrivateKey> privateKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    KeyStoreEnvironment(KeyStore store, Provider provider, SecureRandom random, ProtectionLevel level,
                        char[] keyPassword) {
        this.store = store;
        this.provider = provider;
        this.random = random;
        this.level = level;
        this.keyPassword = keyPassword.clone();
    }

    @Override
    public ProtectionLevel protectionLevel() {
        return level;
    }

    @Override
    public Set<String> keyAliases() {
        checkOpen();
        try {
            KeyStore ks = store;
            Set<String> out = new LinkedHashSet<>();
            for (String a : Collections.list(ks.aliases())) {
                if (ks.entryInstanceOf(a, KeyStore.PrivateKeyEntry.class)) {
                    out.add(a);
                }
            }
            return Collections.unmodifiableSet(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(describe() + ": cannot list the keys: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<PreSharedKey> presharedKey(String identity) {
        checkOpen();
        if (identity == null || identity.isEmpty()) {
            return Optional.empty();
        }
        try {
            Key k = store.getKey(SecureEnvironment.pskAlias(identity), keyPassword);
            if (!(k instanceof SecretKey s)) {
                return Optional.empty();
            }
            byte[] b = s.getEncoded();
            if (b == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(PreSharedKey.of(b));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            } finally {
                Arrays.fill(b, (byte) 0);
            }
        } catch (GeneralSecurityException | ProviderException e) {
            // ProviderException: a token object that another process deleted since the last refresh
            return Optional.empty();
        }
    }

    /** The key store as of now. */
    final KeyStore store() {
        return store;
    }

    /** Puts a re-read key store in place of the current one. */
    final void replaceStore(KeyStore replacement) {
        store = replacement;
        privateKeys.clear();
    }

    /** Forgets the private keys read so far, e.g. after the token's objects were re-mapped. */
    final void forgetKeys() {
        privateKeys.clear();
    }

    /** The entries' password (PKCS#12) or PIN (PKCS#11); the array itself, wiped on close: never keep or print it. */
    final char[] keyPassword() {
        return keyPassword;
    }

    /** The private key (a handle where the environment is a token). */
    final PrivateKey privateKey(String alias) {
        checkOpen();
        PrivateKey known = alias == null ? null : privateKeys.get(alias);
        if (known != null) {
            return known;
        }
        try {
            Key k = alias == null ? null : store.getKey(alias, keyPassword);
            if (k instanceof PrivateKey p) {
                privateKeys.put(alias, p);
                return p;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(describe() + ": cannot use the key '" + alias + "': "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException(describe() + " holds no private key '" + alias + "' (it holds "
                + keyAliases() + ")");
    }

    @Override
    public byte[] sign(String keyAlias, String algorithm, byte[] data) {
        PrivateKey key = privateKey(keyAlias);
        try {
            Signature s = provider == null ? Signature.getInstance(algorithm)
                    : Signature.getInstance(algorithm, provider);
            s.initSign(key, random);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(describe() + ": cannot sign with '" + keyAlias + "' using "
                    + algorithm + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PublicKey publicKey(String keyAlias) {
        return certificateChain(keyAlias).get(0).getPublicKey();
    }

    @Override
    public List<X509Certificate> certificateChain(String keyAlias) {
        checkOpen();
        try {
            Certificate[] chain = keyAlias == null ? null : store.getCertificateChain(keyAlias);
            if (chain == null || chain.length == 0) {
                throw new IllegalArgumentException(describe() + " holds no certificate chain for the key '"
                        + keyAlias + "'");
            }
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : chain) {
                if (!(c instanceof X509Certificate x)) {
                    throw new IllegalArgumentException(describe() + ": the key '" + keyAlias
                            + "' has a certificate that is not X.509");
                }
                out.add(x);
            }
            return List.copyOf(out);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public X509ExtendedKeyManager keyManager(String keyAlias) {
        PrivateKey key = privateKey(keyAlias);
        return new SingleKeyManager(keyAlias, key, certificateChain(keyAlias).toArray(X509Certificate[]::new));
    }

    @Override
    public byte[] randomBytes(int count) {
        checkOpen();
        if (count < 0) {
            throw new IllegalArgumentException("cannot make " + count + " random bytes");
        }
        byte[] b = new byte[count];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            privateKeys.clear();
            Arrays.fill(keyPassword, '\0');
            release();
        }
    }

    /** Releases what the subclass holds (a token session); called once. */
    void release() {
    }

    final void checkOpen() {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }
}
