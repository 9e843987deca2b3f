package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Tls;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library over HTTPS (TS-0003 10.2.2) against a real server: it trusts only the operator's CA, presents
 * an AE-ID certificate from a PKCS#12 file, and the server binds that AE-ID to the originator; another originator over
 * the same certificate is 4106, and a server whose certificate the client's CA did not issue is never spoken to.
 */
class CseClientHttpsIT {
    static final String PASSWORD = "test-keystore-secret";

    @TempDir
    static Path dir;
    static BastionServer server;
    static Path rootPem;
    static Path aeP12;

    @BeforeAll
    static void start() throws Exception {
        Issued root = TestPki.ca("Client Test Root");
        Issued aeCert = new TestPki.Spec("CN=client-ae").uri("onem2m://bastion.example/id-in/Cclient").issue(root);
        Path serverP12 = TestPki.localhostKeystore(dir, root, PASSWORD);
        rootPem = TestPki.writePem(dir.resolve("root.pem"), root.cert());
        aeP12 = TestPki.pkcs12(dir.resolve("ae.p12"), aeCert, PASSWORD.toCharArray());
        Path data = dir.resolve("data");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "trust", rootPem.toString())).isZero();
        server = BastionServer.start(M2m.config(data).withHttps(HttpsSettings.defaults().withPort(0)
                        .withKeystore(serverP12)), Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static CseClient client(String originator, Tls tls) {
        return CseClient.builder("https://localhost:" + server.httpsPort()).cseId(M2m.CSE_ID).originator(originator)
                .tls(tls).build();
    }

    @Test
    void anAeWithItsCertificateRegistersWritesAndReads() {
        try (CseClient cse = client("Cclient", Tls.trusting(rootPem).withClientCertificate(aeP12,
                PASSWORD.toCharArray()))) {
            cse.registerAe("clientae", "Nclient");
            cse.createContainer("cse-in/clientae", "data");
            cse.createContentInstance("cse-in/clientae/data", "21.5");
            assertThat(cse.latest("cse-in/clientae/data").attribute("con")).isEqualTo("21.5");
        }
    }

    @Test
    void anotherOriginatorOverTheSameCertificateIs4106() {
        try (CseClient cse = client("Csomeoneelse", Tls.trusting(rootPem).withClientCertificate(aeP12,
                PASSWORD.toCharArray()))) {
            assertThatThrownBy(() -> cse.registerAe("else", "Nelse")).isInstanceOfSatisfying(CseException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(4106);
                        assertThat(e.answered()).isTrue();
                        assertThat(e.dbg()).contains("Csomeoneelse");
                    });
        }
    }

    @Test
    void aServerTheTrustedCaDidNotCertifyIsNeverSpokenTo() throws Exception {
        Path otherPem = TestPki.writePem(dir.resolve("other.pem"), TestPki.ca("Another Root").cert());
        try (CseClient cse = client("Cclient", Tls.trusting(otherPem))) {
            assertThatThrownBy(() -> cse.retrieve("cse-in")).isInstanceOfSatisfying(CseException.class, e -> {
                assertThat(e.code()).isEqualTo(5103);
                assertThat(e.answered()).isFalse();
            });
        }
    }
}
