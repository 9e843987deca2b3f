package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.cse.config.MccConfig;
import io.bastion.server.BastionServer;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.nio.file.Files;
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
 * The Registrar's side of CSE registration (TS-0004 7.4.4.2.1) against a real server: CSEs prove their CSE-ID by a
 * TLS-PSK association bound to it, {@code registration.allowed-cses} decides who may register, and the
 * {@code <remoteCSE>} belongs to the CSE it describes.
 */
class RemoteCseRegistrationIT {
    static final String MN_KEY = "00112233445566778899aabbccddeeff";
    static final String LIAR_KEY = "0f0e0d0c0b0a09080706050403020100";
    static final String STRANGER_KEY = "ffeeddccbbaa99887766554433221100";

    @TempDir
    static Path dir;
    static BastionServer server;
    static M2m http;

    @BeforeAll
    static void start() throws IOException {
        assertThat(cli("psk", "add", "--identity", "mn@op.example", "--key", MN_KEY, "--ae", "/id-mn").code())
                .isZero();
        assertThat(cli("psk", "add", "--identity", "liar@op.example", "--key", LIAR_KEY, "--ae", "/id-mn2")
                .code()).isZero();
        assertThat(cli("psk", "add", "--identity", "stranger@op.example", "--key", STRANGER_KEY, "--ae",
                "/id-stranger").code()).isZero();
        server = BastionServer.start(M2m.config(dir).withPskPort(0)
                .withMcc(new MccConfig(MccConfig.CseType.IN, List.of("/id-mn*"))));
        http = new M2m(server.httpPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String csr(String csi, String extra) {
        return "{\"m2m:csr\":{\"rn\":\"mn\",\"cb\":\"/id-mn/cse-mn\",\"cst\":2,\"rr\":true,\"srv\":[\"3\"],"
                + "\"poa\":[\"http://127.0.0.1:1\"]" + (csi == null ? "" : ",\"csi\":\"" + csi + "\"") + extra + "}}";
    }

    static PskClient as(String identity, String key) throws IOException {
        return new PskClient(server.pskPort(), identity, HexFormat.of().parseHex(key), ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
    }

    @Test
    void aRegistreeProvedByItsAssociationRegistersOnceAndOwnsItsRemoteCse() throws Exception {
        try (PskClient mn = as("mn@op.example", MN_KEY)) {
            PskClient.Response created = mn.send("POST", "/cse-in", "/id-mn", 16, csr(null, ""));
            assertThat(created.rsc()).as(created.body()).isEqualTo(2001);
            JsonNode csr = M2m.JSON.readTree(created.body()).path("m2m:csr");
            assertThat(csr.path("ri").asText()).isEqualTo("id-mn");
            assertThat(csr.path("csi").asText()).isEqualTo("/id-mn");
            assertThat(csr.path("ty").asInt()).isEqualTo(16);
            assertThat(csr.path("cb").asText()).isEqualTo("/id-mn/cse-mn");

            // TS-0004 7.4.4.2.1 Recv-6.4: a second registration of the same CSE-ID
            assertThat(mn.send("POST", "/cse-in", "/id-mn", 16, csr(null, "").replace("\"mn\"", "\"again\""))
                    .rsc()).isEqualTo(4117);
            // the registree reads and updates its own remoteCSE; what registration fixed stays fixed
            assertThat(mn.send("GET", "/cse-in/mn", "/id-mn", null, null).rsc()).isEqualTo(2000);
            assertThat(mn.send("PUT", "/cse-in/mn", "/id-mn", null,
                    "{\"m2m:csr\":{\"poa\":[\"http://127.0.0.1:2\"]}}").rsc()).isEqualTo(2004);
            PskClient.Response fixed = mn.send("PUT", "/cse-in/mn", "/id-mn", null,
                    "{\"m2m:csr\":{\"csi\":\"/id-other\"}}");
            assertThat(fixed.rsc()).isEqualTo(4000);
            assertThat(fixed.body()).contains("csi");
        }
        // an AE of this CSE cannot read it (creator-only, no acpi), the admin can
        http.registerAe("Cnosy", "nosy");
        http.retrieve("Cnosy", "/cse-in/mn").expect(4103);
        JsonNode read = M2m.JSON.readTree(http.retrieve(M2m.ADMIN, "/cse-in/mn").expect(2000).body());
        assertThat(read.path("m2m:csr").path("poa").get(0).asText()).isEqualTo("http://127.0.0.1:2");
        JsonNode cb = M2m.JSON.readTree(http.retrieve(M2m.ADMIN, "/cse-in").expect(2000).body()).path("m2m:cb");
        assertThat(cb.path("srt").toString()).contains("16");
        assertThat(cb.path("cst").asInt()).isEqualTo(1);
    }

    @Test
    void aCseIdTheAssociationDoesNotProveOrACsiOfAnotherCseIsRefused() throws Exception {
        try (PskClient liar = as("liar@op.example", LIAR_KEY)) {
            // the association carries /id-mn2 only
            assertThat(liar.send("POST", "/cse-in", "/id-mn", 16, csr(null, "")).rsc()).isEqualTo(4106);
            // From is /id-mn2, but the content describes another CSE
            PskClient.Response other = liar.send("POST", "/cse-in", "/id-mn2", 16, csr("/id-mn9", ""));
            assertThat(other.rsc()).isEqualTo(4106);
            assertThat(other.body()).contains("csi");
        }
        // over plain HTTP a CSE-ID proves nothing (TS-0004 7.4.4.2.1: SECURITY_ASSOCIATION_REQUIRED)
        http.create("/id-mn3", "/cse-in", 16, csr(null, "")).expect(4107);
    }

    @Test
    void onlyCsesTheRegistrationPolicyAdmitsRegister() throws Exception {
        try (PskClient stranger = as("stranger@op.example", STRANGER_KEY)) {
            PskClient.Response refused = stranger.send("POST", "/cse-in", "/id-stranger", 16, csr(null, ""));
            assertThat(refused.rsc()).isEqualTo(4103);
            assertThat(refused.body()).contains("is not allowed to register with this CSE");
        }
        assertThat(server.audit().sync(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(Files.readString(dir.resolve("audit.log"))).contains("/id-stranger")
                .contains("is not allowed to register with this CSE");
    }

    @Test
    void anAeOrTheAdminCannotRegisterACseAndBadContentIsNamed() throws Exception {
        http.registerAe("Cwannabe", "wannabe");
        http.create("Cwannabe", "/cse-in", 16, csr(null, "")).expect(4005);
        http.create(M2m.ADMIN, "/cse-in", 16, csr(null, "")).expect(4005);
        try (PskClient mn = as("liar@op.example", LIAR_KEY)) {
            PskClient.Response noCb = mn.send("POST", "/cse-in", "/id-mn2", 16,
                    csr(null, "").replace("\"cb\":\"/id-mn/cse-mn\",", ""));
            assertThat(noCb.rsc()).isEqualTo(4000);
            assertThat(noCb.body()).contains("cb");
            PskClient.Response badType = mn.send("POST", "/cse-in", "/id-mn2", 16, csr(null, "").replace(
                    "\"cst\":2", "\"cst\":9"));
            assertThat(badType.rsc()).isEqualTo(4000);
            assertThat(badType.body()).contains("cst");
        }
    }

    static CredentialsCli cli(String... args) {
        List<String> a = new ArrayList<>(List.of("--data", dir.toString()));
        a.addAll(List.of(args));
        return CredentialsCli.run(a, System::getenv);
    }
}
