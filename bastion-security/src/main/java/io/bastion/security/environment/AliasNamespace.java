package io.bastion.security.environment;

import io.bastion.security.credential.PreSharedKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A secure environment seen through a namespace of its symmetric keys: every pre-shared key is stored and read
 * under {@code prefix + identity}, so that another kind of symmetric key (the pairwiseESPrimKeys of
 * {@code credentials e2e}) shares the PSKs' keystore or token without ever meeting a PSK of the same name (a
 * KpsaID never holds the prefix's {@code ':'}). Private keys and everything else pass through unchanged.
 */
public final class AliasNamespace implements SecureEnvironment {
    private final SecureEnvironment environment;
    private final String prefix;

    /** @param prefix ends with {@code ':'}, a character no KpsaID holds */
    public AliasNamespace(SecureEnvironment environment, String prefix) {
        if (!prefix.endsWith(":")) {
            throw new IllegalArgumentException("a namespace prefix ends with ':'");
        }
        this.environment = environment;
        this.prefix = prefix;
    }

    @Override
    public ProtectionLevel protectionLevel() {
        return environment.protectionLevel();
    }

    @Override
    public String describe() {
        return environment.describe() + " (" + prefix + " keys)";
    }

    @Override
    public Set<String> keyAliases() {
        return environment.keyAliases();
    }

    @Override
    public Optional<PreSharedKey> presharedKey(String identity) {
        return environment.presharedKey(prefix + identity);
    }

    @Override
    public void storePresharedKey(String identity, PreSharedKey key) {
        environment.storePresharedKey(prefix + identity, key);
    }

    @Override
    public boolean deletePresharedKey(String identity) {
        return environment.deletePresharedKey(prefix + identity);
    }

    @Override
    public boolean refresh() {
        return environment.refresh();
    }

    @Override
    public byte[] sign(String keyAlias, String algorithm, byte[] data) {
        return environment.sign(keyAlias, algorithm, data);
    }

    @Override
    public PublicKey publicKey(String keyAlias) {
        return environment.publicKey(keyAlias);
    }

    @Override
    public List<X509Certificate> certificateChain(String keyAlias) {
        return environment.certificateChain(keyAlias);
    }

    @Override
    public X509ExtendedKeyManager keyManager(String keyAlias) {
        return environment.keyManager(keyAlias);
    }

    @Override
    public byte[] randomBytes(int count) {
        return environment.randomBytes(count);
    }

    @Override
    public void close() {
        environment.close();
    }
}
