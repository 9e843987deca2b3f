package io.bastion.trust.mef;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MEF's key procedures (TS-0003 8.3.5.2.7–.10) and its Client Configuration Retrieval (8.3.5.2.4) over real
 * TLS-PSK sessions: a Source MEF Client (a device) registers an exporter-derived key (checked against its own export
 * of {@code EXPORTER-oneM2M-Connection}) and a key it gives, a Target MEF Client (a CSE, an enrolee without a MEF
 * Client Registration) retrieves them; non-targets and non-sources are 4103 (audited), a second exporter-derived key on
 * one session 4105, malformed contents 4000 naming the element, unknown or de-registered keys 4004; a restart (a new
 * process over the same state and keystore) serves the keys; de-registration and revocation of the source end them;
 * no key in the audit log or the state file.
 */
class MefKeysIT {
    static final String PASSWORD = "mef-test-pw";
    static final String FQDN = "mef.bastion.example";
    static final byte[] KPM_DEV = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final byte[] KPM_CSE = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
    static final byte[] KPM_GW = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");
    static final String ET = "20991231T000000";
    static final String ADFQ = "sp.bastion.example";

    @TempDir
    Path dir;
    Pkcs12Environment env;
    MefServer mef;
    MefAdmin admin;

    @BeforeEach
    void start() throws Exception {
        env = openEnvironment();
        admin = MefAdmin.open(dir.resolve("data"), env, Clock.systemUTC());
        admin.addEnrolee("kpm-dev", PreSharedKey.of(KPM_DEV.clone()), "/id-in/Cdev1");
        admin.addEnrolee("kpm-cse", PreSharedKey.of(KPM_CSE.clone()), "/id-in");
        admin.addEnrolee("kpm-gw", PreSharedKey.of(KPM_GW.clone()), "/id-mn");
        mef = MefServer.start(settings(), env, Clock.systemUTC());
    }

    Pkcs12Environment openEnvironment() {
        return Pkcs12Environment.openOrCreate(dir.resolve("mef.p12"), "PW", Map.of("PW", PASSWORD)::get);
    }

    MefSettings settings() {
        return MefSettings.defaults(dir.resolve("data")).withPort(0).withFqdn(FQDN).withKeystore(dir.resolve("mef.p12"));
    }

    @AfterEach
    void stop() {
        mef.close();
    }

    static String key(int suid, String targets, String kv) {
        return "{\"sec:mkr\":{\"et\":\"" + ET + "\",\"adfq\":\"" + ADFQ + "\",\"suid\":" + suid
                + (targets == null ? "" : ",\"tgis\":" + targets) + ",\"lbl\":[\"saef\"]"
                + (kv == null ? "" : ",\"kv\":\"" + kv + "\"") + "}}";
    }

    /** A MEF Client Registration of the session's enrolee for {@link #ADFQ}. */
    static String register(TestDevice d) throws Exception {
        TestDevice.Answer a = d.send("POST", "/mef", 9005, "{\"sec:mecr\":{\"et\":\"" + ET + "\",\"adfq\":\"" + ADFQ
                + "\",\"lbl\":[\"plant:7\"]}}");
        assertThat(a.rsc()).as(a.dbg()).isEqualTo(2001);
        return a.content().get("sec:mecr").get("ri").asText();
    }

    TestDevice connect(String kpmId, byte[] kpm) throws Exception {
        return TestDevice.connect(mef.port(), kpmId, kpm);
    }

