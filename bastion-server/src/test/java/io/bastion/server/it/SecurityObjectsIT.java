package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TS-0022 security objects carry credentials: {@code skv} never leaves the CSE (no RETRIEVE whatever the rcn,
 * discovery, notification of any nct, audit entry, explanation or refusal carries it, in hex or base64), only an
 * explicit privilege lets an originator create one (not the creator-only default of a node the device created;
 * {@code acod} narrows it by child type), and every change is audited by attribute name.
 */
class SecurityObjectsIT {
    @RegisterExtension
    static final TestServer cse = new TestServer()
            .configured(c -> c.withCse(c.cse().withCseBaseAcpi(List.of("cse-in/devices"))))
            .registering("Cdev", "dev").registering("Cop", "op");
    @RegisterExtension
    static final NotificationReceiver receiver = new NotificationReceiver();
    static final M2m m2m = cse.client();
    static final SecureRandom RANDOM = new SecureRandom();
    /** Every answer and notification seen, to search for key bytes at the end of each test. */
    static final List<String> seen = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        m2m.create(M2m.ADMIN, "/cse-in", 1, "{\"m2m:acp\":{\"rn\":\"devices\",\"pv\":{\"acr\":["
                + "{\"acor\":[\"Cdev\"],\"acop\":35,\"acod\":[{\"chty\":[14]}]}]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"CAdmin\"],\"acop\":63}]}}}").expect(2001);
    }

    record Key(byte[] bytes) {
        static Key random() {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            return new Key(b);
        }

        String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }

        List<String> forms() {
            return List.of(base64(), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                    HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes),
                    base64().substring(0, 24));
        }
    }

    static M2m.Rsp keep(M2m.Rsp r) {
        seen.add(r.body() + r.headers());
        return r;
    }

    static void assertNoKeyIn(String where, String text, Key... keys) {
        for (Key k : keys) {
            for (String form : k.forms()) {
                assertThat(text).as("%s must not carry the key", where).doesNotContain(form);
            }
        }
    }

    /** The device's own node (no acpi: the creator-only default), with the operator's policy linked by the device. */
    static String nodeWithOperatorPolicy(String rn, String devRule) {
        m2m.create("Cdev", "/cse-in", 14, "{\"m2m:nod\":{\"rn\":\"" + rn + "\",\"ni\":\"urn:dev:" + rn + "\"}}")
                .expect(2001);
        String acp = m2m.create(M2m.ADMIN, "/cse-in", 1, "{\"m2m:acp\":{\"rn\":\"" + rn + "Acp\",\"pv\":{\"acr\":["
                + "{\"acor\":[\"Cop\"],\"acop\":63}," + devRule + "]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"CAdmin\",\"Cdev\"],\"acop\":63}]}}}").expect(2001).ri();
        return acp;
    }

    static String autp(String rn, Key key) {
        return "{\"dcfg:autp\":{\"rn\":\"" + rn + "\",\"mgd\":1022,\"suid\":12,\"aski\":\"k1\",\"tlcs\":[49320],"
                + "\"skv\":\"" + key.base64() + "\"}}";
    }

    @Test
    void onlyAnExplicitPrivilegeCreatesASecurityObjectAndAcodNarrowsIt() throws Exception {
        Key key = Key.random();
        String acp = nodeWithOperatorPolicy("own", "{\"acor\":[\"Cdev\"],\"acop\":63,\"acod\":[{\"chty\":[23]}]}");
        // The device created the node: the creator-only default lets it add a firmware, not credentials.
        m2m.create("Cdev", "/cse-in/own", 13, "{\"m2m:fwr\":{\"mgd\":1001,\"vr\":\"1\",\"fwn\":\"f\","
                + "\"url\":\"https://fw.example\",\"ud\":false}}").expect(2001);
        M2m.Rsp refused = keep(m2m.create("Cdev", "/cse-in/own", 13, autp("ap0", key)).expect(4103));
        assertThat(refused.body()).contains("CREATE of a resource of type 13");
        keep(m2m.create("Cdev", "/cse-in/own", 13, autp("ap0", key).replace("dcfg:", "m2m:")).expect(4103));
        // The device links the operator's policy; it grants the device CREATE of subscriptions only (acod chty).
        m2m.update("Cdev", "/cse-in/own", "{\"m2m:nod\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        keep(m2m.create("Cdev", "/cse-in/own", 13, autp("ap0", key)).expect(4103));
        keep(m2m.create("Cop", "/cse-in/own", 13, autp("ap0", key)).expect(2001));
        keep(m2m.create(M2m.ADMIN, "/cse-in/own", 13, autp("ap1", key)).expect(2001));
        for (String s : seen) {
            assertNoKeyIn("answer", s, key);
        }
        List<JsonNode> audit = AuditLogIT.entries(cse.server(), cse.dir().resolve("audit.log"));
        assertNoKeyIn("audit log", audit.toString(), key);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("change").asText()).isEqualTo("CREATED");
            assertThat(e.path("originator").asText()).isEqualTo("Cop");
            assertThat(e.path("reason").asText()).contains("authenticationProfile").contains("skv (secret)");
        });
    }

    @Test
    void theKeyNeverLeavesTheCse() throws Exception {
        Key key = Key.random();
        Key next = Key.random();
        Key third = Key.random();
        nodeWithOperatorPolicy("n", "{\"acor\":[\"Cdev\"],\"acop\":34}");
        m2m.update("Cdev", "/cse-in/n", "{\"m2m:nod\":{\"acpi\":[\"" + m2m.retrieve(M2m.ADMIN, "/cse-in/nAcp")
                .expect(2000).ri() + "\"]}}").expect(2004);
        JsonNode created = keep(m2m.create("Cop", "/cse-in/n", 13, autp("ap", key)).expect(2001)).inner();
        assertThat(created.has("skv")).isFalse();
        assertThat(created.path("aski").asText()).isEqualTo("k1");

        // subscriptions: all attributes (nct 1) and modified attributes (nct 2) on the profile, child creation on the node
        for (int nct = 1; nct <= 2; nct++) {
            keep(m2m.create("Cop", "/cse-in/n/ap", 23, "{\"m2m:sub\":{\"rn\":\"s" + nct + "\",\"nu\":[\""
                    + receiver.url("/sec" + nct) + "\"],\"nct\":" + nct + "}}").expect(2001));
        }
        keep(m2m.create("Cop", "/cse-in/n", 23, "{\"m2m:sub\":{\"rn\":\"kids\",\"nu\":[\"" + receiver.url("/kids")
                + "\"],\"enc\":{\"net\":[3]}}}").expect(2001));

        for (int rcn : new int[] {1, 4, 5, 6, 8}) {
            keep(m2m.request("GET", "/cse-in/n/ap?rcn=" + rcn).from("Cop").send().expect(2000));
            keep(m2m.request("GET", "/cse-in/n?rcn=" + rcn).from("Cop").send().expect(2000));
        }
        keep(m2m.request("GET", "/cse-in/n?fu=1&ty=13").from("Cop").send().expect(2000));
        keep(m2m.request("GET", "/cse-in/n?fu=1&ty=13&drt=2").from("Cop").send().expect(2000));
        keep(m2m.request("GET", "/cse-in/n?fu=1&ty=13").from("Cdev").send().expect(2000));
        // the attribute condition finds the profile by a readable attribute, never by its key: no oracle
        assertThat(keep(m2m.request("GET", "/cse-in/n?fu=1&aski=k1").from("Cop").send().expect(2000)).body())
                .contains("cse-in/n/ap");
        for (String probe : List.of("*", URLEncoder.encode(key.base64(), StandardCharsets.UTF_8),
                URLEncoder.encode(key.base64().substring(0, 1), StandardCharsets.UTF_8) + "*")) {
            assertThat(keep(m2m.request("GET", "/cse-in/n?fu=1&skv=" + probe).from("Cop").send().expect(2000))
                    .body()).as("skv=%s", probe).doesNotContain("cse-in/n/ap");
        }

        // a new key and another attribute, answered with the modified attributes (rcn 9); then a second profile
        M2m.Rsp changed = keep(m2m.request("PUT", "/cse-in/n/ap?rcn=9").from("Cop")
                .body("{\"dcfg:autp\":{\"skv\":\"" + next.base64() + "\",\"aski\":\"k2\"}}").send().expect(2004));
        assertThat(changed.inner().has("skv")).isFalse();
        keep(m2m.update("Cop", "/cse-in/n/ap", "{\"m2m:autp\":{\"skv\":\"" + next.base64() + "\"}}").expect(2004));
        keep(m2m.create("Cop", "/cse-in/n", 13, autp("ap2", third)).expect(2001));
        M2m.Rsp bad = keep(m2m.update("Cop", "/cse-in/n/ap", "{\"dcfg:autp\":{\"skv\":\""
                + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}}").expect(4000));
        assertThat(bad.body()).contains("skv");

        List<String> notified = new ArrayList<>();
        for (String path : List.of("/sec1", "/sec2")) {
            NotificationReceiver.Received r = receiver.await(path, x -> !x.isVerification() && x.net() == 1);
            notified.add(r.sgn().toString());
        }
        NotificationReceiver.Received child = receiver.await("/kids", x -> !x.isVerification() && x.net() == 3);
        assertThat(child.rep().path("dcfg:autp").path("rn").asText()).isEqualTo("ap2");
        notified.add(child.sgn().toString());
        notified.add(receiver.drain("/sec1", Duration.ofMillis(300)).toString());
        notified.add(receiver.drain("/sec2", Duration.ofMillis(1)).toString());

        List<JsonNode> audit = AuditLogIT.entries(cse.server(), cse.dir().resolve("audit.log"));
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("change").asText()).isEqualTo("UPDATED");
            assertThat(e.path("reason").asText()).contains("aski").contains("skv (secret)");
        });
        String auditText = Files.readString(cse.dir().resolve("audit.log"));
        String explained = explain("Cop", "retrieve", "cse-in/n/ap") + explain("Cdev", "update", "cse-in/n/ap")
                + explain("Cop", "create", "cse-in/n", "13");

        Key[] keys = {key, next, third};
        for (String s : seen) {
            assertNoKeyIn("answer", s, keys);
        }
        for (String s : notified) {
            assertNoKeyIn("notification", s, keys);
        }
        assertNoKeyIn("audit log", auditText, keys);
        assertNoKeyIn("explain", explained, keys);
        assertThat(seen).isNotEmpty();
    }

    @Test
    void changingASecurityObjectsAcpiTakesPvsUnderEitherOfItsRoots() {
        // pv lets the operator do everything on the profile; pvs names the admin and the device only
        String acp = nodeWithOperatorPolicy("pvs", "{\"acor\":[\"Cdev\"],\"acop\":34}");
        m2m.create(M2m.ADMIN, "/cse-in/pvs", 13, autp("ap", Key.random())
                .replace("\"mgd\"", "\"acpi\":[\"" + acp + "\"],\"mgd\"")).expect(2001);
        m2m.update("Cop", "/cse-in/pvs/ap", "{\"m2m:autp\":{\"aski\":\"k9\"}}").expect(2004);
        String acpi = "{\"acpi\":[\"" + acp + "\"]}";
        for (String root : List.of("dcfg:autp", "m2m:autp")) {
            assertThat(m2m.update("Cop", "/cse-in/pvs/ap", "{\"" + root + "\":" + acpi + "}").expect(4103).body())
                    .as(root).contains("pvs");
        }
        m2m.update("Cdev", "/cse-in/pvs/ap", "{\"m2m:autp\":" + acpi + "}").expect(2004);
    }

    static String explain(String from, String op, String to, String... ty) throws Exception {
        String q = "from=" + enc(from) + "&op=" + enc(op) + "&to=" + enc(to) + (ty.length > 0 ? "&ty=" + ty[0] : "");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + cse.server().adminPort() + "/explain?" + q)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("explain %s", r.body()).isEqualTo(200);
        return r.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
