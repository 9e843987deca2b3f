package io.bastion.server;

import static io.bastion.server.it.M2m.aeBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.bindings.coap.CoapBinding;
import io.bastion.bindings.coap.CoapsSecurity;
import io.bastion.bindings.https.ClientCertificates;
import io.bastion.core.codec.Codecs;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.MutableClock;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.Pkcs12ServerCredentials;
import io.bastion.security.certificate.PublicKeyId;
import io.bastion.security.certificate.TrustStore;
import io.bastion.security.credential.FilePskStore;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.coap.CoapTestClient;
import io.bastion.server.coap.CoapTestClient.Rsp;
import io.bastion.server.it.M2m;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials withdrawn on a running server reach {@code coaps} sessions that are already open: real DTLS 1.2
 * handshakes with Scandium's client, the credential changed through the command line code ({@code bastion
 * credentials psk remove|rotate}, {@code cert untrust|revoke|unbind}), then the next request over the same DTLS
 * session: 4107 (CoAP 4.03, TS-0008 table 6.2.4-1) and the session ended, so that the client's next request needs a
 * handshake, which fails; or, for a binding removed from a still valid certificate, 4106 over the same session.
 */
class CoapsRevocationIT {
    static final String PASSWORD = "coaps-revocation-secret";

    @TempDir
    static Path dir;
    static Path data;
    static Path p12;
    static BastionServer server;
    static Issued root;

