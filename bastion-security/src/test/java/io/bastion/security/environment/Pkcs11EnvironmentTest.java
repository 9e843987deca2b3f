package io.bastion.security.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.security.credential.PreSharedKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKCS#11 environment against a SoftHSM2 token (skipped when SoftHSM2 is not installed). */
class Pkcs11EnvironmentTest {
    static final Function<String, String> ENV = Map.of(SoftHsm.PIN_ENV, SoftHsm.PIN)::get;

    @TempDir
    Path dir;

    @Test
    void aKeyGeneratedOnTheTokenSignsThereAndNeverLeavesIt() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        Path cfg = hsm.configFile(dir);
        hsm.generateKey(cfg, "signer", "CN=bastion-signer");
        try (Pkcs11Environment env = Pkcs11Environment.open(cfg, SoftHsm.PIN_ENV, ENV)) {
            assertThat(env.protectionLevel()).isEqualTo(ProtectionLevel.LOW);
            assertThat(env.protectionLevel().level()).isEqualTo(1);
            assertThat(env.describe()).contains("PKCS#11").contains(env.provider().getName()).doesNotContain(SoftHsm.PIN);
            assertThat(env.keyAliases()).contains("signer");
            assertThat(Security.getProvider(env.provider().getName())).isSameAs(env.provider());

            byte[] data = "oneM2M request".getBytes(StandardCharsets.UTF_8);
            byte[] sig = env.sign("signer", "SHA256withECDSA", data);
            Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
            v.initVerify(env.publicKey("signer"));
            v.update(data);
            assertThat(v.verify(sig)).isTrue();

            List<X509Certificate> chain = env.certificateChain("signer");
            assertThat(chain).hasSize(1);
            assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=bastion-signer");
            assertThat(chain.get(0).getPublicKey().getAlgorithm()).isEqualTo("EC");

            X509ExtendedKeyManager km = env.keyManager("signer");
            PrivateKey key = km.getPrivateKey("signer");
            assertThat(key).isNotNull();
            assertThat(key.getEncoded()).as("a token key cannot be read out").isNull();
            assertThat(key.getClass().getName()).startsWith("sun.security.pkcs11.");
            assertThat(km.chooseServerAlias("EC", null, null)).isEqualTo("signer");
            assertThat(km.chooseServerAlias("RSA", null, null)).isNull();
            assertThat(km.getCertificateChain("signer")).hasSize(1);
            KeyManagerFactory kmf = env.keyManagerFactory("signer");
            assertThat(kmf.getKeyManagers()).hasSize(1);

            byte[] r1 = env.randomBytes(32);
            byte[] r2 = env.randomBytes(32);
            assertThat(r1).hasSize(32).isNotEqualTo(r2);

            assertThatThrownBy(() -> env.sign("absent", "SHA256withECDSA", data))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent");
        }
        assertThat(Security.getProviders()).noneMatch(p -> p.getName().endsWith(cfg.getFileName().toString()
                .replace(".cfg", "")));
    }

    @Test
    void thePinComesFromTheEnvironmentAndAWrongOneIsRefused() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        Path cfg = hsm.configFile(dir);
        assertThatThrownBy(() -> Pkcs11Environment.open(cfg, "NO_SUCH_PIN_VARIABLE", ENV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NO_SUCH_PIN_VARIABLE")
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> Pkcs11Environment.open(cfg, SoftHsm.PIN_ENV, Map.of(SoftHsm.PIN_ENV, "0000")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PIN")
                .hasMessageNotContaining("0000");
        // a refused login leaves no provider behind, so the configuration can be used again
        try (Pkcs11Environment env = Pkcs11Environment.open(cfg, SoftHsm.PIN_ENV, ENV)) {
            assertThat(env.randomBytes(8)).hasSize(8);
        }
    }

    @Test
    void aBrokenConfigurationIsNamed() {
        assertThatThrownBy(() -> Pkcs11Environment.open("--name = x\nlibrary = /nonexistent/libp11.so\n",
                SoftHsm.PIN_ENV, ENV, ProtectionLevel.HIGH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#11 configuration");
    }

    @Test
    void anExtractablePskIsFoundByItsExactIdentity() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        Path cfg = hsm.configFile(dir);
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i + 1);
        }
        String identity = "Gw-7@psk.example.com";
        try (Pkcs11Environment env = Pkcs11Environment.open(cfg, SoftHsm.PIN_ENV, ENV)) {
            KeyStore ks = KeyStore.getInstance("PKCS11", env.provider());
            ks.load(null, SoftHsm.PIN.toCharArray());
            ks.setEntry(SecureEnvironment.pskAlias(identity),
                    new KeyStore.SecretKeyEntry(new SecretKeySpec(raw, "GENERIC")), null);
        }
        try (Pkcs11Environment env = Pkcs11Environment.open(cfg, SoftHsm.PIN_ENV, ENV)) {
            assertThat(env.presharedKey(identity)).contains(PreSharedKey.of(raw));
            assertThat(env.presharedKey("gw-7@psk.example.com")).isEmpty();
            assertThat(env.presharedKey("other@psk.example.com")).isEmpty();
        }
    }
}
