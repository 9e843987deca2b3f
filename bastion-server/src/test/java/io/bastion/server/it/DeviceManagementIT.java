package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code <node>} and the {@code <mgmtObj>} specializations over real HTTP: create, retrieve, update, delete, discovery
 * by ty (and by ty with a label: the filter criteria of TS-0004 V3.32 have no mgd condition), subscriptions, the
 * refusals (placement 4108, a second memory 4105, mgd 4000/5001, values 4000 naming the attribute, access 4103), the
 * action attributes and the AE's nodeLink.
 */
class DeviceManagementIT {
    /** A self-signed P-256 certificate (base64 DER). */
    static final String CERT = "MIIBhDCCASugAwIBAgIUZtByYVG/cWE2DYExxlGrPy5qGLAwCgYIKoZIzj0EAwIwGDEWMBQGA1UEAwwNbm9kZTEuZXhhbXBsZTAeFw0yNjEyMDYxMDMwNTRaFw0zNjEyMDMxMDMwNTRaMBgxFjAUBgNVBAMMDW5vZGUxLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASBdwNuxKcSbIaotSzKXZ351sJv8kbG1EZF+nA3bgz+w3YiXhAERYrJnZ7aMQC6PoWcO+ScB51GrYyiO3TGQN4Go1MwUTAdBgNVHQ4EFgQUwGUu/f2ZwP3MSs+FB4+EuQoUimgwHwYDVR0jBBgwFoAUwGUu/f2ZwP3MSs+FB4+EuQoUimgwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBwK0pdYCO4pmdj7nAxFiGtPE25B31wjQNOf6yFX2TaXQIgJ+kwNBFVqeCST/pauo5KGpYz4UpwtBwER8i2RGUq0MI=";

    /** The CSEBase lets devices create their node (cse.acpi): CREATE of ty 14 only, RETRIEVE and DISCOVER. */
    @RegisterExtension
    static final TestServer cse = new TestServer()
            .configured(c -> c.withCse(c.cse().withCseBaseAcpi(List.of("cse-in/devices"))))
            .registering("Cdev", "dev").registering("Cother", "other");
    @RegisterExtension
    static final NotificationReceiver receiver = new NotificationReceiver();
    static final M2m m2m = cse.client();

    @BeforeAll
    static void openTheBaseToNodes() {
        m2m.create(M2m.ADMIN, "/cse-in", 1, "{\"m2m:acp\":{\"rn\":\"devices\",\"pv\":{\"acr\":["
                + "{\"acor\":[\"Cdev\",\"Cother\"],\"acop\":35,\"acod\":[{\"chty\":[14]}]}]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"CAdmin\"],\"acop\":63}]}}}").expect(2001);
    }

    static String node(String rn) {
        return m2m.create("Cdev", "/cse-in", 14, "{\"m2m:nod\":{\"rn\":\"" + rn + "\",\"ni\":\"urn:dev:" + rn
                + "\"}}").expect(2001).ri();
    }

    static String firmware(String rn, int mgd) {
        return "{\"m2m:fwr\":{\"rn\":\"" + rn + "\",\"mgd\":" + mgd + ",\"vr\":\"1.0\",\"fwn\":\"fw\","
                + "\"url\":\"https://fw.example/1.0\",\"ud\":false,\"lbl\":[\"fleet-a\"]}}";
    }

