package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.server.AuditLines;
import io.bastion.server.BastionServer;
import io.bastion.server.CredentialsCommand;
import io.bastion.server.Eventually;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Withdrawing a PSK on a running server reaches sessions that are already open (issue 4, item 6): real TLS-PSK
 * handshakes with Bouncy Castle's client, kept-alive connections, the credential changed through the command line
 * code ({@code CredentialsCommand}) or the store, then the next request on the same connection.
 */
class PskRevocationIT {
    @TempDir
    static Path dir;
    static BastionServer server;

    @BeforeAll
    static void start() {
        server = BastionServer.start(M2m.config(dir).withPskPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PskClient connect(String identity, String key) throws IOException {
        return new PskClient(server.pskPort(), identity, HexFormat.of().parseHex(key), ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
    }

    static PskClient connect13(String identity, String key) throws IOException {
        return new PskClient(server.pskPort(), identity, HexFormat.of().parseHex(key), ProtocolVersion.TLSv13,
                CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    @Test
    void removingAnIdentityRefusesTheNextRequestOfItsOpenSessionAndClosesIt() throws Exception {
        String id = "gone@issuer.example";
        String key = "00112233445566778899aabbccddeeff";
        assertThat(cli("psk", "add", "--identity", id, "--key", key, "--ae", "Cgone").code()).isZero();
        try (PskClient open = PskTlsIT.retry(() -> connect(id, key));
             PskClient open13 = connect13(id, key)) {
            assertThat(open.send("POST", "/cse-in", "Cgone", 2, M2m.aeBody("gone")).rsc()).isEqualTo(2001);
            assertThat(open.send("GET", "/cse-in/gone", "Cgone", null, null).rsc()).isEqualTo(2000);
            assertThat(open13.send("GET", "/cse-in/gone", "Cgone", null, null).rsc()).isEqualTo(2000);

            assertThat(cli("psk", "remove", "--identity", id).code()).isZero();
            // A new handshake fails as soon as the server has read the file again ...
            awaitHandshakeRefused(id, key);

            // ... and from then on the sessions opened before are refused at their next request, then closed.
            for (PskClient c : new PskClient[] {open, open13}) {
                PskClient.Response r = c.send("GET", "/cse-in/gone", "Cgone", null, null);
                assertThat(r.rsc()).as(r.body()).isEqualTo(4107);
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.body()).contains("12-" + id).contains("was removed")
                        .contains("establish a new security association");
                assertThat(r.headers().get("connection")).isEqualToIgnoringCase("close");
                assertThatThrownBy(() -> c.send("GET", "/cse-in/gone", "Cgone", null, null))
                        .as("the connection is closed after the refusal").isInstanceOf(IOException.class);
                assertAudited(r.headers().get("x-m2m-ri"));
            }
        }
    }

    @Test
    void rotatingTheKeyTakesEffectWithoutRestartAndEndsTheSessionsOfTheOldKey() throws Exception {
        String id = "rotating@issuer.example";
        String oldKey = "0f0e0d0c0b0a09080706050403020100";
        String newKey = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
        assertThat(cli("psk", "add", "--identity", id, "--key", oldKey, "--ae", "Crot").code()).isZero();
        try (PskClient old = PskTlsIT.retry(() -> connect(id, oldKey))) {
            assertThat(old.send("POST", "/cse-in", "Crot", 2, M2m.aeBody("rot")).rsc()).isEqualTo(2001);

            rotate(id, newKey);
            awaitHandshakeRefused(id, oldKey);
            try (PskClient fresh = PskTlsIT.retry(() -> connect(id, newKey))) {
                assertThat(fresh.send("GET", "/cse-in/rot", "Crot", null, null).rsc()).isEqualTo(2000);
                PskClient.Response r = old.send("GET", "/cse-in/rot", "Crot", null, null);
                assertThat(r.rsc()).as(r.body()).isEqualTo(4107);
                assertThat(r.body()).contains("12-" + id).contains("was given a new key");
                assertThatThrownBy(() -> old.send("GET", "/cse-in/rot", "Crot", null, null))
                        .isInstanceOf(IOException.class);
                // the session of the new key is untouched
                assertThat(fresh.send("GET", "/cse-in/rot", "Crot", null, null).rsc()).isEqualTo(2000);
            }
        }
    }

    @Test
    void anUnrelatedChangeKeepsOpenSessionsServed() throws Exception {
        String id = "stays@issuer.example";
        String key = "ffeeddccbbaa99887766554433221100";
        assertThat(cli("psk", "add", "--identity", id, "--key", key, "--ae", "Cstays").code()).isZero();
        try (PskClient c = PskTlsIT.retry(() -> connect(id, key))) {
            assertThat(c.send("POST", "/cse-in", "Cstays", 2, M2m.aeBody("stays")).rsc()).isEqualTo(2001);
            String other = "bystander@issuer.example";
            String otherKey = "1234567890abcdef1234567890abcdef";
            assertThat(cli("psk", "add", "--identity", other, "--key", otherKey, "--ae", "Cby").code())
                    .isZero();
            PskTlsIT.retry(() -> connect(other, otherKey)).close(); // the server has read the file again
            assertThat(c.send("GET", "/cse-in/stays", "Cstays", null, null).rsc()).isEqualTo(2000);
            assertThat(c.send("GET", "/cse-in/stays", "Cstays", null, null).rsc()).isEqualTo(2000);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Runs {@code bastion credentials --data DIR ARGS} in process, as the launcher would. */
    static CredentialsCli cli(String... args) {
        List<String> a = new ArrayList<>(List.of("--data", dir.toString()));
        a.addAll(List.of(args));
        return CredentialsCli.run(a, System::getenv);
    }

    /** Replaces the key of {@code id} with {@code psk rotate}, keeping the IDs it is bound to. */
    static void rotate(String id, String newKey) {
        CredentialsCli r = cli("psk", "rotate", "--identity", id, "--key", newKey);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(newKey);
    }

    /** Waits (at most 5 s) until a handshake with this identity and key is refused: the server read the change. */
    static void awaitHandshakeRefused(String id, String key) throws Exception {
        Eventually.holds("handshake of " + id + " still accepted", Duration.ofSeconds(5), () -> {
            try (PskClient c = connect(id, key)) {
                return false;
            } catch (IOException refused) {
                return true;
            }
        });
    }

    /** The refusal of request {@code rqi} is a DENY line of the audit log with 4107 and door psk. */
    static void assertAudited(String rqi) throws Exception {
        AuditLines.assertRevoked(dir, rqi, "psk");
    }
}
