package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.client.trust.MafKey;
import io.bastion.client.trust.MefClient;
import io.bastion.client.trust.TrustServiceException;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.mef.MefAdmin;
import io.bastion.trust.mef.MefServer;
import io.bastion.trust.mef.MefSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code handshake-mef}'s set-up against a real MEF (in this JVM, provisioned as {@link KeyFunction.Mef#provision}
 * does from the jar): the bench's MEF Client Registration and SUID 22 key registrations are accepted, and the CSE,
 * as their Target MEF Client, retrieves with {@link MefClient} (a second implementation of the procedure) exactly the
 * keys and Key Identifiers the bench hands to its handshakes. No figures.
 */
class KeyHandshakeScenarioIT {
    @TempDir
    Path dir;
    final KeyFunction mef = new KeyFunction.Mef();
    final KeyHandshakeScenario scenario = new KeyHandshakeScenario(mef);
    Pkcs12Environment env;
    MefAdmin admin;
    MefServer server;

    @BeforeEach
    void start() {
        env = Pkcs12Environment.openOrCreate(dir.resolve("mef.p12"), "PW", Map.of("PW", "bench-test")::get);
        admin = MefAdmin.open(dir.resolve("data"), env, Clock.systemUTC());
        admin.addEnrolee(mef.clientIdentity(), PreSharedKey.of(scenario.keyClient.clone()), KeyFunction.CLIENT_ID);
        admin.addEnrolee(mef.cseIdentity(), PreSharedKey.of(scenario.keyCse.clone()), KeyFunction.CSE_ID);
        server = MefServer.start(MefSettings.defaults(dir.resolve("data")).withPort(0).withFqdn(mef.fqdn())
                .withKeystore(dir.resolve("mef.p12")), env, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    MefClient asCse() {
        return MefClient.to("127.0.0.1", server.port(), mef.cseIdentity(), scenario.keyCse.clone())
                .mefFqdn(mef.fqdn()).mefClientId(KeyFunction.CSE_ID);
    }

    @Test
    void theCseRetrievesEachRegisteredKeyAsItsTarget() throws Exception {
        List<byte[][]> keys = scenario.registerKeys(server.port(), 3);

        assertThat(keys).hasSize(3);
        assertThat(keys.stream().map(k -> new String(k[0], StandardCharsets.US_ASCII))).doesNotHaveDuplicates()
                .allMatch(rn -> rn.matches("[0-9a-f]{32}"));
        for (byte[][] k : keys) {
            MafKey got = asCse().retrieveKey(new String(k[0], StandardCharsets.US_ASCII));
            assertThat(got.key()).isEqualTo(k[1]);
            assertThat(got.pskIdentity()).isEqualTo(scenario.identity(k)).endsWith("@mef.bench.example");
            assertThat(got.suid()).isEqualTo(22);
            assertThat(got.sourceId()).isEqualTo(KeyFunction.CLIENT_ID);
        }
        assertThat(admin.list()).anyMatch(l -> l.contains("key ") && l.contains("suid=22"));
    }

    @Test
    void aKeyOfTheBenchIsNotAnotherEnroleesToRetrieve() throws Exception {
        byte[] other = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        admin.addEnrolee("kpm-other@mef.bench.example", PreSharedKey.of(other.clone()), "/id-mn");
        String rn = new String(scenario.registerKeys(server.port(), 1).get(0)[0], StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> MefClient.to("127.0.0.1", server.port(), "kpm-other@mef.bench.example", other)
                .mefFqdn(mef.fqdn()).mefClientId("/id-mn").retrieveKey(rn))
                .isInstanceOfSatisfying(TrustServiceException.class, e -> assertThat(e.rsc()).isEqualTo(4103));
    }

    @Test
    void anUnprovisionedBenchFailsItsSetUpAtTheBootstrapHandshake() {
        admin.removeEnrolee(mef.clientIdentity());

        assertThatThrownBy(() -> scenario.registerKeys(server.port(), 1)).isInstanceOf(IOException.class);
    }
}
