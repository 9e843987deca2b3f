package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import io.bastion.security.certificate.Certificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate credentials withdrawn on a running server reach connections that are already open (issue 4, item 6):
 * real TLS handshakes with client certificates over kept-alive JSSE connections, the credentials changed through the
 * command line code ({@code bastion credentials cert untrust|revoke|unbind}), then the next request on the same
 * connection.
 */
class HttpsRevocationIT {
    static final String PASSWORD = "revocation-keystore-secret";

    @TempDir
    static Path dir;
    static Path data;
    static BastionServer server;
    static Issued root;

    @BeforeAll
    static void start() throws Exception {
        root = TestPki.ca("Revocation Test Root");
        Path p12 = TestPki.localhostKeystore(dir, root, PASSWORD);
        data = dir.resolve("data");
        assertThat(cli("cert", "trust", TestPki.writePem(dir.resolve("root.pem"), root.cert()).toString()))
                .isZero();
        ServerConfig config = M2m.config(data).withAdminPort(-1)
                .withHttps(HttpsSettings.defaults().withPort(0).withKeystore(p12));
        server = BastionServer.start(config, Clock.systemUTC(), name -> PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void untrustingTheCaRefusesTheNextRequestOfAnOpenConnectionAndClosesIt() throws Exception {
        Issued ca = TestPki.ca("Withdrawn CA");
        Issued cert = new TestPki.Spec("CN=untr").uri("onem2m://bastion.example/id-in/Cuntr").issue(ca);
        assertThat(cli("cert", "trust", TestPki.writePem(dir.resolve("withdrawn.pem"), ca.cert()).toString()))
                .isZero();
        try (HttpsConnection c = new HttpsConnection(context(cert), server.httpsPort())) {
            c.send("POST", "/cse-in", "Cuntr", 2, M2m.aeBody("untr")).expect(2001);
            c.get("/cse-in/untr", "Cuntr").expect(2000);

            assertThat(cli("cert", "untrust", "--fingerprint", Certificates.fingerprint(ca.cert()))).isZero();
            awaitHandshakeRefused(context(cert));

            M2m.Rsp r = c.get("/cse-in/untr", "Cuntr").expect(4107);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.dbg()).contains("33-" + Certificates.fingerprint(cert.cert()))
                    .contains("no trusted CA issued").contains("establish a new security association");
            assertThat(r.headers().get("connection")).isEqualToIgnoringCase("close");
            assertThatThrownBy(() -> c.get("/cse-in/untr", "Cuntr")).as("closed after the refusal")
                    .isInstanceOf(IOException.class);
            assertAudited(r);
        }
    }

    @Test
    void revokingTheClientCertificateRefusesItsOpenConnectionAndItsNewHandshakes() throws Exception {
        Issued cert = new TestPki.Spec("CN=revk").uri("onem2m://bastion.example/id-in/Crevk").issue(root);
        String fp = Certificates.fingerprint(cert.cert());
        // One client context for every connection: a later handshake may resume the first one's session.
        SSLContext ctx = context(cert);
        try (HttpsConnection c = new HttpsConnection(ctx, server.httpsPort())) {
            c.send("POST", "/cse-in", "Crevk", 2, M2m.aeBody("revk")).expect(2001);
            try (HttpsConnection second = new HttpsConnection(ctx, server.httpsPort())) {
                second.get("/cse-in/revk", "Crevk").expect(2000);
            }

            assertThat(cli("cert", "revoke", "--fingerprint", fp)).as(lastOutput).isZero();
            assertThat(lastOutput).contains("revoked: sha256=" + fp);
            awaitHandshakeRefused(ctx);
            assertHandshakeRefused(context(cert));

            M2m.Rsp r = c.get("/cse-in/revk", "Crevk").expect(4107);
            assertThat(r.dbg()).contains("CN=revk").contains(fp).contains("revoked by the operator");
            assertThatThrownBy(() -> c.get("/cse-in/revk", "Crevk")).isInstanceOf(IOException.class);
            assertAudited(r);
        }
        assertThat(cli("cert", "list")).isZero();
        assertThat(lastOutput).contains("revoked certificates:").contains("sha256=" + fp);
        assertThat(cli("cert", "revoke", "--fingerprint", fp)).isZero();
        assertThat(lastOutput).contains("already revoked");

        // Taking it back lets the certificate in again at new handshakes.
        assertThat(cli("cert", "unrevoke", "--fingerprint", fp)).as(lastOutput).isZero();
        try (HttpsConnection again = awaitHandshakeAccepted(context(cert))) {
            again.get("/cse-in/revk", "Crevk").expect(2000);
        }
        assertThat(cli("cert", "unrevoke", "--fingerprint", fp)).isEqualTo(1);
        assertThat(cli("cert", "list")).isZero();
        assertThat(lastOutput).doesNotContain(fp);
    }

    @Test
    void revokingTheCaCertificateRefusesEveryChainItIssuedEvenWhileTrusted() throws Exception {
        Issued ca = TestPki.ca("Compromised CA");
        Issued cert = new TestPki.Spec("CN=comp").uri("onem2m://bastion.example/id-in/Ccomp").issue(ca);
        assertThat(cli("cert", "trust", TestPki.writePem(dir.resolve("compromised.pem"), ca.cert()).toString()))
                .isZero();
        try (HttpsConnection c = new HttpsConnection(context(cert), server.httpsPort())) {
            c.send("POST", "/cse-in", "Ccomp", 2, M2m.aeBody("comp")).expect(2001);

            String caFp = Certificates.fingerprint(ca.cert());
            assertThat(cli("cert", "revoke", "--fingerprint", caFp.toUpperCase())).isZero();
            awaitHandshakeRefused(context(cert));

            M2m.Rsp r = c.get("/cse-in/comp", "Ccomp").expect(4107);
            assertThat(r.dbg()).contains("CN=Compromised CA").contains(caFp).contains("revoked by the operator");
        }
        assertThat(cli("cert", "list")).isZero();
        assertThat(lastOutput).contains("CN=Compromised CA").contains("sha256=" + Certificates.fingerprint(
                ca.cert()) + "  since");
    }

    @Test
    void unbindingAFingerprintBoundCertificateRefusesItsNextRequestWith4106OverTheSameConnection() throws Exception {
        Issued device = new TestPki.Spec("CN=bound-device").issue(root); // names no AE-ID: bindings only
        String fp = Certificates.fingerprint(device.cert());
        assertThat(cli("cert", "bind", "--subject", fp, "--ae", "Cbound")).as(lastOutput).isZero();
        try (HttpsConnection c = new HttpsConnection(context(device), server.httpsPort())) {
            c.send("POST", "/cse-in", "Cbound", 2, M2m.aeBody("bound")).expect(2001);
            c.get("/cse-in/bound", "Cbound").expect(2000);

            assertThat(cli("cert", "unbind", "--subject", fp)).as(lastOutput).isZero();
            try (HttpsConnection fresh = new HttpsConnection(context(device), server.httpsPort())) {
                fresh.get("/cse-in/bound", "Cbound").expect(4106); // the server has read the bindings again
            }
            M2m.Rsp r = c.get("/cse-in/bound", "Cbound").expect(4106);
            assertThat(r.dbg()).contains("may not be used over this security association");
            // not a revocation: the certificate is still valid, the connection stays open
            c.get("/cse-in/bound", "Cbound").expect(4106);

            // bound again, the same connection may use the AE-ID again
            assertThat(cli("cert", "bind", "--subject", "sha256=" + fp, "--ae", "Cbound")).isZero();
            try (HttpsConnection fresh = new HttpsConnection(context(device), server.httpsPort())) {
                fresh.get("/cse-in/bound", "Cbound").expect(2000);
            }
            c.get("/cse-in/bound", "Cbound").expect(2000);
        }
    }

    @Test
    void theRevokeCommandRefusesWhatIsNotAFingerprint() {
        assertThat(cli("cert", "revoke", "--fingerprint", "abc")).isEqualTo(2);
        assertThat(lastOutput).contains("not a SHA-256 fingerprint");
        assertThat(cli("cert", "revoke")).isEqualTo(2);
        assertThat(cli("cert", "unrevoke", "--subject", "x")).isEqualTo(2);
        assertThat(lastOutput).contains("cert revoke").contains("cert unrevoke");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static String lastOutput;

    static int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = CredentialsCommand.run(all, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        lastOutput = out.toString(StandardCharsets.UTF_8);
        return rc;
    }

    static SSLContext context(Issued cert) throws Exception {
        return TestPki.client(cert, root.cert());
    }

    /** A handshake and a request; the refusal of a client certificate may show only at the first read (TLS 1.3). */
    static boolean refused(SSLContext ctx) {
        try (HttpsConnection c = new HttpsConnection(ctx, server.httpsPort())) {
            c.get("/cse-in", "Cprobe");
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static void assertHandshakeRefused(SSLContext ctx) {
        assertThat(refused(ctx)).as("handshake refused").isTrue();
    }

    /** Waits (at most 5 s) until the server refuses the handshake: it has read the changed credentials. */
    static void awaitHandshakeRefused(SSLContext ctx) throws Exception {
        Eventually.holds("handshake still accepted", Duration.ofSeconds(5), () -> refused(ctx));
    }

    static HttpsConnection awaitHandshakeAccepted(SSLContext ctx) throws Exception {
        return Eventually.present("handshake still refused", Duration.ofSeconds(5), () -> {
            HttpsConnection c = new HttpsConnection(ctx, server.httpsPort());
            try {
                c.get("/cse-in", "Cprobe");
                return c;
            } catch (IOException e) {
                c.close();
                return null;
            }
        });
    }

    /** The refusal is a DENY line of the audit log with 4107 and door https. */
    static void assertAudited(M2m.Rsp r) throws Exception {
        AuditLines.assertRevoked(data, r.headers().get("x-m2m-ri"), "https");
    }
}
