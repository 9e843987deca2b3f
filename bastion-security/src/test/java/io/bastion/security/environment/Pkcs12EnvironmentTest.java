package io.bastion.security.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.security.credential.PreSharedKey;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKCS#12 file environment: password from the environment, level 1, signatures, chain, PSKs, random. */
class Pkcs12EnvironmentTest {
    static final String PASSWORD = "p12-test-secret";
    static final Function<String, String> ENV = Map.of("BASTION_TEST_P12", PASSWORD)::get;

    @TempDir
    Path dir;

    private Path keystore() throws Exception {
        Path p12 = dir.resolve("env.p12");
        SoftHsm.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "cse", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=bastion-cse",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD),
                dir.resolve("unused.conf"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        ks.setEntry(SecureEnvironment.pskAlias("Ae-1@psk.example.com"),
                new KeyStore.SecretKeyEntry(new SecretKeySpec(key(), "AES")),
                new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, PASSWORD.toCharArray());
        }
        return p12;
    }

    private static byte[] key() {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0xA0 + i);
        }
        return raw;
    }

    @Test
    void signsGivesTheChainPsksAndRandomBytes() throws Exception {
        Path p12 = keystore();
        try (Pkcs12Environment env = Pkcs12Environment.open(p12, "BASTION_TEST_P12", ENV)) {
            assertThat(env.protectionLevel()).isEqualTo(ProtectionLevel.LOW);
            assertThat(env.describe()).contains(p12.toString()).doesNotContain(PASSWORD);
            assertThat(env.keyAliases()).containsExactly("cse");
            byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
            byte[] sig = env.sign("cse", "SHA256withECDSA", data);
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(env.certificateChain("cse").get(0));
            v.update(data);
            assertThat(v.verify(sig)).isTrue();
            assertThat(env.keyManager("cse").getCertificateChain("cse")[0].getSubjectX500Principal().getName())
                    .isEqualTo("CN=bastion-cse");
            assertThat(env.serverCredentials("cse").describe()).contains("CN=bastion-cse").contains("sha256=");
            assertThat(env.presharedKey("Ae-1@psk.example.com")).contains(PreSharedKey.of(key()));
            assertThat(env.presharedKey("ae-1@psk.example.com")).as("KpsaIDs are case-sensitive").isEmpty();
            assertThat(env.presharedKey("nobody@psk.example.com")).isEmpty();
            assertThat(env.randomBytes(16)).hasSize(16);
        }
    }

    @Test
    void thePasswordComesOnlyFromTheEnvironment() throws Exception {
        Path p12 = keystore();
        assertThatThrownBy(() -> Pkcs12Environment.open(p12, "UNSET_VAR", ENV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNSET_VAR");
        assertThatThrownBy(() -> Pkcs12Environment.open(p12, "X", Map.of("X", "wrong")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong password");
        Pkcs12Environment env = Pkcs12Environment.open(p12, "BASTION_TEST_P12", ENV);
        env.close();
        assertThatThrownBy(() -> env.randomBytes(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void protectionLevelsAreThoseOfTs0003() {
        assertThat(ProtectionLevel.of(0)).isEqualTo(ProtectionLevel.NONE);
        assertThat(ProtectionLevel.of(3)).isEqualTo(ProtectionLevel.HIGH);
        assertThat(ProtectionLevel.MEDIUM.toString()).startsWith("2 ");
        assertThatThrownBy(() -> ProtectionLevel.of(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