    @Test
    void aNodeAndItsFirmwareAreCreatedRetrievedUpdatedAndDeleted() {
        String ri = node("n1");
        JsonNode n = m2m.retrieve("Cdev", "/cse-in/n1").expect(2000).json().get("m2m:nod");
        assertThat(n.path("ty").asInt()).isEqualTo(14);
        assertThat(n.path("ni").asText()).isEqualTo("urn:dev:n1");
        assertThat(n.path("ri").asText()).isEqualTo(ri);

        JsonNode fw = m2m.create("Cdev", "/cse-in/n1", 13, firmware("fw", 1001)).expect(2001).json().get("m2m:fwr");
        assertThat(fw.path("mgd").asInt()).isEqualTo(1001);
        assertThat(fw.path("uds").path("sus").asInt()).as("status Uninitialized until the device says").isZero();

        // ud is a trigger: stored, lt changes, the status stays as it was (no device-management protocol).
        String lt = fw.path("lt").asText();
        JsonNode after = m2m.update("Cdev", "/cse-in/n1/fw", "{\"m2m:fwr\":{\"ud\":true}}").expect(2004).inner();
        assertThat(after.path("ud").asBoolean()).isTrue();
        assertThat(after.path("uds").path("sus").asInt()).isZero();
        assertThat(after.path("lt").asText()).isGreaterThanOrEqualTo(lt);
        // the device-side agent reports back
        m2m.update("Cdev", "/cse-in/n1/fw", "{\"m2m:fwr\":{\"uds\":{\"acn\":\"ud\",\"sus\":1}}}").expect(2004);
        assertThat(m2m.retrieve("Cdev", "/cse-in/n1/fw").expect(2000).inner().path("uds").path("sus").asInt())
                .isEqualTo(1);

        m2m.retrieve("Cother", "/cse-in/n1/fw").expect(4103);
        m2m.delete("Cother", "/cse-in/n1").expect(4103);
        m2m.delete("Cdev", "/cse-in/n1").expect(2002);
        m2m.retrieve("Cdev", "/cse-in/n1/fw").expect(4004);
    }

    @Test
    void placementFollowsTs0001AndASecondMemoryIsAConflict() {
        node("n2");
        m2m.create("Cdev", "/cse-in/dev", 13, firmware("fw", 1001)).expect(4108);
        m2m.create("Cdev", "/cse-in", 13, firmware("fw", 1001)).expect(4103); // acod: only nodes
        m2m.create(M2m.ADMIN, "/cse-in", 13, firmware("fw", 1001)).expect(4108);
        m2m.create("Cdev", "/cse-in/n2", 13, firmware("fw", 1001)).expect(2001);
        m2m.create("Cdev", "/cse-in/n2/fw", 13, firmware("fw2", 1001)).expect(4108);
        m2m.create("Cdev", "/cse-in/dev", 14, "{\"m2m:nod\":{\"ni\":\"urn:x\"}}").expect(4108);
        String mem = "{\"m2m:mem\":{\"mgd\":1003,\"mma\":1024,\"mmt\":4096}}";
        m2m.create("Cdev", "/cse-in/n2", 13, mem).expect(2001);
        M2m.Rsp second = m2m.create("Cdev", "/cse-in/n2", 13, mem).expect(4105);
        assertThat(second.body()).contains("memory");
        // the cmdh family: nested as TS-0001 table 9.6.1.2.1-1 says, or directly under the node
        m2m.create("Cdev", "/cse-in/n2", 13, "{\"m2m:cmp\":{\"rn\":\"pol\",\"mgd\":1011,\"cpn\":\"default\","
                + "\"cmlk\":[]}}").expect(2001);
        String defaults = "{\"m2m:cmdf\":{\"mgd\":1013,\"cmlk\":[]}}";
        m2m.create("Cdev", "/cse-in/n2/pol", 13, defaults).expect(2001);
        m2m.create("Cdev", "/cse-in/n2", 13, defaults).expect(2001);
        m2m.create("Cdev", "/cse-in/n2/pol", 13, "{\"m2m:cmwr\":{\"mgd\":1018,\"ttn\":[\"default\"],\"mrv\":0,"
                + "\"swt\":0,\"bop\":{},\"cmlk\":{}}}").expect(4108);
    }

