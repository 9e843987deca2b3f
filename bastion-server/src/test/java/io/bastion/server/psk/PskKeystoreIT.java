package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.server.BastionServer;
import io.bastion.server.CredentialsCommand;
import io.bastion.server.Eventually;
import io.bastion.server.PskSettings;
import io.bastion.server.ServerConfig;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS-PSK with {@code psk.source=keystore}: the keys live in a PKCS#12 keystore, psk.json keeps only the bindings.
 * Keys are provisioned, rotated and withdrawn through the command line's code ({@link CredentialsCommand}) while the
 * server runs, and real Bouncy Castle handshakes show each change taking effect without a restart.
 */
class PskKeystoreIT {
    static final String PASSWORD_ENV = "BASTION_TEST_PSK_KEYSTORE";
    static final String PASSWORD = "psk-keystore-it-secret";
    static final Function<String, String> ENV = Map.of(PASSWORD_ENV, PASSWORD)::get;
    static final String ID = "kdev@issuer.example";
    static final String K1 = "0f0e0d0c0b0a09080706050403020100";
    static final String K2 = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";

    @TempDir
    Path dir;

    private Path properties(String text) throws IOException {
        return Files.writeString(dir.resolve("bastion.properties"), text);
    }

    @Test
    void keysAddedRotatedAndRemovedInTheKeystoreTakeEffectOnTheRunningServer() throws Exception {
        Path data = dir.resolve("data");
        Path props = properties("psk.source=keystore\npsk.keystore-password-env=" + PASSWORD_ENV + "\n");
        PskSettings psk = ServerConfig.load(props).psk();
        assertThat(psk.source()).isEqualTo(PskSettings.Source.KEYSTORE);
        Path p12 = data.resolve("credentials").resolve("psk.p12");
        assertThat(psk.keystoreIn(data)).isEqualTo(p12);

        try (BastionServer server = BastionServer.start(M2m.config(data).withPsk(psk).withPskPort(0),
                Clock.systemUTC(), ENV)) {
            int port = server.pskPort();
            assertRefused(port, ID, K1);

            CredentialsCli add = cli(props, data, "psk", "add", "--identity", ID, "--key", "-", "--ae", "Ckdev",
                    "--stdin", K1);
            assertThat(add.code()).as(add.err()).isZero();
            assertThat(add.out()).contains("PKCS#12 keystore").contains(p12.toString());
            assertThat(add.out() + add.err()).doesNotContain(K1).doesNotContain(PASSWORD);
            assertThat(Files.readString(data.resolve("credentials").resolve("psk.json")))
                    .contains("\"keyIn\" : \"keystore\"").doesNotContain(K1);
            if (Files.getFileStore(p12).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12))).isEqualTo("rw-------");
            }

            PskClient open = PskTlsIT.retry(() -> tls12(port, ID, K1));
            assertThat(open.send("POST", "/cse-in", "Ckdev", 2, M2m.aeBody("kdev")).rsc()).isEqualTo(2001);

            CredentialsCli rotate = cli(props, data, "psk", "rotate", "--identity", ID, "--key", K2);
            assertThat(rotate.code()).as(rotate.err()).isZero();
            assertThat(rotate.out()).contains("rotated").contains(ID).doesNotContain(K2).doesNotContain(K1);
            assertRefused(port, ID, K1);
            // the session made with the old key is refused at its next request (and then closed by the server)
            assertThat(open.send("GET", "/cse-in/kdev", "Ckdev", null, null).rsc()).isEqualTo(4107);
            closeQuietly(open);
            try (PskClient c = PskTlsIT.retry(() -> tls12(port, ID, K2))) {
                // the binding survived the rotation: the same AE-ID, its resources still its own
                assertThat(c.send("GET", "/cse-in/kdev", "Ckdev", null, null).rsc()).isEqualTo(2000);
                assertThat(c.send("GET", "/cse-in", "Cother", null, null).rsc()).isEqualTo(4106);
            }
            try (PskClient c = new PskClient(port, ID, HexFormat.of().parseHex(K2), ProtocolVersion.TLSv13,
                    CipherSuite.TLS_AES_128_GCM_SHA256)) {
                assertThat(c.send("GET", "/cse-in/kdev", "Ckdev", null, null).rsc()).isEqualTo(2000);
            }

            CredentialsCli list = cli(props, data, "psk", "list");
            assertThat(list.code()).isZero();
            assertThat(list.out()).contains(ID).contains("Ckdev").contains("256-bit key in keystore")
                    .contains("rotated ").doesNotContain(K1).doesNotContain(K2);

            assertThat(cli(props, data, "psk", "rotate", "--identity", "nobody@issuer.example", "--key", K1).code())
                    .isEqualTo(1);

            CredentialsCli remove = cli(props, data, "psk", "remove", "--identity", ID);
            assertThat(remove.code()).as(remove.err()).isZero();
            assertRefused(port, ID, K2);
            try (Pkcs12Environment env = Pkcs12Environment.open(p12, PASSWORD_ENV, ENV)) {
                assertThat(env.presharedKey(ID)).as("the key left the keystore").isEmpty();
            }
            assertThat(cli(props, data, "psk", "remove", "--identity", ID).code()).isEqualTo(1);
        }
    }

    @Test
    void theKeystoreSourceNeedsItsPasswordAndItsKeysOnly() throws Exception {
        Path data = dir.resolve("data2");
        Path props = properties("psk.source=keystore\n");
        PskSettings psk = ServerConfig.load(props).psk();
        assertThat(psk.keystorePasswordEnv()).as("the HTTPS keystore's variable by default")
                .isEqualTo("BASTION_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> BastionServer.start(M2m.config(data).withPsk(psk).withPskPort(0),
                Clock.systemUTC(), n -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BASTION_KEYSTORE_PASSWORD");
        CredentialsCli noPassword = cli(props, data, n -> null, "psk", "add", "--identity", ID, "--key", K1,
                "--ae", "Cx");
        assertThat(noPassword.code()).isEqualTo(1);
        assertThat(noPassword.err()).contains("BASTION_KEYSTORE_PASSWORD").doesNotContain("usage:")
                .doesNotContain(K1);

        Path fileProps = properties("psk.keystore=/tmp/x.p12\n");
        assertThatThrownBy(() -> ServerConfig.load(fileProps)).hasMessageContaining("psk.source=keystore");
        Path bogus = properties("psk.source=vault\n");
        assertThatThrownBy(() -> ServerConfig.load(bogus)).hasMessageContaining("psk.source");
        Path shared = properties("psk.source=pkcs11\npsk.pkcs11-config=/etc/t.cfg\nhttps.pkcs11-config=/etc/t.cfg\n"
                + "https.pkcs11-key-alias=k\n");
        assertThatThrownBy(() -> ServerConfig.load(shared)).hasMessageContaining("of its own");
        assertThat(ServerConfig.defaults().psk().source()).isEqualTo(PskSettings.Source.FILE);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static PskClient tls12(int port, String identity, String key) throws IOException {
        return new PskClient(port, identity, HexFormat.of().parseHex(key), ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256);
    }

    /** Waits (the server looks at the files every 200 ms) until a handshake with that key fails. */
    static void assertRefused(int port, String identity, String key) throws Exception {
        Eventually.holds("handshake with " + identity + " still accepted", Duration.ofSeconds(5), () -> {
            PskClient accepted;
            try {
                accepted = tls12(port, identity, key);
            } catch (IOException refused) {
                return true;
            }
            closeQuietly(accepted); // only the handshake's outcome matters
            return false;
        });
    }

    static void closeQuietly(PskClient c) {
        try {
            c.close();
        } catch (IOException alreadyClosed) {
            // the server closes a refused session's connection
        }
    }

    static CredentialsCli cli(Path props, Path data, String... args) {
        return cli(props, data, ENV, args);
    }

    /** {@code bastion credentials --config PROPS --data DATA ARGS}; a trailing {@code --stdin TEXT} is standard input. */
    static CredentialsCli cli(Path props, Path data, Function<String, String> env, String... args) {
        List<String> a = new ArrayList<>(List.of("--config", props.toString(), "--data", data.toString()));
        a.addAll(List.of(args));
        return CredentialsCli.run(a, env);
    }
}
