package io.bastion.trust.maf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.mef.MefAdmin;
import io.bastion.trust.mef.MefServer;
import io.bastion.trust.mef.MefSettings;
import io.bastion.trust.mef.TestDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MAF as a Target MEF Client (TS-0003 8.3.9.9.5, 8.3.5.2.8, 8.8.2.2) over real TLS-PSK sessions: a device enrolled
 * with the MEF registers there a key of SUID 21 naming the MAF's FQDN, and presents its KmID
 * {@code RelativeKeyID@MEF-FQDN} at the MAF Handshake; the MAF retrieves the Km from the MEF under its own KpmID and
 * takes the device as the key's source. Refused: an unknown KmID, a key of another SUID, the MAF's own KpmID, any
 * KmID while the MEF is down (each an audit line "handshake" with the reason); a key de-registered at the MEF ends the
 * open session at its next request and refuses the next handshake.
 */
class MafMefKmIT {
    static final String MEF_FQDN = "mef.bastion.example";
    static final String MAF_FQDN = "maf.example";
    static final String ADFQ = "sp.bastion.example";
    static final String ET = "20991231T000000";
    static final byte[] KPM_DEV = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final String KPM_MAF = "kpm-maf@mef.example";
    static final byte[] KPM_MAF_KEY = HexFormat.of().parseHex("abababababababababababababababab");
    static final String KM_CSE = "km-cse@maf.example";
    static final byte[] K_CSE = HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");
    static final byte[] KM = HexFormat.of().parseHex(
            "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");

    @TempDir
    Path dir;
    Pkcs12Environment env;
    MefServer mef;
    MafServer maf;
    boolean mefStopped;

    @BeforeEach
    void start() throws Exception {
        env = Pkcs12Environment.openOrCreate(dir.resolve("mef.p12"), "PW", Map.of("PW", "mef-test-pw")::get);
        MefAdmin admin = MefAdmin.open(dir.resolve("mef-data"), env, Clock.systemUTC());
        admin.addEnrolee("kpm-dev", PreSharedKey.of(KPM_DEV.clone()), "/id-in/Cdev1");
        admin.addEnrolee(KPM_MAF, PreSharedKey.of(KPM_MAF_KEY.clone()), MAF_FQDN);
        mef = MefServer.start(MefSettings.defaults(dir.resolve("mef-data")).withPort(0).withFqdn(MEF_FQDN)
                .withKeystore(dir.resolve("mef.p12")), env, Clock.systemUTC());
        Path data = dir.resolve("maf-data");
        try (FilePskStore psk = FilePskStore.inDataDir(data)) {
            // the MAF's own KpmID, bound to its own ID; a provisioned client, the CSE
            psk.add(new PskCredential(KPM_MAF, PreSharedKey.of(KPM_MAF_KEY.clone()), Set.of("/" + MAF_FQDN)));
            psk.add(new PskCredential(KM_CSE, PreSharedKey.of(K_CSE.clone()), Set.of("/id-in")));
        }
        maf = MafServer.start(MafSettings.defaults().withFqdn(MAF_FQDN).withPort(0).withDataDir(data)
                .withAdminFqdns(Set.of(ADFQ)).withMef(new MafMefSettings("https://127.0.0.1:" + mef.port(), MEF_FQDN,
                        KPM_MAF, Duration.ofSeconds(5), Duration.ofMillis(300))),
                Map.of("BASTION_KEYSTORE_PASSWORD", "maf-test-secret")::get, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        maf.close();
        if (!mefStopped) {
            mef.close();
        }
    }

    /** The device registers at the MEF a key of {@code suid} for {@code target} with value {@link #KM}. */
    String registerAtMef(TestDevice d, int suid, String target) throws Exception {
        TestDevice.Answer a = d.send("POST", "/mef", 9003, "{\"sec:mkr\":{\"et\":\"" + ET + "\",\"adfq\":\"" + ADFQ
                + "\",\"suid\":" + suid + ",\"tgis\":[\"" + target + "\"],\"kv\":\""
                + Base64.getEncoder().encodeToString(KM) + "\"}}");
        assertThat(a.rsc()).as(a.dbg()).isEqualTo(2001);
        return a.content().get("sec:mkr").get("rn").asText();
    }

    TestDevice device() throws Exception {
        TestDevice d = TestDevice.connect(mef.port(), "kpm-dev", KPM_DEV);
        TestDevice.Answer a = d.send("POST", "/mef", 9005, "{\"sec:mecr\":{\"et\":\"" + ET + "\",\"adfq\":\"" + ADFQ
                + "\"}}");
        assertThat(a.rsc()).as(a.dbg()).isEqualTo(2001);
        return d;
    }

    String audit() throws IOException {
        return Files.readString(dir.resolve("maf-data/maf/audit.jsonl"));
    }

    @Test
    void aMefProvisionedKmIdIsResolvedAtTheMafHandshakeAndBoundToTheKeysSource() throws Exception {
        String km;
        try (TestDevice d = device()) {
            km = registerAtMef(d, 21, MAF_FQDN);
        }
        String kmId = km + "@" + MEF_FQDN;
        String relativeKeyId;
        try (MafTlsClient c = MafTlsClient.psk(maf.port(), kmId, KM)) {
            MafTlsClient.Answer reg = c.send("POST", "/maf", "/id-in/Cdev1", 9002, "{\"sec:macr\":{\"et\":\"" + ET
                    + "\",\"adfq\":\"" + ADFQ + "\",\"lbl\":[\"gw\"]}}");
            assertThat(reg.rsc()).as(reg.text()).isEqualTo(2001);
            assertThat(reg.content().get("sec:macr").get("cr").asText()).isEqualTo("/id-in/Cdev1");
            // the key's source is the client's one ID
            assertThat(c.send("POST", "/maf", "Cdev1", 9002, "{\"sec:macr\":{\"et\":\"" + ET + "\",\"adfq\":\""
                    + ADFQ + "\"}}").rsc()).isEqualTo(4106);
            MafTlsClient.Answer key = c.send("POST", "/maf", "/id-in/Cdev1", 9003, "{\"sec:mkr\":{\"et\":\"" + ET
                    + "\",\"adfq\":\"" + ADFQ + "\",\"suid\":32,\"tgis\":[\"/id-in\"]}}");
            assertThat(key.rsc()).as(key.text()).isEqualTo(2001);
            relativeKeyId = key.content().get("sec:mkr").get("rn").asText();
        }
        // a key registered over a MEF-provisioned KmID is served: it is tied to no binding of the MAF's PSK store
        try (MafTlsClient cse = MafTlsClient.psk(maf.port(), KM_CSE, K_CSE)) {
            MafTlsClient.Answer got = cse.send("GET", "/maf/" + relativeKeyId, "/id-in", null, null);
            assertThat(got.rsc()).as(got.text()).isEqualTo(2000);
            assertThat(got.content().get("sec:mkr").get("cr").asText()).isEqualTo("/id-in/Cdev1");
        }
        // a wrong key for the KmID fails the handshake
        assertThatThrownBy(() -> MafTlsClient.psk(maf.port(), kmId, K_CSE)).isInstanceOf(IOException.class);
    }

    @Test
    void unknownKmIdsKeysOfAnotherSuidAndTheMafsOwnKpmIdAreRefusedAndAudited() throws Exception {
        String saef;
        try (TestDevice d = device()) {
            saef = registerAtMef(d, 22, "/id-in");
        }
        assertThatThrownBy(() -> MafTlsClient.psk(maf.port(), "0".repeat(32) + "@" + MEF_FQDN, KM))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> MafTlsClient.psk(maf.port(), saef + "@" + MEF_FQDN, KM))
                .isInstanceOf(IOException.class);
        // the MEF shares the MAF's Kpm: presented at the MAF it would name the MAF itself
        assertThatThrownBy(() -> MafTlsClient.psk(maf.port(), KPM_MAF, KPM_MAF_KEY)).isInstanceOf(IOException.class);
        assertThat(audit()).contains("\"handshake\"", "\"rsc\":4106", "0".repeat(32) + "@" + MEF_FQDN,
                "the MEF answered 4004", saef + "@" + MEF_FQDN,
                "the MEF answered 4103 (maf.example is a trust-enabling function");
    }