    @Test
    void badInputIsRefusedNamingTheAttribute() {
        node("n3");
        assertThat(m2m.create("Cdev", "/cse-in/n3", 13, firmware("a", 1007)).expect(4000).body()).contains("mgd");
        m2m.create("Cdev", "/cse-in/n3", 13, firmware("b", 0)).expect(5001);
        assertThat(m2m.create("Cdev", "/cse-in/n3", 13, "{\"m2m:fwr\":{\"mgd\":1001,\"vr\":\"1\",\"fwn\":\"f\","
                + "\"url\":\"u\",\"ud\":false,\"xyz\":1}}").expect(4000).body()).contains("xyz");
        assertThat(m2m.create("Cdev", "/cse-in/n3", 13, "{\"m2m:bat\":{\"mgd\":1006,\"btl\":101,\"bts\":1}}")
                .expect(4000).body()).contains("btl");
        assertThat(m2m.create("Cdev", "/cse-in/n3", 13, "{\"m2m:rbo\":{\"mgd\":1009,\"rbo\":false}}")
                .expect(4000).body()).contains("rbo");
        m2m.create("Cdev", "/cse-in/n3", 13, "{\"m2m:rbo\":{\"rn\":\"r\",\"mgd\":1009}}").expect(2001);
        assertThat(m2m.update("Cdev", "/cse-in/n3/r", "{\"m2m:rbo\":{\"rbo\":true,\"far\":true}}").expect(4000)
                .body()).contains("rbo").contains("far");
        m2m.update("Cdev", "/cse-in/n3/r", "{\"m2m:rbo\":{\"rbo\":true}}").expect(2004);
        assertThat(m2m.update("Cdev", "/cse-in/n3/r", "{\"m2m:rbo\":{\"mgd\":1010}}").expect(4000).body())
                .contains("mgd");
        assertThat(m2m.create("Cdev", "/cse-in/n3", 13, "{\"m2m:fwr\":{\"mgd\":1001,\"vr\":\"1\",\"fwn\":\"f\","
                + "\"url\":\"u\",\"ud\":false,\"uds\":{\"sus\":1}}}").expect(4000).body()).contains("uds");
        assertThat(m2m.create("Cdev", "/cse-in/n3", 13, "{\"m2m:mgo\":{\"mgd\":0}}").expect(4000).body())
                .contains("m2m:mgo");
        assertThat(m2m.create("Cdev", "/cse-in/n3", 13, "{\"m2m:swr\":{\"mgd\":1002,\"vr\":\"1\",\"swn\":\"s\","
                + "\"url\":\"u\",\"mgs\":\"http://x\"}}").expect(4000).body()).contains("mgs");
        assertThat(m2m.create("Cdev", "/cse-in", 14, "{\"m2m:nod\":{\"ni\":\"urn:x\",\"rms\":true}}").expect(4000)
                .body()).contains("rms");
    }

    @Test
    void discoveryByTypeAndLabelShowsOnlyWhatTheOriginatorMayDiscover() {
        node("n4");
        String fw = m2m.create("Cdev", "/cse-in/n4", 13, firmware("fw", 1001)).expect(2001).ri();
        m2m.create("Cdev", "/cse-in/n4", 13, "{\"m2m:bat\":{\"mgd\":1006,\"btl\":50,\"bts\":1}}").expect(2001);
        List<String> all = uris(m2m.request("GET", "/cse-in/n4?fu=1&ty=13").from("Cdev").send().expect(2000));
        assertThat(all).hasSize(2);
        List<String> fleet = uris(m2m.request("GET", "/cse-in/n4?fu=1&ty=13&lbl=fleet-a&drt=2").from("Cdev").send()
                .expect(2000));
        assertThat(fleet).containsExactly(fw);
        // by mgd, the attribute condition (TS-0004 7.3.3.17.9), with a wildcard in a discovery
        assertThat(uris(m2m.request("GET", "/cse-in/n4?fu=1&ty=13&mgd=1001&drt=2").from("Cdev").send()
                .expect(2000))).containsExactly(fw);
        assertThat(uris(m2m.request("GET", "/cse-in/n4?fu=1&mgd=100*").from("Cdev").send().expect(2000)))
                .hasSize(2);
        assertThat(uris(m2m.request("GET", "/cse-in/n4?fu=1&mgd=1006").from("Cother").send().expect(2000)))
                .isEmpty();
        assertThat(uris(m2m.request("GET", "/cse-in?fu=1&ty=14").from("Cdev").send().expect(2000)))
                .contains("cse-in/n4");
        assertThat(uris(m2m.request("GET", "/cse-in/n4?fu=1&ty=13").from("Cother").send().expect(2000))).isEmpty();
    }

