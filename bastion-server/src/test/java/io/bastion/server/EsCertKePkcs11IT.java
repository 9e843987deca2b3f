package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.client.CseClient;
import io.bastion.client.e2e.EsCertKe;
import io.bastion.client.e2e.EsPrim;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.environment.SoftHsm;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.EsCertKeException;
import io.bastion.security.escertke.PairwiseE2EKey;
import io.bastion.security.escertke.PeerCheck;
import io.bastion.server.it.M2m;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESCertKE with this CSE as the Terminating End-Point whose key lives in the secure environment (a SoftHSM2 token, the
 * HTTPS key of {@code https.pkcs11-*}): the handshake's signature is made on the token, the AE checks that the
 * certificate it got is the token's, and the key then protects ESPrim to the CSE. Skipped without SoftHSM2.
 */
class EsCertKePkcs11IT {
    @TempDir
    Path dir;

    @Test
    void theCsesEsCertKeSignatureIsMadeByTheTokenAndItsKeyProtectsEsprim() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        Path cfg = hsm.configFile(dir);
        hsm.generateKey(cfg, "escertke-cse", "CN=localhost");
        X509Certificate tokenCert = hsm.certificate(cfg, "escertke-cse");
        TestPki.Issued aeCa = TestPki.ca("AE CA");
        Path data = dir.resolve("data");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "trust", TestPki.writePem(dir.resolve("ae-ca.pem"),
                aeCa.cert()).toString())).as(HttpsCertificateIT.lastOutput).isZero();
        Path props = Files.writeString(dir.resolve("bastion.properties"), "https.port=0\n"
                + "https.pkcs11-config=" + cfg + "\nhttps.pkcs11-key-alias=escertke-cse\n"
                + "https.pkcs11-pin-env=MY_TOKEN_PIN\n");
        ServerConfig config = M2m.config(data).withHttps(ServerConfig.load(props).https());

        try (BastionServer server = BastionServer.start(config, Clock.systemUTC(),
                Map.of("MY_TOKEN_PIN", SoftHsm.PIN)::get);
             CseClient alice = CseClient.builder("http://127.0.0.1:" + server.httpPort()).cseId(M2m.CSE_ID)
                     .spId(M2m.SP_ID).originator("Calice").build()) {
            alice.registerAe("alice", "Nalice");
            assertThat(new M2m(server.httpPort()).retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner().path("esi")
                    .path("escert").get(0).asText()).isEqualTo(Base64.getEncoder().encodeToString(
                    tokenCert.getEncoded()));
            // the token's self-signed certificate names no CSE-ID: this AE was configured with it (8.1.2.4)
            PeerCheck theTokensCertificate = (chain, expected) -> {
                if (!chain[0].equals(tokenCert)) {
                    throw new EsCertKeException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "not the CSE");
                }
                return expected;
            };
            TestPki.Issued id = new TestPki.Spec("CN=Calice").uri("onem2m://" + M2m.SP_ID + M2m.CSE_ID + "/Calice")
                    .issue(aeCa);
            InMemoryPairwiseKeys keys = new InMemoryPairwiseKeys();
            PairwiseE2EKey key = new EsCertKe(new EndPointCredentials(id.key(), List.of(id.chain())),
                    theTokensCertificate, keys, Duration.ofMinutes(10), Clock.systemUTC())
                    .initiate(alice, "cse-in", M2m.CSE_ID);
            assertThat(EsPrim.builder(alice, keys).build().call("cse-in", key.keyId(),
                    alice.request(Operation.RETRIEVE, "cse-in/alice").build()).attribute("aei")).isEqualTo("Calice");
        }
    }
}
