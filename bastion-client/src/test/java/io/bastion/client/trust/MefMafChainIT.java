package io.bastion.client.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.maf.MafMefSettings;
import io.bastion.trust.maf.MafServer;
import io.bastion.trust.maf.MafSettings;
import io.bastion.trust.mef.MefAdmin;
import io.bastion.trust.mef.MefServer;
import io.bastion.trust.mef.MefSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain of TS-0003 table 8.3.5.1-1 with a real MEF and a real MAF (bastion-trust, in process), the MAF a Target
 * MEF Client named by its FQDN: MO_NODE on an authenticationProfile of SUID 21 under a MAFClientRegCfg registers at the
 * MEF a Km for the MAF (8.3.9.9.4); MO_NODE on the MAFClientRegCfg is a MAF Client Registration with that KmID
 * (8.3.9.9.8; the MAF retrieves the Km from the MEF); MO_NODE on the authenticationProfile of SUID 32 above it is a MAF
 * Key Registration for the Registrar CSE (8.3.9.9.5), whose key the CSE retrieves from the MAF. Out of order, each step
 * is PROCESSING_FAILED (305) and yields nothing; no key reaches configuration.json.
 */
class MefMafChainIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MEF_FQDN = "mef.bastion.example";
    static final String MAF_FQDN = "maf.example";
    static final String ADFQ = "sp.bastion.example";
    static final byte[] KPM = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final String KPM_MAF = "kpm-maf@mef.example";
    static final byte[] KPM_MAF_KEY = HexFormat.of().parseHex("abababababababababababababababab");
    static final String KM_CSE = "km-cse@maf.example";
    static final byte[] K_CSE = HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");

    @TempDir
    Path dir;
    MefAdmin admin;
    MefServer mef;
    MafServer maf;

    @BeforeEach
    void start() {
        Pkcs12Environment env = Pkcs12Environment.openOrCreate(dir.resolve("mef.p12"), "PW",
                Map.of("PW", "mef-test-pw")::get);
        admin = MefAdmin.open(dir.resolve("mef-data"), env, Clock.systemUTC());
        admin.addEnrolee("kpm-dev1", PreSharedKey.of(KPM.clone()), "/id-in/Cdev1");
        admin.addEnrolee(KPM_MAF, PreSharedKey.of(KPM_MAF_KEY.clone()), MAF_FQDN);
        mef = MefServer.start(MefSettings.defaults(dir.resolve("mef-data")).withPort(0).withFqdn(MEF_FQDN)
                .withKeystore(dir.resolve("mef.p12")), env, Clock.systemUTC());
        Path data = dir.resolve("maf-data");
        try (FilePskStore psk = FilePskStore.inDataDir(data)) {
            psk.add(new PskCredential(KPM_MAF, PreSharedKey.of(KPM_MAF_KEY.clone()), Set.of("/" + MAF_FQDN)));
            psk.add(new PskCredential(KM_CSE, PreSharedKey.of(K_CSE.clone()), Set.of("/id-in")));
        }
        maf = MafServer.start(MafSettings.defaults().withFqdn(MAF_FQDN).withPort(0).withDataDir(data)
                        .withAdminFqdns(Set.of(ADFQ)).withMef(new MafMefSettings("https://127.0.0.1:" + mef.port(),
                                MEF_FQDN, KPM_MAF)),
                Map.of("BASTION_KEYSTORE_PASSWORD", "maf-test-secret")::get, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        maf.close();
        mef.close();
    }

    void tree() throws Exception {
        admin.putMoNode("kpm-dev1", "reg1", JSON.readTree("{\"dcfg:reg\":{\"poa\":[\"https://127.0.0.1:8443\"],"
                + "\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"));
        admin.putMoNode("kpm-dev1", "reg1/saef", JSON.readTree("{\"dcfg:autp\":{\"suid\":32,\"tlcs\":[174],"
                + "\"mkrd\":\"PT1H\",\"mkrl\":[\"saef\"]}}"));
        admin.putMoNode("kpm-dev1", "reg1/saef/maf", JSON.readTree("{\"dcfg:macrc\":{\"fq\":\"" + MAF_FQDN
                + "\",\"adfq\":\"" + ADFQ + "\",\"hpt\":" + maf.port() + ",\"et\":\"20991231T000000\","
                + "\"lbl\":[\"gw\"]}}"));
        admin.putMoNode("kpm-dev1", "reg1/saef/maf/km", JSON.readTree("{\"dcfg:autp\":{\"suid\":21,\"tlcs\":[174],"
                + "\"mkrd\":\"PT2H\"}}"));
        admin.putMoNode("kpm-dev1", "reg1/saef/maf/km/mef", JSON.readTree("{\"dcfg:mecrc\":{\"fq\":\"" + MEF_FQDN
                + "\",\"adfq\":\"" + ADFQ + "\"}}"));
    }

    MefClient device() {
        return MefClient.to("127.0.0.1", mef.port(), "kpm-dev1", KPM).adminFqdn(ADFQ).timeout(Duration.ofSeconds(20))
                .hostResolver(fqdn -> fqdn.equals(MAF_FQDN) ? "127.0.0.1" : fqdn);
    }

    @Test
    void theKmFromTheMefRegistersTheDeviceAtTheMafAndAMafKeyForTheRegistrarCse() throws Exception {
        tree();
        // out of order first: no registration at the MAF yet, no Km yet
        String early32 = admin.queueMoNode("kpm-dev1", "reg1/saef", 1, 32);
        String earlyMacrc = admin.queueMoNode("kpm-dev1", "reg1/saef/maf", 3, null);
        String km = admin.queueMoNode("kpm-dev1", "reg1/saef/maf/km", 1, 21);
        String macrc = admin.queueMoNode("kpm-dev1", "reg1/saef/maf", 3, null);
        String saef = admin.queueMoNode("kpm-dev1", "reg1/saef", 1, 32);

        Enrolment e = device().enrol();

        assertThat(e.reports()).containsExactly(new CommandReport(early32, 3, 305),
                new CommandReport(earlyMacrc, 3, 305), new CommandReport(km, 3, 20), new CommandReport(macrc, 3, 20),
                new CommandReport(saef, 3, 20));
        DeviceConfiguration cfg = e.configuration();
        MafKey kmKey = cfg.symmetricKey("reg1/saef/maf/km").orElseThrow();
        assertThat(kmKey.suid()).isEqualTo(21);
        assertThat(kmKey.targetIds()).containsExactly(MAF_FQDN);
        assertThat(kmKey.pskIdentity()).endsWith("@" + MEF_FQDN);

        MafRegistration reg = cfg.mafRegistration("/reg1/saef/maf/").orElseThrow();
        assertThat(reg.mafFqdn()).isEqualTo(MAF_FQDN);
        assertThat(reg.host()).isEqualTo("127.0.0.1");
        assertThat(reg.port()).isEqualTo(maf.port());
        assertThat(reg.kmId()).isEqualTo(kmKey.pskIdentity());
        assertThat(reg.clientId()).isEqualTo("/id-in/Cdev1");
        assertThat(reg.registration().clientId()).isEqualTo("/id-in/Cdev1");
        assertThat(reg.registration().adminFqdn()).isEqualTo(ADFQ);
        assertThat(reg.registration().labels()).containsExactly("gw");
        assertThat(reg.registration().expires()).isAfter(Instant.now());
        assertThat(reg.toString()).doesNotContain(HexFormat.of().formatHex(kmKey.key()));

        MafKey k = cfg.symmetricKey("reg1/saef").orElseThrow();
        assertThat(k.suid()).isEqualTo(32);
        assertThat(k.pskIdentity()).isEqualTo(k.relativeKeyId() + "@" + MAF_FQDN);
        assertThat(k.sourceId()).isEqualTo("/id-in/Cdev1");
        assertThat(k.adminFqdn()).isEqualTo(ADFQ);
        assertThat(k.targetIds()).containsExactly("/id-in");
        assertThat(k.expires()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));

        // the registration kept with the node opens the MAF again; the Registrar CSE retrieves the MAF key
        try (MafClient again = reg.open(Duration.ofSeconds(20))) {
            assertThat(again.configuration(reg.registration().id()).path("fq").asText()).isEqualTo(MAF_FQDN);
        }
        try (MafClient cse = MafClient.connect("127.0.0.1", maf.port(), KM_CSE, K_CSE, "/id-in",
                Duration.ofSeconds(20))) {
            MafKey got = cse.retrieveKey(k.relativeKeyId());
            assertThat(got.key()).isEqualTo(k.key());
            assertThat(got.sourceId()).isEqualTo("/id-in/Cdev1");
        }
        Path written = dir.resolve("configuration.json");
        cfg.write(written);
        String json = Files.readString(written);
        for (byte[] secret : List.of(k.key(), kmKey.key())) {
            assertThat(json).doesNotContain(HexFormat.of().formatHex(secret))
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString(secret));
        }
    }

    @Test
    void aMafThatDoesNotKnowTheMefRefusesTheHandshakeAndTheNodeFails() throws Exception {
        maf.close();
        maf = MafServer.start(MafSettings.defaults().withFqdn(MAF_FQDN).withPort(0).withDataDir(dir.resolve("maf2"))
                .withAdminFqdns(Set.of(ADFQ)), Map.of("BASTION_KEYSTORE_PASSWORD", "maf-test-secret")::get,
                Clock.systemUTC());
        tree();
        String km = admin.queueMoNode("kpm-dev1", "reg1/saef/maf/km", 1, 21);
        String macrc = admin.queueMoNode("kpm-dev1", "reg1/saef/maf", 3, null);
        String saef = admin.queueMoNode("kpm-dev1", "reg1/saef", 1, 32);
        Enrolment e = device().enrol();
        assertThat(e.reports()).containsExactly(new CommandReport(km, 3, 20), new CommandReport(macrc, 3, 305),
                new CommandReport(saef, 3, 305));
        assertThat(e.configuration().mafRegistration("reg1/saef/maf")).isEmpty();
        assertThat(e.configuration().symmetricKey("reg1/saef")).isEmpty();
    }
}