    @Test
    void aSubscriptionOnAMgmtObjIsNotifiedOfATrigger() {
        node("n5");
        m2m.create("Cdev", "/cse-in/n5", 13, "{\"m2m:rbo\":{\"rn\":\"rb\",\"mgd\":1009}}").expect(2001);
        String nu = receiver.url("/dm");
        m2m.create("Cdev", "/cse-in/n5/rb", 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + nu + "\"],"
                + "\"enc\":{\"net\":[1]}}}").expect(2001);
        m2m.update("Cdev", "/cse-in/n5/rb", "{\"m2m:rbo\":{\"rbo\":true}}").expect(2004);
        NotificationReceiver.Received r = receiver.await("/dm", x -> !x.isVerification(), Duration.ofSeconds(10));
        assertThat(r.rep().path("m2m:rbo").path("rbo").asBoolean()).isTrue();
    }

    @Test
    void anAeNodeLinkMustNameAnExistingNodeAndGoesWithIt() {
        String nodeRi = node("n6");
        m2m.request("POST", "/cse-in").from("Clinked").ty(2)
                .body("{\"m2m:ae\":{\"rn\":\"linked\",\"api\":\"Nlinked\",\"rr\":false,\"srv\":[\"3\"],"
                        + "\"nl\":\"cse-in/nowhere\"}}").send().expect(4000);
        M2m.Rsp bad = m2m.request("POST", "/cse-in").from("Clinked").ty(2)
                .body("{\"m2m:ae\":{\"rn\":\"linked\",\"api\":\"Nlinked\",\"rr\":false,\"srv\":[\"3\"],"
                        + "\"nl\":\"cse-in/dev\"}}").send().expect(4000);
        assertThat(bad.body()).contains("nl").contains("node");
        m2m.request("POST", "/cse-in").from("Clinked").ty(2)
                .body("{\"m2m:ae\":{\"rn\":\"linked\",\"api\":\"Nlinked\",\"rr\":false,\"srv\":[\"3\"],"
                        + "\"nl\":\"" + nodeRi + "\"}}").send().expect(2001);
        m2m.update("Clinked", "/cse-in/linked", "{\"m2m:ae\":{\"nl\":\"cse-in/dev\"}}").expect(4000);
        m2m.update("Clinked", "/cse-in/linked", "{\"m2m:ae\":{\"nl\":\"/id-in/" + nodeRi + "\"}}").expect(2004);
        m2m.delete("Cdev", "/cse-in/n6").expect(2002);
        assertThat(m2m.retrieve("Clinked", "/cse-in/linked").expect(2000).inner().has("nl"))
                .as("the link went with the node").isFalse();
    }

