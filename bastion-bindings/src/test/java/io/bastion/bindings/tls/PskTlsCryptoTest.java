package io.bastion.bindings.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.TlsUtils;
import org.junit.jupiter.api.Test;

/** Every suite the TLS-PSK door offers is available, the JDK's ciphers where it has them, Bouncy Castle's for CCM. */
class PskTlsCryptoTest {
    private final PskTlsCrypto crypto = (PskTlsCrypto) PskTlsCrypto.create(new SecureRandom());

    @Test
    void everyOfferedSuiteIsSupported() {
        assertThat(TlsUtils.getSupportedCipherSuites(crypto, PskTlsSuites.OFFERED)).containsExactly(
                PskTlsSuites.OFFERED);
        assertThat(PskTlsSuites.OFFERED).contains(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_AES_128_CCM_8_SHA256);
    }

    @Test
    void aesCbcAndGcmAreTheJdksAndCcmIsBouncyCastlesOwn() {
        assertThat(crypto.usesPureJava(EncryptionAlgorithm.AES_128_CBC)).isFalse();
        assertThat(crypto.usesPureJava(EncryptionAlgorithm.AES_128_GCM)).isFalse();
        assertThat(crypto.usesPureJava(EncryptionAlgorithm.AES_128_CCM_8)).isTrue();
        assertThat(crypto.usesPureJava(EncryptionAlgorithm.AES_128_CCM)).isTrue();
    }
}