    @Test
    void aKeyDeregisteredAtTheMefEndsTheSessionAndRefusesTheNextHandshake() throws Exception {
        try (TestDevice d = device()) {
            String km = registerAtMef(d, 21, MAF_FQDN);
            String kmId = km + "@" + MEF_FQDN;
            try (MafTlsClient c = MafTlsClient.psk(maf.port(), kmId, KM)) {
                assertThat(c.send("POST", "/maf", "/id-in/Cdev1", 9002, "{\"sec:macr\":{\"et\":\"" + ET
                        + "\",\"adfq\":\"" + ADFQ + "\"}}").rsc()).isEqualTo(2001);
                assertThat(d.send("DELETE", "/mef/" + km, null, null).rsc()).isEqualTo(2002);
                Thread.sleep(1_200); // the MAF's recheck (300 ms) finds the key gone
                MafTlsClient.Answer after = null;
                try {
                    after = c.send("GET", "/maf/" + "0".repeat(32), "/id-in/Cdev1", null, null);
                } catch (IOException closed) {
                    // the revoked association may be closed rather than answered
                }
                if (after != null) {
                    assertThat(after.rsc()).as(after.text()).isIn(4106, 4107);
                }
            }
            assertThatThrownBy(() -> MafTlsClient.psk(maf.port(), kmId, KM)).isInstanceOf(IOException.class);
        }
    }

    /** The MAF's KpmID must be provisioned, and bound to the MAF's own ID only: else the MAF does not start. */
    @Test
    void aKpmIdMissingOrBoundToAClientIdIsRefusedAtStart() {
        for (String binding : new String[] {null, "Cdev1"}) {
            Path data = dir.resolve("maf-" + binding);
            if (binding != null) {
                try (FilePskStore psk = FilePskStore.inDataDir(data)) {
                    psk.add(new PskCredential(KPM_MAF, PreSharedKey.of(KPM_MAF_KEY.clone()), Set.of(binding)));
                }
            }
            assertThatThrownBy(() -> MafServer.start(MafSettings.defaults().withFqdn(MAF_FQDN).withPort(0)
                    .withDataDir(data).withAdminFqdns(Set.of(ADFQ)).withMef(new MafMefSettings("https://127.0.0.1:"
                            + mef.port(), MEF_FQDN, KPM_MAF)), Map.of("BASTION_KEYSTORE_PASSWORD", "x")::get,
                    Clock.systemUTC())).as(String.valueOf(binding)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bound to /" + MAF_FQDN + " only");
        }
    }

    @Test
    void noKmIdIsResolvedWhileTheMefIsDown() throws Exception {
        String km;
        try (TestDevice d = device()) {
            km = registerAtMef(d, 21, MAF_FQDN);
        }
        mef.close();
        mefStopped = true;
        assertThatThrownBy(() -> MafTlsClient.psk(maf.port(), km + "@" + MEF_FQDN, KM)).isInstanceOf(IOException.class);
        assertThat(audit()).contains("\"handshake\"", km + "@" + MEF_FQDN, "unreachable");
    }
}