    @Test
    void certificatesAndFingerprintsAreCheckedOnWrite() {
        node("n7");
        String fp = "12:75:65:8F:38:54:2F:3B:22:DA:63:D3:6C:73:81:E7:07:18:12:A6:3B:F9:B5:F1:BB:02:AA:CD:55:7A:83:6F";
        m2m.create(M2m.ADMIN, "/cse-in/n7", 13, "{\"dcfg:autp\":{\"rn\":\"ap\",\"mgd\":1022,\"suid\":42,"
                + "\"mcfp\":\"" + fp + "\"}}").expect(2001);
        assertThat(m2m.create(M2m.ADMIN, "/cse-in/n7", 13, "{\"dcfg:autp\":{\"mgd\":1022,\"suid\":42,"
                + "\"mcfp\":\"12:75\"}}").expect(4000).body()).contains("mcfp");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in/n7", 13, "{\"dcfg:autp\":{\"mgd\":1022,\"suid\":31}}")
                .expect(4000).body()).contains("suid");
        String cred = "{\"m2m:nycfc\":{\"rn\":\"%s\",\"mgd\":1023,\"suids\":[42],\"mcff\":\"application/pkix-cert\","
                + "\"mcfc\":\"%s\"}}";
        JsonNode ok = m2m.create(M2m.ADMIN, "/cse-in/n7/ap", 13, String.format(cred, "c1", CERT)).expect(2001).json();
        assertThat(ok.has("dcfg:nycfc")).as("served under dcfg:, accepted under m2m:").isTrue();
        assertThat(m2m.create(M2m.ADMIN, "/cse-in/n7/ap", 13, String.format(cred, "c2", "bm90IGEgY2VydA=="))
                .expect(4000).body()).contains("mcfc");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in/n7/ap", 13, String.format(cred, "c3",
                "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----")).expect(4000).body())
                .contains("mcfc").contains("private key");
        m2m.create(M2m.ADMIN, "/cse-in/n7/ap", 13, "{\"dcfg:tac\":{\"mgd\":1024,\"uri\":\"https://ca.example/ca\","
                + "\"cfp\":\"" + fp.replace(":", "") + "\"}}").expect(2001);
        m2m.create(M2m.ADMIN, "/cse-in/n7/ap", 13, "{\"dcfg:mecrc\":{\"mgd\":1026,\"fq\":\"mef.example\","
                + "\"adfq\":\"sp.example\"}}").expect(4108);
        String maf = "{\"dcfg:macrc\":{\"mgd\":1025,\"fq\":\"maf.example\",\"adfq\":\"sp.example\",\"hpt\":8443}}";
        m2m.create(M2m.ADMIN, "/cse-in/n7/ap", 13, maf).expect(2001);
        m2m.create(M2m.ADMIN, "/cse-in/n7/ap", 13, maf).expect(4105);
        assertThat(m2m.create(M2m.ADMIN, "/cse-in/n7", 13, maf.replace("8443", "70000")).expect(4000).body())
                .contains("hpt");
    }

    @Test
    void nodesAndFlexContainersStayApart() {
        node("n9");
        String temp = "{\"cod:tempe\":{\"rn\":\"%s\",\"cnd\":\"org.onem2m.common.moduleclass.temperature\"%s}}";
        // both are children of the CSEBase, neither of the other
        m2m.create(M2m.ADMIN, "/cse-in/n9", 28, String.format(temp, "t", "")).expect(4108);
        String key = "c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY=";
        m2m.create(M2m.ADMIN, "/cse-in", 28, String.format(temp, "flexN9", ",\"skv\":\"" + key + "\"")).expect(2001);
        m2m.create(M2m.ADMIN, "/cse-in/flexN9", 13, firmware("fw", 1001)).expect(4108);
        m2m.create(M2m.ADMIN, "/cse-in/flexN9", 14, "{\"m2m:nod\":{\"ni\":\"urn:x\"}}").expect(4108);
        // a flexContainer never takes a device-management root, whether served or only accepted
        for (String root : List.of("m2m:nod", "m2m:fwr", "dcfg:autp", "m2m:autp")) {
            assertThat(m2m.create(M2m.ADMIN, "/cse-in", 28, "{\"" + root + "\":{\"cnd\":\"x\"}}").expect(4000).dbg())
                    .as(root).contains("cannot name a flexContainer specialization");
        }
        // secrets belong to the security objects' descriptors: a flexContainer's skv is a custom attribute as any
        JsonNode flex = m2m.retrieve(M2m.ADMIN, "/cse-in/flexN9").expect(2000).json().get("cod:tempe");
        assertThat(flex.path("skv").asText()).isEqualTo(key);
        m2m.delete(M2m.ADMIN, "/cse-in/flexN9").expect(2002);
        m2m.delete("Cdev", "/cse-in/n9").expect(2002);
    }

    static List<String> uris(M2m.Rsp r) {
        return M2m.JSON.convertValue(r.json().path("m2m:uril"), M2m.JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }

    static String unused() {
        return rules(rule(2, "x"));
    }
}
