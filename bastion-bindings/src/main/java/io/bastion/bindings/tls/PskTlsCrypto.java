package io.bastion.bindings.tls;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The TLS-PSK crypto of the door and of the load client: Bouncy Castle's TLS protocol over the JDK's providers, whose
 * AES (CBC, GCM), HMAC and SHA-256 use the CPU's instructions, and Bouncy Castle's own AES-CCM for the CCM suites,
 * which the JDK does not have ({@code TLS_PSK_WITH_AES_128_CCM_8} of TS-0003 10.2.2, {@code TLS_AES_128_CCM_8_SHA256}).
 *
 * <p>Mixing is safe: a record cipher only takes key bytes derived from the handshake's secrets (which stay in the
 * JDK-backed crypto), whichever implementation then encrypts. With a provider that does have {@code AES/CCM} (one
 * added to the JDK's list) that provider is used. Measured with {@code ./bastion bench transports}: the JDK's AES
 * and HMAC cost the CSE several µs less per TLS-PSK request than Bouncy Castle's pure-Java ones.
 */
public final class PskTlsCrypto extends JcaTlsCrypto {
    private final BcTlsCrypto pureJava;

    private PskTlsCrypto(JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom keys, SecureRandom nonces) {
        super(helper, altHelper, keys, nonces);
        this.pureJava = new BcTlsCrypto(keys);
    }

    /** The crypto over the JDK's providers (first in the JVM's list), with {@code random} for keys. */
    public static TlsCrypto create(SecureRandom random) {
        return new Provider().create(random);
    }

    @Override
    public boolean hasEncryptionAlgorithm(int encryptionAlgorithm) {
        return super.hasEncryptionAlgorithm(encryptionAlgorithm)
                || isAesCcm(encryptionAlgorithm) && pureJava.hasEncryptionAlgorithm(encryptionAlgorithm);
    }

    @Override
    public TlsCipher createCipher(TlsCryptoParameters parameters, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        if (isAesCcm(encryptionAlgorithm) && !super.hasEncryptionAlgorithm(encryptionAlgorithm)) {
            return pureJava.createCipher(parameters, encryptionAlgorithm, macAlgorithm);
        }
        return super.createCipher(parameters, encryptionAlgorithm, macAlgorithm);
    }

    /** Whether this cipher would be Bouncy Castle's own (no provider of the JVM has it). */
    boolean usesPureJava(int encryptionAlgorithm) {
        return isAesCcm(encryptionAlgorithm) && !super.hasEncryptionAlgorithm(encryptionAlgorithm);
    }

    private static boolean isAesCcm(int encryptionAlgorithm) {
        return switch (encryptionAlgorithm) {
            case EncryptionAlgorithm.AES_128_CCM, EncryptionAlgorithm.AES_128_CCM_8,
                 EncryptionAlgorithm.AES_256_CCM, EncryptionAlgorithm.AES_256_CCM_8 -> true;
            default -> false;
        };
    }

    /** Bouncy Castle's factory, kept for its nonce entropy set-up, making this class instead of its own. */
    private static final class Provider extends JcaTlsCryptoProvider {
        @Override
        public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
            return new PskTlsCrypto(getHelper(), getAltHelper(), keyRandom, nonceRandom);
        }
    }
}
