package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.cse.config.MccConfig;
import io.bastion.server.BastionServer;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.nio.file.Path;
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
 * The receiving CSE's side of announcement (TS-0001 10.2.13.5, .6, .11) against a real server: registered CSEs prove
 * their CSE-ID over TLS-PSK, announce under their own {@code <remoteCSE>}, and only the CSE hosting the original
 * changes or deletes an announced resource; an {@code <accessControlPolicyAnnc>} governs who else reads and discovers
 * the announced copies.
 */
class AnnouncedResourcesIT {
    static final String MN_KEY = "00112233445566778899aabbccddeeff";
    static final String MX_KEY = "0f0e0d0c0b0a09080706050403020100";

    @TempDir
    static Path dir;
    static BastionServer server;
    static M2m http;

    @BeforeAll
    static void start() throws IOException {
        assertThat(cli("psk", "add", "--identity", "mn@op.example", "--key", MN_KEY, "--ae", "/id-mn").code())
                .isZero();
        assertThat(cli("psk", "add", "--identity", "mx@op.example", "--key", MX_KEY, "--ae", "/id-mx").code())
                .isZero();
        server = BastionServer.start(M2m.config(dir).withPskPort(0)
                .withMcc(new MccConfig(MccConfig.CseType.IN, List.of("/id-m*"))));
        http = new M2m(server.httpPort());
        try (PskClient mn = as("mn@op.example", MN_KEY); PskClient mx = as("mx@op.example", MX_KEY)) {
            assertThat(mn.send("POST", "/cse-in", "/id-mn", 16, csr("mn", "/id-mn")).rsc()).isEqualTo(2001);
            assertThat(mx.send("POST", "/cse-in", "/id-mx", 16, csr("mx", "/id-mx")).rsc()).isEqualTo(2001);
        }
        http.registerAe("Creader", "reader");
        http.registerAe("Cother", "other");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String csr(String rn, String csi) {
        return "{\"m2m:csr\":{\"rn\":\"" + rn + "\",\"cb\":\"" + csi + "/cse\",\"cst\":2,\"rr\":true,"
                + "\"srv\":[\"3\"],\"poa\":[\"http://127.0.0.1:1\"]}}";
    }

    static PskClient as(String identity, String key) throws IOException {
        return new PskClient(server.pskPort(), identity, HexFormat.of().parseHex(key), ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
    }

    static String acpA(String rn, String lnk) {
        return "{\"m2m:acpA\":{\"rn\":\"" + rn + "\",\"lnk\":\"" + lnk + "\",\"pv\":{\"acr\":"
                + M2m.rules(M2m.rule(2 | 32, "Creader")) + "},\"pvs\":{\"acr\":" + M2m.rules(M2m.rule(63, "/id-mn"))
                + "}}}";
    }

    static String cntA(String rn, String lnk, String acpi, String extra) {
        return "{\"m2m:cntA\":{\"rn\":\"" + rn + "\",\"lnk\":\"" + lnk + "\",\"lbl\":[\"room:kitchen\"]"
                + (acpi == null ? "" : ",\"acpi\":[\"" + acpi + "\"]") + extra + "}}";
    }

    @Test
    void aRegistreeAnnouncesUnderItsRemoteCseAndItsPolicyAnncGovernsReadersAndDiscovery() throws Exception {
        try (PskClient mn = as("mn@op.example", MN_KEY)) {
            PskClient.Response acp = mn.send("POST", "/cse-in/mn", "/id-mn", 10001,
                    acpA("acpKitchen", "/id-mn/cse/acp1"));
            assertThat(acp.rsc()).as(acp.body()).isEqualTo(2001);
            String acpRi = M2m.JSON.readTree(acp.body()).path("m2m:acpA").path("ri").asText();
            PskClient.Response cnt = mn.send("POST", "/cse-in/mn", "/id-mn", 10003,
                    cntA("kitchen", "/id-mn/cse/kitchen", "/id-in/" + acpRi, ",\"mni\":5"));
            assertThat(cnt.rsc()).as(cnt.body()).isEqualTo(2001);
            JsonNode c = M2m.JSON.readTree(cnt.body()).path("m2m:cntA");
            assertThat(c.path("ty").asInt()).isEqualTo(10003);
            assertThat(c.path("lnk").asText()).isEqualTo("/id-mn/cse/kitchen");
            assertThat(c.path("mni").asInt()).isEqualTo(5);
            // a child announced under an announced parent
            assertThat(mn.send("POST", "/cse-in/mn/kitchen", "/id-mn", 10004,
                    "{\"m2m:cinA\":{\"rn\":\"r1\",\"lnk\":\"/id-mn/cse/kitchen/r1\",\"con\":\"21\"}}").rsc())
                    .isEqualTo(2001);
            // the hosting CSE keeps its announced attributes in step (TS-0001 10.2.13.11)
            assertThat(mn.send("PUT", "/cse-in/mn/kitchen", "/id-mn", null, "{\"m2m:cntA\":{\"mni\":9}}").rsc())
                    .isEqualTo(2004);
            // an attribute the original's table marks NA (cni) is not one of the announced variant's
            PskClient.Response na = mn.send("PUT", "/cse-in/mn/kitchen", "/id-mn", null,
                    "{\"m2m:cntA\":{\"cni\":1}}");
            assertThat(na.rsc()).isEqualTo(4000);
            assertThat(na.body()).contains("cni");
        }
        // the acpAnnc lets Creader read and discover the announced container, nobody else
        JsonNode read = M2m.JSON.readTree(http.retrieve("Creader", "/cse-in/mn/kitchen").expect(2000).body());
        assertThat(read.path("m2m:cntA").path("mni").asInt()).isEqualTo(9);
        http.retrieve("Cother", "/cse-in/mn/kitchen").expect(4103);
        assertThat(http.retrieve("Creader", "/cse-in?fu=1&ty=10003").expect(2000).uris())
                .containsExactly("cse-in/mn/kitchen");
        assertThat(http.retrieve("Cother", "/cse-in?fu=1&ty=10003").expect(2000).uris()).isEmpty();
        assertThat(http.retrieve("Creader", "/cse-in?fu=1&lbl=room:kitchen").expect(2000).uris())
                .containsExactly("cse-in/mn/kitchen");
        // a reader the policies allow cannot change or delete it: only the hosting CSE (9.6.26.1)
        http.update("Creader", "/cse-in/mn/kitchen", "{\"m2m:cntA\":{\"mni\":1}}").expect(4103);
        http.update(M2m.ADMIN, "/cse-in/mn/kitchen", "{\"m2m:cntA\":{\"mni\":1}}").expect(4103);
        http.delete("Creader", "/cse-in/mn/kitchen").expect(4103);
        try (PskClient mn = as("mn@op.example", MN_KEY)) {
            assertThat(mn.send("DELETE", "/cse-in/mn/kitchen", "/id-mn", null, null).rsc()).isEqualTo(2002);
        }
        http.retrieve(M2m.ADMIN, "/cse-in/mn/kitchen").expect(4004);
    }

    @Test
    void anAnnouncementFromAnotherCseThanTheOriginalsOrElsewhereIsRefused() throws Exception {
        try (PskClient mx = as("mx@op.example", MX_KEY); PskClient mn = as("mn@op.example", MN_KEY)) {
            // /id-mx announcing a resource of /id-mn, under its own remoteCSE
            PskClient.Response forged = mx.send("POST", "/cse-in/mx", "/id-mx", 10003,
                    cntA("forged", "/id-mn/cse/kitchen", null, ""));
            assertThat(forged.rsc()).isEqualTo(4103);
            assertThat(forged.body()).contains("a CSE announces only its own resources");
            // /id-mx announcing its own resource under the remoteCSE of /id-mn
            assertThat(mx.send("POST", "/cse-in/mn", "/id-mx", 10003, cntA("intruder", "/id-mx/cse/c", null, ""))
                    .rsc()).isEqualTo(4103);
            // under the CSEBase the registree has no privilege at all; under its announced container an AEAnnc is
            // not a child the table allows (4108)
            assertThat(mn.send("POST", "/cse-in", "/id-mn", 10003, cntA("top", "/id-mn/cse/c", null, "")).rsc())
                    .isEqualTo(4103);
            assertThat(mn.send("POST", "/cse-in/mn", "/id-mn", 10003, cntA("box", "/id-mn/cse/box", null, ""))
                    .rsc()).isEqualTo(2001);
            assertThat(mn.send("POST", "/cse-in/mn/box", "/id-mn", 10002,
                    "{\"m2m:aeA\":{\"rn\":\"ae\",\"lnk\":\"/id-mn/Cae\"}}").rsc()).isEqualTo(4108);
            // lnk is mandatory and must be an address of the original
            PskClient.Response noLink = mn.send("POST", "/cse-in/mn", "/id-mn", 10003,
                    "{\"m2m:cntA\":{\"rn\":\"nolink\"}}");
            assertThat(noLink.rsc()).isEqualTo(4000);
            assertThat(noLink.body()).contains("lnk");
            assertThat(mn.send("POST", "/cse-in/mn", "/id-mn", 10003, cntA("rel", "cse/c", null, "")).rsc())
                    .isEqualTo(4000);
            // the other CSE cannot change or delete what /id-mn announced
            assertThat(mn.send("POST", "/cse-in/mn", "/id-mn", 10003, cntA("mine", "/id-mn/cse/mine", null, ""))
                    .rsc()).isEqualTo(2001);
            assertThat(mx.send("PUT", "/cse-in/mn/mine", "/id-mx", null, "{\"m2m:cntA\":{\"mni\":1}}").rsc())
                    .isEqualTo(4103);
            assertThat(mx.send("DELETE", "/cse-in/mn/mine", "/id-mx", null, null).rsc()).isEqualTo(4103);
        }
        // an AE cannot announce: the remoteCSE is its registree's alone, and an AE is no CSE
        http.create("Creader", "/cse-in/mn", 10003, cntA("ae", "/id-in/Creader", null, "")).expect(4103);
        // the admin may clean up what a CSE announced, not change it
        http.update(M2m.ADMIN, "/cse-in/mn/mine", "{\"m2m:cntA\":{\"mni\":2}}").expect(4103);
        http.delete(M2m.ADMIN, "/cse-in/mn/mine").expect(2002);
    }

    @Test
    void announceToNamesCsesAndAstIsUnknown() {
        // at takes CSE-IDs (or the addresses of announced copies); anything else is 4000 naming it
        M2m.Rsp refused = http.create("Creader", "/cse-in/reader", 3,
                "{\"m2m:cnt\":{\"rn\":\"c\",\"at\":[\"//sp.example/id-mn\"]}}").expect(4000);
        assertThat(refused.body()).contains("at");
        // a CSE-ID is accepted: the announcement itself is performed after the commit (AnnouncementIT)
        http.create("Creader", "/cse-in/reader", 3, "{\"m2m:cnt\":{\"rn\":\"c\",\"at\":[\"/id-mn\"]}}")
                .expect(2001);
        http.update("Creader", "/cse-in/reader/c", "{\"m2m:cnt\":{\"aa\":[\"mni\"]}}").expect(2004);
        // ast (announceSyncType) is a Release 4 name without a definition here: an unknown attribute
        http.update("Creader", "/cse-in/reader/c", "{\"m2m:cnt\":{\"ast\":1}}").expect(4000);
    }

    static CredentialsCli cli(String... args) {
        List<String> a = new ArrayList<>(List.of("--data", dir.toString()));
        a.addAll(List.of(args));
        return CredentialsCli.run(a, System::getenv);
    }
}
