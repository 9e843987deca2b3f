package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Result;
import io.bastion.client.trust.CommandReport;
import io.bastion.client.trust.Enrolment;
import io.bastion.client.trust.MafKey;
import io.bastion.client.trust.MefClient;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.server.BastionServer;
import io.bastion.server.MefClientSettings;
import io.bastion.server.it.M2m;
import io.bastion.trust.das.KeytoolPki;
import io.bastion.trust.mef.MefAdmin;
import io.bastion.trust.mef.MefServer;
import io.bastion.trust.mef.MefSettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MEF-based SAEF end to end (TS-0003 8.2.2.2, 8.3.5.2.7–.10, 8.3.9.9.4): a real MEF (bastion-trust's MefServer) and a
 * real CSE with {@code mef.*} in this JVM, over loopback TLS-PSK. The CSE is an enrolee of the MEF (its KpmID in its
 * own PSK store bound to /id-in, the enrolee's ID /id-in). A device enrols (MefClient) and gets, by MO_NODE, an MO tree
 * {@code reg1} (its CSE) with {@code reg1/autp2} (SUID 22, {@code mecrc} naming the MEF and its stakeholder, a key
 * lifetime {@code mkrd}): the MEF Client registers a key for the CSE, which
 * {@code configuration().symmetricKey("reg1/autp2")} hands to {@code CseClient.builder(…).psk(…)}. The CSE retrieves it
 * from the MEF during the handshake and binds the association to the device's AE-ID (registration 2001, another
 * originator 4106). Refusals: the key de-registered by the device, the device revoked at the MEF (open associations
 * 4107 after {@code mef.recheck-ms}, new handshakes fail), the MEF stopped (a fresh identity's handshake fails, audited
 * "MEF Key Retrieval for … failed"), a SUID-23 key (ESPrim, not SAEF) offered at TLS-PSK (refused, audited).
 */
class MefSaefIT {
    static final String PASSWORD = "mef-saef-it";
    static final String FQDN = "mef.bastion.example";
    static final String ADMIN_FQDN = "sp.bastion.example";
    static final String KPM_CSE_ID = "kpm-cse@" + FQDN;
    static final String KPM_CSE = "101112131415161718191a1b1c1d1e1f";
    static final Function<String, String> ENV = Map.of("BASTION_KEYSTORE_PASSWORD", PASSWORD)::get;
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path cseDir;
    static Path mefData;
    static Path mefP12;
    static Pkcs12Environment mefEnv;
    static MefAdmin admin;
    static int mefPort;
    static MefServer mef;
    static BastionServer cse;

    @BeforeAll
    static void start() throws Exception {
        cseDir = dir.resolve("cse");
        mefData = dir.resolve("mef-data");
        new KeytoolPki(dir, PASSWORD).ca("mefca");
        mefP12 = dir.resolve("mefca.p12");
        mefEnv = Pkcs12Environment.open(mefP12, "PW", Map.of("PW", PASSWORD)::get);
        admin = MefAdmin.open(mefData, mefEnv, Clock.systemUTC());
        // the CSE is a MEF Client: its enrolee ID is its CSE-ID, so that it is the target of keys naming /id-in
        admin.addEnrolee(KPM_CSE_ID, PreSharedKey.of(HexFormat.of().parseHex(KPM_CSE)), "/id-in");
        try (ServerSocket s = new ServerSocket(0)) {
            mefPort = s.getLocalPort();
        }
        mef = startMef();
        // its KpmID in its own PSK store, bound to its CSE-ID (never accepted at its own doors)
        assertThat(CredentialsCli.run(List.of("--data", cseDir.toString(), "psk", "add", "--identity", KPM_CSE_ID,
                "--key", KPM_CSE, "--ae", "/id-in"), ENV).code()).isZero();
        cse = BastionServer.start(M2m.config(cseDir).withPskPort(0).withMef(new MefClientSettings(
                "https://127.0.0.1:" + mefPort, KPM_CSE_ID, FQDN, null, Duration.ofMillis(400),
                Duration.ofSeconds(3))));
    }

    static MefServer startMef() {
        return MefServer.start(MefSettings.defaults(mefData).withPort(mefPort).withFqdn(FQDN).withKeystore(mefP12)
                .withCaAlias("ca"), mefEnv, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (cse != null) {
            cse.close();
        }
        if (mef != null) {
            mef.close();
        }
    }

    /** A device enrolled with the MEF, and the SAEF key its MO_NODE command made for its Registrar CSE. */
    record Device(String aeId, MefClient client, Enrolment enrolment, MafKey key) {
    }

    /**
     * Enrols {@code kpm-<name>} (enrolee {@code /id-in/C<name>}) with the MO tree reg1 (poa/csi/cb) and reg1/autp2
     * (SUID 22, mecrc fq/adfq, mkrd) and one MO_NODE command for reg1/autp2.
     */
    static Device enrol(String name) throws Exception {
        String kpmId = "kpm-" + name;
        byte[] kpm = new byte[16];
        new java.security.SecureRandom().nextBytes(kpm);
        admin.addEnrolee(kpmId, PreSharedKey.of(kpm.clone()), "/id-in/C" + name);
        admin.putMoNode(kpmId, "reg1", JSON.readTree("{\"dcfg:reg\":{\"poa\":[\"https://127.0.0.1:"
                + cse.pskPort() + "\"],\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"));
        admin.putMoNode(kpmId, "reg1/autp2", JSON.readTree("{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],"
                + "\"mkrd\":\"PT1H\"}}"));
        admin.putMoNode(kpmId, "reg1/autp2/mecrc", JSON.readTree("{\"dcfg:mecrc\":{\"fq\":\"" + FQDN
                + "\",\"adfq\":\"" + ADMIN_FQDN + "\"}}"));
        String command = admin.queueMoNode(kpmId, "reg1/autp2", 1, 22);
        MefClient device = MefClient.to("127.0.0.1", mefPort, kpmId, kpm).adminFqdn(ADMIN_FQDN).timeout(TIMEOUT);
        Enrolment e = device.enrol();
        assertThat(e.reports()).containsExactly(new CommandReport(command, 3, 20));
        MafKey k = e.configuration().symmetricKey("reg1/autp2").orElseThrow();
        assertThat(k.suid()).isEqualTo(22);
        assertThat(k.pskIdentity()).isEqualTo(k.relativeKeyId() + "@" + FQDN);
        assertThat(k.targetIds()).containsExactly("/id-in");
        return new Device("C" + name, device, e, k);
    }

    /** A client of the CSE's TLS-PSK door: the address comes from the device's reg1 MO node. */
    static CseClient toCse(Device d, MafKey k, String originator) {
        String poa = d.enrolment().configuration().registration().orElseThrow().pointOfAccess().getFirst();
        return CseClient.builder(poa).cseId("/id-in").originator(originator).timeout(TIMEOUT)
                .psk(k.pskIdentity(), k.key()).build();
    }

    static void assertHandshakeFails(Device d, MafKey k) {
        try (CseClient c = toCse(d, k, d.aeId())) {
            // a refused handshake: the client's 5103 (target not reachable), never an answer of the CSE
            assertThatThrownBy(() -> c.retrieve("cse-in")).isInstanceOf(CseException.class)
                    .satisfies(x -> assertThat(((CseException) x).code()).isEqualTo(5103));
        }
    }

    static String awaitAudit(String text) throws Exception {
        return MafSaefIT.awaitContains(cseDir.resolve("audit.log"), text);
    }

    @Test
    void anEnrolledDeviceRegistersItsAeWithItsMefKeyAndNoOtherOriginator() throws Exception {
        Device d = enrol("dev1");
        try (CseClient c = toCse(d, d.key(), d.aeId())) {
            Result r = c.registerAe("dev1", "Nbastion.dev1");
            assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(r.attribute("aei")).isEqualTo("Cdev1");
            assertThat(c.retrieve("cse-in/dev1").rsc()).isEqualTo(ResponseStatusCode.OK);
            // the association authenticates Cdev1 only: another originator over it is 4106
            assertThat(c.send(c.request(Operation.RETRIEVE, "cse-in/dev1").fr("Cother").build()).rsc().code())
                    .isEqualTo(4106);
        }
        // a second handshake with the same key (the CSE's cache) works too; a wrong key does not
        try (CseClient c = toCse(d, d.key(), d.aeId())) {
            assertThat(c.retrieve("cse-in/dev1").rsc()).isEqualTo(ResponseStatusCode.OK);
        }
        byte[] wrong = d.key().key();
        wrong[0] ^= 1;
        assertHandshakeFails(d, new MafKey(d.key().relativeKeyId(), d.key().pskIdentity(), wrong, d.key().expires(),
                d.key().sourceId(), d.key().adminFqdn(), d.key().suid(), d.key().targetIds()));
        assertThat(Files.readString(cseDir.resolve("audit.log"))).doesNotContain(HexFormat.of().formatHex(
                d.key().key()));
    }

    @Test
    void aKeyTheDeviceDeregistersEndsItsOpenAssociationAndItsNewHandshakes() throws Exception {
        Device d = enrol("dev2");
        try (CseClient c = toCse(d, d.key(), d.aeId())) {
            assertThat(c.registerAe("dev2", "Nbastion.dev2").rsc()).isEqualTo(ResponseStatusCode.CREATED);
            d.client().deregisterKey(d.key().relativeKeyId());
            Thread.sleep(1_500); // the CSE retrieves its MEF keys again every 0.4 s
            assertThatThrownBy(() -> c.retrieve("cse-in/dev2")).isInstanceOf(CseException.class)
                    .satisfies(x -> assertThat(((CseException) x).code()).isEqualTo(4107));
        }
        assertHandshakeFails(d, d.key());
    }

    @Test
    void aDeviceRevokedAtTheMefLosesItsOpenAssociationAndItsNewHandshakes() throws Exception {
        Device d = enrol("dev3");
        try (CseClient c = toCse(d, d.key(), d.aeId())) {
            assertThat(c.registerAe("dev3", "Nbastion.dev3").rsc()).isEqualTo(ResponseStatusCode.CREATED);
            // what ./bastion mef enrolee revoke --kpm-id kpm-dev3 does: the Kpm, the registration, its keys go
            admin.revokeEnrolee("kpm-dev3");
            Thread.sleep(1_500);
            assertThatThrownBy(() -> c.retrieve("cse-in/dev3")).isInstanceOf(CseException.class)
                    .satisfies(x -> assertThat(((CseException) x).code()).isEqualTo(4107));
        }
        assertHandshakeFails(d, d.key());
    }

    @Test
    void theMefDownFailsAFreshIdentitysHandshakeWithAnAuditLine() throws Exception {
        Device d = enrol("dev4");
        // a second key, never seen by the CSE: its handshake needs the MEF
        MafKey fresh = d.client().registerKey(22, List.of("/id-in"), Instant.now().plus(Duration.ofHours(1)),
                List.of(), null);
        mef.close();
        try {
            assertHandshakeFails(d, fresh);
            String audit = awaitAudit(fresh.relativeKeyId());
            assertThat(audit).contains("MEF Key Retrieval for " + fresh.pskIdentity() + " failed");
            assertThat(audit).doesNotContain(HexFormat.of().formatHex(fresh.key()));
        } finally {
            mef = startMef();
        }
        Thread.sleep(600); // past the failure's memory (mef.recheck-ms)
        try (CseClient c = toCse(d, fresh, d.aeId())) {
            assertThat(c.registerAe("dev4", "Nbastion.dev4").rsc()).isEqualTo(ResponseStatusCode.CREATED);
        }
    }

    @Test
    void aSuid23KeyIsNotForSaefAndItsHandshakeIsRefusedAndAudited() throws Exception {
        Device d = enrol("dev5");
        // SUID 23: a MEF-established key for ESPrim (TS-0003 12.3.2), never a TLS-PSK key for the CSE
        MafKey esprim = d.client().registerKey(23, List.of("/id-in"), Instant.now().plus(Duration.ofHours(1)),
                List.of(), null);
        assertThat(esprim.suid()).isEqualTo(23);
        assertHandshakeFails(d, esprim);
        String audit = awaitAudit(esprim.relativeKeyId());
        assertThat(audit).contains("MEF Key Retrieval for " + esprim.pskIdentity() + " failed")
                .contains("SUID 23");
    }
}