    @Test
    void anExporterDerivedKeyIsRegisteredOncePerSessionAndRetrievedByItsTargetOnly() throws Exception {
        String rn;
        byte[] mine;
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            String ri = register(d);
            // 8.3.5.2.4: the configuration of the registration, as the MAF answers its own
            JsonNode cfg = d.send("GET", "/mef/" + ri, null, null).content().get("sec:clientRegCfg");
            assertThat(cfg.get("fq").asText()).isEqualTo(FQDN);
            assertThat(cfg.get("adfq").asText()).isEqualTo(ADFQ);
            assertThat(cfg.get("lbl").get(0).asText()).isEqualTo("plant:7");

            TestDevice.Answer a = d.send("POST", "/mef", 9003, key(22, "[\"//bastion.example/id-in\"]", null));
            assertThat(a.rsc()).as(a.dbg()).isEqualTo(2001);
            assertThat(a.httpStatus()).isEqualTo(201);
            JsonNode r = a.content().get("sec:mkr");
            byte[] x = d.connectionExported();
            // RelativeKeyID: the 16 most significant bytes of EXPORTER-oneM2M-Connection; the key the 32 others
            rn = HexFormat.of().formatHex(x, 0, 16);
            mine = Arrays.copyOfRange(x, 16, 48);
            assertThat(r.get("rn").asText()).isEqualTo(rn);
            assertThat(d.lastLocation()).isEqualTo("/mef/" + rn);
            assertThat(r.get("cr").asText()).isEqualTo("/id-in/Cdev1");
            assertThat(r.get("adfq").asText()).isEqualTo(ADFQ);
            assertThat(r.get("suid").asInt()).isEqualTo(22);
            assertThat(r.get("tgis")).hasSize(1);
            assertThat(r.get("tgis").get(0).asText()).isEqualTo("//bastion.example/id-in");
            assertThat(r.get("lbl").get(0).asText()).isEqualTo("saef");
            assertThat(r.get("et").asText()).startsWith(String.valueOf(java.time.Year.now().getValue() + 1));
            assertThat(r.has("kv")).isFalse();
            // not the session's Ke (EXPORTER-oneM2M-Bootstrap): another label
            assertThat(mine).isNotEqualTo(Arrays.copyOfRange(d.exported(), 16, 48));

            TestDevice.Answer again = d.send("POST", "/mef", 9003, key(22, "[\"/id-in\"]", null));
            assertThat(again.rsc()).as(again.dbg()).isEqualTo(4105);
            assertThat(again.dbg()).contains("registered already");
            // the source is no target: 4103
            assertThat(d.send("GET", "/mef/" + rn, null, null).rsc()).isEqualTo(4103);
        }
        try (TestDevice cse = connect("kpm-cse", KPM_CSE)) {
            // the Target MEF Client needs no MEF Client Registration (8.3.5.2.8); SP-relative /id-in matches
            TestDevice.Answer got = cse.send("GET", "/mef/" + rn, null, null);
            assertThat(got.rsc()).as(got.dbg()).isEqualTo(2000);
            JsonNode k = got.content().get("sec:mkr");
            assertThat(Base64.getDecoder().decode(k.get("kv").asText())).isEqualTo(mine);
            assertThat(k.get("cr").asText()).isEqualTo("/id-in/Cdev1");
            assertThat(k.get("suid").asInt()).isEqualTo(22);
            assertThat(k.get("adfq").asText()).isEqualTo(ADFQ);
            assertThat(k.get("lbl").get(0).asText()).isEqualTo("saef");
            assertThat(k.has("tgis")).isFalse();
            assertThat(cse.send("GET", "/mef/" + "0".repeat(32), null, null).rsc()).isEqualTo(4004);
            // only the source updates or de-registers
            assertThat(cse.send("PUT", "/mef/" + rn, null, "{\"sec:mkr\":{\"tgis\":[\"/id-mn\"]}}").rsc())
                    .isEqualTo(4103);
            assertThat(cse.send("DELETE", "/mef/" + rn, null, null).rsc()).isEqualTo(4103);
        }
        try (TestDevice gw = connect("kpm-gw", KPM_GW)) {
            TestDevice.Answer no = gw.send("GET", "/mef/" + rn, null, null);
            assertThat(no.rsc()).isEqualTo(4103);
            assertThat(no.dbg()).contains("/id-mn is not a Target MEF Client");
        }
        String audit = Files.readString(dir.resolve("data/mef/audit.jsonl"));
        assertThat(audit).contains("\"key-registered\"", "\"key-retrieved\"", "\"value\":\"exported\"");
        assertThat(audit.lines().filter(l -> l.contains("\"refused\"") && l.contains("\"rsc\":4103")
                && l.contains("kpm-gw") && l.contains(rn))).hasSize(1);
        noKeyIn(mine);
    }

    @Test
    void aGivenKeyForESDataIsRetrievedUpdatedAndDeRegistered() throws Exception {
        byte[] kv = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7");
        // within the MEF's longest lifetime (a year), so granted as proposed
        String soon = io.bastion.core.time.Timestamps.format(java.time.Instant.now().plus(java.time.Duration.ofDays(30))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String rn;
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            register(d);
            TestDevice.Answer a = d.send("POST", "/mef", 9003, key(24, "[\"/id-in\",\"/id-mn\"]",
                    Base64.getEncoder().encodeToString(kv)));
            assertThat(a.rsc()).as(a.dbg()).isEqualTo(2001);
            rn = a.content().get("sec:mkr").get("rn").asText();
            assertThat(rn).matches("[0-9a-f]{32}").isNotEqualTo(HexFormat.of().formatHex(d.connectionExported(), 0,
                    16));
            assertThat(a.content().get("sec:mkr").get("tgis")).hasSize(2);
            // a given key leaves the session's export unused: an exporter-derived one is still possible
            assertThat(d.send("POST", "/mef", 9003, key(23, "[\"/id-in\"]", null)).rsc()).isEqualTo(2001);
        }
        try (TestDevice gw = connect("kpm-gw", KPM_GW)) {
            JsonNode k = gw.send("GET", "/mef/" + rn, null, null).content().get("sec:mkr");
            assertThat(Base64.getDecoder().decode(k.get("kv").asText())).isEqualTo(kv);
        }
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            TestDevice.Answer u = d.send("PUT", "/mef/" + rn, null, "{\"sec:mkr\":{\"tgis\":[\"/id-mn\"]}}");
            assertThat(u.rsc()).as(u.dbg()).isEqualTo(2004);
            // 8.3.5.2.9: only what was given
            assertThat(u.content().get("sec:mkr").properties()).extracting(Map.Entry::getKey)
                    .containsExactly("tgis");
            TestDevice.Answer u2 = d.send("PUT", "/mef/" + rn, null, "{\"sec:mkr\":{\"et\":\"" + soon + "\","
                    + "\"lbl\":[\"b\"]}}");
            assertThat(u2.rsc()).isEqualTo(2004);
            assertThat(u2.content().get("sec:mkr").get("et").asText()).isEqualTo(soon);
            assertThat(u2.content().get("sec:mkr").has("tgis")).isFalse();
            assertThat(d.send("PUT", "/mef/" + rn, null, "{\"sec:mkr\":{}}").dbg()).contains("give et, lbl or tgis");
        }
        try (TestDevice cse = connect("kpm-cse", KPM_CSE)) {
            assertThat(cse.send("GET", "/mef/" + rn, null, null).rsc()).isEqualTo(4103); // no longer a target
        }
        try (TestDevice gw = connect("kpm-gw", KPM_GW)) {
            JsonNode k = gw.send("GET", "/mef/" + rn, null, null).content().get("sec:mkr");
            assertThat(k.get("et").asText()).isEqualTo(soon);
            assertThat(k.get("lbl").get(0).asText()).isEqualTo("b");
        }
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            assertThat(d.send("DELETE", "/mef/" + rn, null, null).rsc()).isEqualTo(2002);
            assertThat(d.send("DELETE", "/mef/" + rn, null, null).rsc()).isEqualTo(4004);
        }
        try (TestDevice gw = connect("kpm-gw", KPM_GW)) {
            assertThat(gw.send("GET", "/mef/" + rn, null, null).rsc()).isEqualTo(4004);
        }
        assertThat(MefKeys.key(env, rn)).isEmpty();
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("\"key-updated\"",
                "\"key-deregistered\"", "\"value\":\"given\"");
        noKeyIn(kv);
    }

    @Test
    void malformedKeyRegistrationsAre4000NamingTheElementAndAClientWithoutRegistrationIs4103() throws Exception {
        String[][] cases = {
            {"{\"sec:mkr\":{\"adfq\":\"" + ADFQ + "\",\"suid\":22,\"tgis\":[\"/id-in\"]}}", "sec:mkr.et: missing"},
            {"{\"sec:mkr\":{\"et\":\"20000101T000000\",\"adfq\":\"" + ADFQ + "\",\"suid\":22}}",
                "sec:mkr.et: 20000101T000000 is not in the future"},
            {"{\"sec:mkr\":{\"et\":\"" + ET + "\",\"suid\":22}}", "sec:mkr.adfq: missing"},
            {"{\"sec:mkr\":{\"et\":\"" + ET + "\",\"adfq\":\"no fqdn\",\"suid\":22}}", "sec:mkr.adfq: not an FQDN"},
            {"{\"sec:mkr\":{\"et\":\"" + ET + "\",\"adfq\":\"" + ADFQ + "\"}}", "sec:mkr.suid: a MEF-established"},
            {key(32, "[\"/id-in\"]", null), "sec:mkr.suid: a MEF-established"},
            {key(12, "[\"/id-in\"]", null), "sec:mkr.suid"},
            {key(22, "[\"/id-in\",\"/id-mn\"]", null), "sec:mkr.tgis: a key for SAEF or ESPrim names exactly one"},
            {key(21, "[\"maf.example\",\"/id-mn\"]", null), "sec:mkr.tgis: a key for a MAF names exactly one"},
            {key(24, "[]", null), "sec:mkr.tgis: a list of 1..64"},
            {key(24, "\"/id-in\"", null), "sec:mkr.tgis: a list of 1..64"},
            {key(24, "[\"not an id\"]", null), "sec:mkr.tgis: \"not an id\" is no AE-ID or CSE-ID"},
            {key(22, "[\"maf.example\"]", null), "is no AE-ID or CSE-ID"},
            {key(22, "[\"/id-in\"]", "AAEC"), "sec:mkr.kv: base64 of 16..64 bytes"},
            {key(22, "[\"/id-in\"]", "!!"), "sec:mkr.kv: base64 of 16..64 bytes"},
            {"{\"sec:mkr\":{\"et\":\"" + ET + "\",\"adfq\":\"" + ADFQ + "\",\"suid\":22,\"cr\":\"/x\"}}",
                "sec:mkr.cr: not an attribute"},
            {"{\"m2m:mkr\":{}}", "one object sec:mkr"},
        };
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            register(d);
            for (String[] c : cases) {
                TestDevice.Answer a = d.send("POST", "/mef", 9003, c[0]);
                assertThat(a.rsc()).as(c[0] + " " + a.dbg()).isEqualTo(4000);
                assertThat(a.dbg()).as(c[0]).contains(c[1]);
            }
            // a key for a MAF (21) names the MAF's FQDN (8.3.9.9.5)
            assertThat(d.send("POST", "/mef", 9003, key(21, "[\"maf.example\"]", null)).rsc()).isEqualTo(2001);
            // another administrating stakeholder than the registration's: 4103
            TestDevice.Answer other = d.send("POST", "/mef", 9003, key(22, "[\"/id-in\"]", "AAECAwQFBgcICQoLDA0ODw==")
                    .replace(ADFQ, "other.example"));
            assertThat(other.rsc()).isEqualTo(4103);
            assertThat(other.dbg()).contains("no live MEF Client Registration for other.example");
        }
        try (TestDevice cse = connect("kpm-cse", KPM_CSE)) {
            TestDevice.Answer a = cse.send("POST", "/mef", 9003, key(22, "[\"/id-in/Cdev1\"]", null));
            assertThat(a.rsc()).isEqualTo(4103);
            // the export was not spent on the refusal: after registering, this session registers its key
            register(cse);
            assertThat(cse.send("POST", "/mef", 9003, key(22, "[\"/id-in/Cdev1\"]", null)).rsc()).isEqualTo(2001);
        }
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("no live MEF Client Registration");
    }

    @Test
    void keysSurviveARestartAndEndWithTheirSourcesRegistrationOrRevocation() throws Exception {
        String exported;
        String given;
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            register(d);
            exported = d.send("POST", "/mef", 9003, key(22, "[\"/id-in\"]", null)).content().get("sec:mkr")
                    .get("rn").asText();
        }
        try (TestDevice gw = connect("kpm-gw", KPM_GW)) {
            register(gw);
            given = gw.send("POST", "/mef", 9003, key(23, "[\"/id-in\"]", "AAECAwQFBgcICQoLDA0ODw==")).content()
                    .get("sec:mkr").get("rn").asText();
        }
        // a new MEF over the same state file and keystore, as after kill -9: what was acknowledged is there
        mef.close();
        env = openEnvironment();
        mef = MefServer.start(settings(), env, Clock.systemUTC());
        try (TestDevice cse = connect("kpm-cse", KPM_CSE)) {
            assertThat(cse.send("GET", "/mef/" + exported, null, null).rsc()).isEqualTo(2000);
            assertThat(cse.send("GET", "/mef/" + given, null, null).rsc()).isEqualTo(2000);
        }
        assertThat(admin.list()).anySatisfy(l -> assertThat(l).contains("key " + exported, "source=/id-in/Cdev1",
                "suid=22", "exported"));
        // the source's MEF Client De-Registration ends its keys
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            String ri = admin.list().stream().filter(l -> l.startsWith("kpm-dev ")).findFirst().orElseThrow()
                    .replaceAll(".*registration=(\\S+).*", "$1");
            assertThat(d.send("DELETE", "/mef/" + ri, null, null).rsc()).isEqualTo(2002);
        }
        // the operator's revocation of a source ends its keys
        admin.revokeEnrolee("kpm-gw");
        try (TestDevice cse = connect("kpm-cse", KPM_CSE)) {
            assertThat(cse.send("GET", "/mef/" + exported, null, null).rsc()).isEqualTo(4004);
            assertThat(cse.send("GET", "/mef/" + given, null, null).rsc()).isEqualTo(4004);
        }
        assertThat(MefKeys.key(env, exported)).isEmpty();
        assertThat(MefKeys.key(env, given)).isEmpty();
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("\"keysDeregistered\":[\""
                + exported + "\"]", "\"keysDeregistered\":[\"" + given + "\"]");
    }

    @Test
    void aRetrievalRewritesNoStateAndAnExpiredKeyIsRemovedWhenRetrieved() throws Exception {
        String rn;
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            register(d);
            rn = d.send("POST", "/mef", 9003, key(22, "[\"/id-in\"]", "AAECAwQFBgcICQoLDA0ODw==")).content()
                    .get("sec:mkr").get("rn").asText();
        }
        Path file = dir.resolve("data/mef/state.json");
        Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        byte[] bytes = Files.readAllBytes(file);
        try (TestDevice cse = connect("kpm-cse", KPM_CSE)) {
            assertThat(cse.send("GET", "/mef/" + rn, null, null).rsc()).isEqualTo(2000);
        }
        // a durable write renames a new file over the state: the same file, same bytes, means nothing was written
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isNotNull().isEqualTo(before);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);

        // two years on (et is at most a year ahead): the retrieval finds the key expired and removes it for good
        mef.close();
        env = openEnvironment();
        mef = MefServer.start(settings(), env, Clock.offset(Clock.systemUTC(), Duration.ofDays(730)));
        try (TestDevice cse = connect("kpm-cse", KPM_CSE)) {
            TestDevice.Answer gone = cse.send("GET", "/mef/" + rn, null, null);
            assertThat(gone.rsc()).isEqualTo(4004);
            assertThat(gone.dbg()).contains("has expired");
            assertThat(cse.send("GET", "/mef/" + rn, null, null).dbg()).contains("no MEF Key Registration");
        }
        assertThat(Files.readString(file)).doesNotContain(rn);
        assertThat(MefKeys.key(env, rn)).isEmpty();
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl")).lines()
                .filter(l -> l.contains("\"key-expired\"") && l.contains(rn))).hasSize(1);
    }

    /**
     * A MAF provisioned as an enrolee named by its FQDN (TS-0003 8.3.9.9.5: an autp SUID 21 under a MAFClientRegCfg
     * names the MAF's {@code fq}) retrieves the key of SUID 21 naming it, never one of another SUID, nor one naming
     * another MAF; it gets no certificate; a malformed FQDN is no enrolee ID.
     */
    @Test
    void aMafNamedByItsFqdnRetrievesTheKeysOfSuid21NamingIt() throws Exception {
        byte[] kpmMaf = HexFormat.of().parseHex("abababababababababababababababab");
        admin.addEnrolee("kpm-maf", PreSharedKey.of(kpmMaf.clone()), "maf.example");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.addEnrolee("kpm-x", PreSharedKey.of(
                kpmMaf.clone()), "Maf_Example")).hasMessageContaining("trust-enabling function's FQDN");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.queueCertificate("kpm-maf"))
                .hasMessageContaining("CERT_PROV issues certificates to AE-IDs");
        String km;
        String saef;
        String other;
        try (TestDevice d = connect("kpm-dev", KPM_DEV)) {
            register(d);
            TestDevice.Answer a = d.send("POST", "/mef", 9003, key(21, "[\"maf.example\"]", null));
            assertThat(a.rsc()).as(a.dbg()).isEqualTo(2001);
            km = a.content().get("sec:mkr").get("rn").asText();
            String kv = Base64.getEncoder().encodeToString(HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10"));
            TestDevice.Answer b = d.send("POST", "/mef", 9003, key(22, "[\"/id-in\"]", kv));
            assertThat(b.rsc()).as(b.dbg()).isEqualTo(2001);
            saef = b.content().get("sec:mkr").get("rn").asText();
            TestDevice.Answer c = d.send("POST", "/mef", 9003, key(21, "[\"maf2.example\"]", kv));
            assertThat(c.rsc()).as(c.dbg()).isEqualTo(2001);
            other = c.content().get("sec:mkr").get("rn").asText();
        }
        try (TestDevice maf = connect("kpm-maf", kpmMaf)) {
            TestDevice.Answer got = maf.send("GET", "/mef/" + km, null, null);
            assertThat(got.rsc()).as(got.dbg()).isEqualTo(2000);
            assertThat(got.content().get("sec:mkr").get("cr").asText()).isEqualTo("/id-in/Cdev1");
            assertThat(got.content().get("sec:mkr").get("suid").asInt()).isEqualTo(21);
            TestDevice.Answer notSuid21 = maf.send("GET", "/mef/" + saef, null, null);
            assertThat(notSuid21.rsc()).isEqualTo(4103);
            assertThat(notSuid21.dbg()).contains("SUID 21 only");
            assertThat(maf.send("GET", "/mef/" + other, null, null).rsc()).isEqualTo(4103);
        }
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("\"enrolee\":\"maf.example\"",
                "\"key-retrieved\"");
        assertThat(admin.list()).anySatisfy(l -> assertThat(l).startsWith("kpm-maf maf.example"));
    }

    /** Neither the audit log nor the state file holds the key, in hex or base64. */
    void noKeyIn(byte[] key) throws Exception {
        String audit = Files.readString(dir.resolve("data/mef/audit.jsonl"));
        String state = Files.readString(dir.resolve("data/mef/state.json"));
        for (String secret : List.of(HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key))) {
            assertThat(audit).doesNotContain(secret);
            assertThat(state).doesNotContain(secret);
        }
    }
}