    @BeforeAll
    static void start() throws Exception {
        root = TestPki.ca("Coaps Revocation Root");
        p12 = TestPki.localhostKeystore(dir, root, PASSWORD);
        data = dir.resolve("data");
        assertThat(cli("cert", "trust", TestPki.writePem(dir.resolve("root.pem"), root.cert()).toString())).isZero();
        ServerConfig config = M2m.config(data).withCoap(new CoapSettings(-1, 0))
                .withHttps(HttpsSettings.defaults().withKeystore(p12));
        server = BastionServer.start(config, Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ PSK

    @Test
    void removingAPskRefusesTheNextRequestOfItsOpenSessionWith4107AndItsNextHandshake() throws Exception {
        String id = "coapsgone@issuer.example";
        String key = "00112233445566778899aabbccddeeff";
        assertThat(cli("psk", "add", "--identity", id, "--key", key, "--ae", "Ccgone")).as(lastOutput).isZero();
        try (CoapTestClient open = awaitAccepted(() -> psk(id, key))) {
            assertThat(open.create("Ccgone", "/cse-in", 2, aeBody("cgone")).rsc()).isEqualTo(2001);
            assertThat(open.retrieve("Ccgone", "/cse-in/cgone").rsc()).isEqualTo(2000);

            assertThat(cli("psk", "remove", "--identity", id)).as(lastOutput).isZero();
            awaitRefused(() -> psk(id, key)); // the server has read the change

            Rsp r = open.retrieve("Ccgone", "/cse-in/cgone");
            assertRevoked(r, "12-" + id, "was removed");
            assertThat(open.retrieve("Ccgone", "/cse-in/cgone")).as("the session was ended: a new handshake, "
                    + "which the removed identity cannot complete").isNull();
        }
    }

    @Test
    void rotatingAPskEndsTheSessionsOfTheOldKeyAndServesTheNewOne() throws Exception {
        String id = "coapsrot@issuer.example";
        String oldKey = "0f0e0d0c0b0a09080706050403020100";
        String newKey = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
        assertThat(cli("psk", "add", "--identity", id, "--key", oldKey, "--ae", "Ccrot")).as(lastOutput).isZero();
        try (CoapTestClient old = awaitAccepted(() -> psk(id, oldKey))) {
            assertThat(old.create("Ccrot", "/cse-in", 2, aeBody("crot")).rsc()).isEqualTo(2001);

            assertThat(cli("psk", "rotate", "--identity", id, "--key", newKey)).as(lastOutput).isZero();
            assertThat(lastOutput).doesNotContain(newKey);
            try (CoapTestClient fresh = awaitAccepted(() -> psk(id, newKey))) {
                assertThat(fresh.retrieve("Ccrot", "/cse-in/crot").rsc()).isEqualTo(2000);

                assertRevoked(old.retrieve("Ccrot", "/cse-in/crot"), "12-" + id, "was given a new key");
                assertThat(old.retrieve("Ccrot", "/cse-in/crot")).as("the old key's handshake fails").isNull();
                // the session of the new key is untouched
                assertThat(fresh.retrieve("Ccrot", "/cse-in/crot").rsc()).isEqualTo(2000);
            }
        }
    }

    @Test
    void anotherIdentitysChangeLeavesAnOpenSessionServed() throws Exception {
        String id = "coapsstays@issuer.example";
        String key = "ffeeddccbbaa99887766554433221100";
        assertThat(cli("psk", "add", "--identity", id, "--key", key, "--ae", "Ccstays")).as(lastOutput).isZero();
        KeyPair rpk = TestPki.ec();
        String rpkId = PublicKeyId.of(rpk.getPublic(), PublicKeyId.Algorithm.SHA_256).credentialId();
        assertThat(cli("cert", "bind", "--subject", rpkId, "--ae", "Ccstaysrpk")).as(lastOutput).isZero();
        try (CoapTestClient c = awaitAccepted(() -> psk(id, key));
             CoapTestClient k = awaitAccepted(() -> rawKeyClient(rpk))) {
            assertThat(c.create("Ccstays", "/cse-in", 2, aeBody("cstays")).rsc()).isEqualTo(2001);
            assertThat(k.create("Ccstaysrpk", "/cse-in", 2, aeBody("cstaysrpk")).rsc()).isEqualTo(2001);

            String other = "coapsbystander@issuer.example";
            String otherKey = "1234567890abcdef1234567890abcdef";
            assertThat(cli("psk", "add", "--identity", other, "--key", otherKey, "--ae", "Ccby")).isZero();
            Issued stranger = TestPki.ca("Bystander CA");
            assertThat(cli("cert", "trust", TestPki.writePem(dir.resolve("bystander.pem"), stranger.cert())
                    .toString())).isZero();
            awaitAccepted(() -> psk(other, otherKey)).close(); // the server has read the PSK file again
            awaitAccepted(() -> certificateClient(new TestPki.Spec("CN=by").uri("onem2m://bastion.example/id-in/Cby")
                    .issue(stranger))).close(); // and the trusted CAs

            for (int i = 0; i < 2; i++) {
                assertThat(c.retrieve("Ccstays", "/cse-in/cstays").rsc()).isEqualTo(2000);
                assertThat(k.retrieve("Ccstaysrpk", "/cse-in/cstaysrpk").rsc()).isEqualTo(2000);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- certificates

    @Test
    void untrustingTheCaRefusesTheNextRequestOfAnOpenSessionWith4107() throws Exception {
        Issued ca = TestPki.ca("Coaps Withdrawn CA");
        Issued cert = new TestPki.Spec("CN=cuntr").uri("onem2m://bastion.example/id-in/Ccuntr").issue(ca);
        assertThat(cli("cert", "trust", TestPki.writePem(dir.resolve("withdrawn.pem"), ca.cert()).toString()))
                .isZero();
        try (CoapTestClient c = awaitAccepted(() -> certificateClient(cert))) {
            assertThat(c.create("Ccuntr", "/cse-in", 2, aeBody("cuntr")).rsc()).isEqualTo(2001);

            assertThat(cli("cert", "untrust", "--fingerprint", Certificates.fingerprint(ca.cert()))).isZero();
            awaitRefused(() -> certificateClient(cert));

            assertRevoked(c.retrieve("Ccuntr", "/cse-in/cuntr"), "33-" + Certificates.fingerprint(cert.cert()),
                    "no trusted CA issued");
            assertThat(c.retrieve("Ccuntr", "/cse-in/cuntr")).as("a new handshake is refused").isNull();
        }
    }

    @Test
    void revokingTheClientCertificateRefusesItsOpenSessionWith4107() throws Exception {
        Issued cert = new TestPki.Spec("CN=crevk").uri("onem2m://bastion.example/id-in/Ccrevk").issue(root);
        String fp = Certificates.fingerprint(cert.cert());
        try (CoapTestClient c = awaitAccepted(() -> certificateClient(cert))) {
            assertThat(c.create("Ccrevk", "/cse-in", 2, aeBody("crevk")).rsc()).isEqualTo(2001);

            assertThat(cli("cert", "revoke", "--fingerprint", fp)).as(lastOutput).isZero();
            awaitRefused(() -> certificateClient(cert));

            assertRevoked(c.retrieve("Ccrevk", "/cse-in/crevk"), fp, "revoked by the operator");
            assertThat(c.retrieve("Ccrevk", "/cse-in/crevk")).as("a new handshake is refused").isNull();
        }
    }

    @Test
    void unbindingAFingerprintBoundCertificateAnswers4106OverTheSameSession() throws Exception {
        Issued device = new TestPki.Spec("CN=coaps-bound-device").issue(root); // names no AE-ID: bindings only
        String fp = Certificates.fingerprint(device.cert());
        assertThat(cli("cert", "bind", "--subject", fp, "--ae", "Ccbound")).as(lastOutput).isZero();
        try (CoapTestClient c = awaitAccepted(() -> certificateClient(device))) {
            assertThat(c.create("Ccbound", "/cse-in", 2, aeBody("cbound")).rsc()).isEqualTo(2001);
            Rsp before = c.retrieve("Ccbound", "/cse-in/cbound");
            assertThat(before.rsc()).isEqualTo(2000);

            assertThat(cli("cert", "unbind", "--subject", fp)).as(lastOutput).isZero();
            Rsp r = await(() -> c.retrieve("Ccbound", "/cse-in/cbound"), x -> x.rsc() == 4106);
            assertThat(r.code()).isEqualTo("4.03");
            assertThat(r.raw().getResponseText()).contains("may not be used over this security association");
            // not a revocation: the certificate is still valid, the session stays (no new handshake)
            Rsp again = c.retrieve("Ccbound", "/cse-in/cbound");
            assertThat(again.rsc()).isEqualTo(4106);
            assertThat(sessionOf(again)).isEqualTo(sessionOf(before));

            // bound again, the same session may use the AE-ID again
            assertThat(cli("cert", "bind", "--subject", "sha256=" + fp, "--ae", "Ccbound")).isZero();
            Rsp back = await(() -> c.retrieve("Ccbound", "/cse-in/cbound"), x -> x.rsc() == 2000);
            assertThat(sessionOf(back)).isEqualTo(sessionOf(before));
        }
    }

    @Test
    void unbindingARawPublicKeyWithdrawsItAndEndsItsSession() throws Exception {
        KeyPair kp = TestPki.ec();
        String id = PublicKeyId.of(kp.getPublic(), PublicKeyId.Algorithm.SHA_256).credentialId();
        assertThat(cli("cert", "bind", "--subject", id, "--ae", "Ccrpk")).as(lastOutput).isZero();
        try (CoapTestClient c = awaitAccepted(() -> rawKeyClient(kp))) {
            assertThat(c.create("Ccrpk", "/cse-in", 2, aeBody("crpk")).rsc()).isEqualTo(2001);

            assertThat(cli("cert", "unbind", "--subject", id)).as(lastOutput).isZero();
            awaitRefused(() -> rawKeyClient(kp));

            assertRevoked(c.retrieve("Ccrpk", "/cse-in/crpk"), id, "is bound to no AE-ID or CSE-ID");
            assertThat(c.retrieve("Ccrpk", "/cse-in/crpk")).as("a new handshake is refused").isNull();
        }
    }

    /**
     * A certificate that expires while its session is open: the door's own binding with a clock the test moves, and a
     * processor that records each request's peer.
     */
    @Test
    void aCertificateExpiringWhileItsSessionIsOpenRevokesTheSession() throws Exception {
        Instant now = Instant.now();
        Issued cert = new TestPki.Spec("CN=cexp").uri("onem2m://bastion.example/id-in/Ccexp")
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofHours(1))).issue(root);
        MutableClock clock = new MutableClock(now);
        CertificateAuthenticator authenticator = new CertificateAuthenticator(TrustStore.inDataDir(data),
                CertificateBindings.inDataDir(data), new IdForms("bastion.example", "/id-in"), clock);
        BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        CoapsSecurity security = new CoapsSecurity(FilePskStore.inDataDir(data),
                Pkcs12ServerCredentials.load(p12, PASSWORD.toCharArray()), authenticator, ClientCertificates.OPTIONAL);
        try (CoapBinding door = CoapBinding.dtls("127.0.0.1", 0, 4096, workers, (rq, peer) -> {
            peers.add(peer);
            return peer.authentication() instanceof Authentication.Revoked
                    ? Response.error(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED, "revoked")
                    : Response.error(ResponseStatusCode.NOT_FOUND, "recorded");
        }, new Codecs(), security).start();
             CoapTestClient c = certificateClient(door.port(), cert)) {
            assertThat(c.retrieve("Ccexp", "/cse-in").rsc()).isEqualTo(4004);
            assertThat(peers.poll(5, TimeUnit.SECONDS).authentication()).isInstanceOf(Authentication.Verified.class);

            clock.advance(Duration.ofHours(2));
            Rsp r = await(() -> c.retrieve("Ccexp", "/cse-in"), x -> x.rsc() == 4107);
            Authentication last = null;
            for (Peer p = peers.poll(); p != null; p = peers.poll()) {
                last = p.authentication();
            }
            assertThat(last).isInstanceOf(Authentication.Revoked.class);
            assertThat(((Authentication.Revoked) last).reason()).contains("expired");
            assertThat(r.code()).isEqualTo("4.03");
            assertThat(c.retrieve("Ccexp", "/cse-in")).as("a new handshake is refused at the moved clock").isNull();
        } finally {
            workers.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static String lastOutput;

    static int cli(String... args) {
        int rc = HttpsCertificateIT.credentials(data, args);
        lastOutput = HttpsCertificateIT.lastOutput;
        return rc;
    }

    static CoapTestClient psk(String identity, String key) {
        return CoapTestClient.dtls(server.coapsPort(), identity, HexFormat.of().parseHex(key));
    }

    static CoapTestClient certificateClient(Issued id) {
        return certificateClient(server.coapsPort(), id);
    }

    static CoapTestClient certificateClient(int port, Issued id) {
        return CoapTestClient.dtls(port, b -> b
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .setCertificateIdentityProvider(new CoapsCertificateIT.FixedIdentity(id))
                .set(DtlsConfig.DTLS_TRUNCATE_CLIENT_CERTIFICATE_PATH, false)
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(root.cert()).build()));
    }

    static CoapTestClient rawKeyClient(KeyPair kp) {
        return CoapTestClient.dtls(server.coapsPort(), b -> b
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .setCertificateIdentityProvider(new SingleCertificateProvider(kp.getPrivate(), kp.getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(root.cert()).setTrustAllRPKs().build()));
    }

    /** The refusal of a revoked session: 4107 as CoAP 4.03, naming the credential and why, audited for coaps. */
    static void assertRevoked(Rsp r, String credential, String reason) throws Exception {
        assertThat(r).as("an answer over the open session").isNotNull();
        assertThat(r.rsc()).as("%s", r).isEqualTo(4107);
        assertThat(r.code()).isEqualTo("4.03");
        assertThat(r.raw().getResponseText()).contains(credential).contains(reason)
                .contains("establish a new security association");
        assertAudited(r.rqi());
    }

    /** The DTLS session a response came over, and the handshake that made it (a resumption has another). */
    static String sessionOf(Rsp r) {
        var context = r.raw().advanced().getSourceContext();
        return context.get(DtlsEndpointContext.KEY_SESSION_ID) + "@"
                + context.get(DtlsEndpointContext.KEY_HANDSHAKE_TIMESTAMP);
    }

    /**
     * A client whose first request is answered: waits for the server to read a change (within its recheck
     * interval). The bound is generous because a handshake that fails may end only by the client's retransmission
     * timeouts, several seconds.
     */
    static CoapTestClient awaitAccepted(Supplier<CoapTestClient> clients) throws Exception {
        return Eventually.present("handshake still refused", Duration.ofSeconds(30), () -> {
            CoapTestClient c = clients.get();
            if (c.retrieve("Cprobe", "/cse-in") != null) {
                return c;
            }
            c.close();
            return null;
        });
    }

    /** Waits until a new client's handshake is refused: the server has read the change. */
    static void awaitRefused(Supplier<CoapTestClient> clients) throws Exception {
        Eventually.holds("handshake still accepted", Duration.ofSeconds(30), () -> {
            try (CoapTestClient c = clients.get()) {
                return c.retrieve("Cprobe", "/cse-in") == null;
            }
        });
    }

    /** Sends until the answer matches (at most 5 s): a change is seen within the sources' recheck interval. */
    static Rsp await(Supplier<Rsp> request, Predicate<Rsp> done) throws Exception {
        return Eventually.matches(Duration.ofSeconds(5), () -> {
            Rsp r = request.get();
            assertThat(r).as("an answer").isNotNull();
            return r;
        }, done);
    }

    /** The refusal of request {@code rqi} is a DENY line of the audit log with 4107 and door coaps. */
    static void assertAudited(String rqi) throws Exception {
        AuditLines.assertRevoked(data, rqi, "coaps");
    }
}
