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
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.Pkcs12ServerCredentials;
import io.bastion.security.certificate.PublicKeyId;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.coap.CoapTestClient;
import io.bastion.server.coap.CoapTestClient.Rsp;
import io.bastion.server.it.M2m;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.scandium.config.DtlsConfig;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.CertificateIdentityResult;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography;
import org.eclipse.californium.scandium.dtls.x509.CertificateProvider;
import org.eclipse.californium.scandium.util.ServerNames;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code coaps} door with certificates and raw public keys (TS-0003 8.2.2.2, 10.1.1, 10.2.3; RFC 7250) end to
 * end: real DTLS 1.2 handshakes with Scandium's client against a server whose key is a PKCS#12 keystore (the HTTPS
 * door's key, HTTPS itself disabled), certificates made for the test, PSK still served on the same port.
 */
class CoapsCertificateIT {
    static final String PASSWORD = "test-keystore-secret";
    static final String PSK_ID = "coapsmixed@issuer.example";
    static final String PSK_KEY = "101112131415161718191a1b1c1d1e1f";
    static final String NODE_ID = "urn:oid:0.2.481.1.100.3030.10011";

    @TempDir
    static Path dir;
    static Path data;
    static Path p12;
    static BastionServer server;
    static Issued root;

    @BeforeAll
    static void start() throws Exception {
        root = TestPki.ca("Coaps Test Root");
        p12 = TestPki.localhostKeystore(dir, root, PASSWORD);
        data = dir.resolve("data");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "trust",
                TestPki.writePem(dir.resolve("root.pem"), root.cert()).toString())).isZero();
        FilePskStore.inDataDir(data).add(new PskCredential(PSK_ID, PreSharedKey.fromHex(PSK_KEY), Set.of("Cmixedpsk")));
        ServerConfig config = M2m.config(data).withCoap(new CoapSettings(-1, 0))
                .withHttps(HttpsSettings.defaults().withKeystore(p12));
        server = BastionServer.start(config, Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
        assertThat(server.httpsPort()).as("HTTPS stays off").isEqualTo(-1);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------------------------------ client side

    /** A client presenting {@code id}'s chain, offering only the CCM_8 certificate suite, trusting the test root. */
    static CoapTestClient certificateClient(int port, Issued id) {
        return CoapTestClient.dtls(port, b -> b
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .setCertificateIdentityProvider(new FixedIdentity(id))
                // Scandium would otherwise cut the chain down to the CAs the server names: nothing for a stranger
                .set(DtlsConfig.DTLS_TRUNCATE_CLIENT_CERTIFICATE_PATH, false)
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(root.cert()).build()));
    }

    /** Always presents the one chain, whatever CAs the server names (so that refusals are the server's). */
    record FixedIdentity(Issued id) implements CertificateProvider {
        @Override
        public List<CipherSuite.CertificateKeyAlgorithm> getSupportedCertificateKeyAlgorithms() {
            return List.of(CipherSuite.CertificateKeyAlgorithm.EC);
        }

        @Override
        public List<CertificateType> getSupportedCertificateTypes() {
            return List.of(CertificateType.X_509);
        }

        @Override
        public CertificateIdentityResult requestCertificateIdentity(ConnectionId cid, boolean client,
                List<X500Principal> issuers, ServerNames serverNames,
                List<CipherSuite.CertificateKeyAlgorithm> keyAlgorithms,
                List<SignatureAndHashAlgorithm> signatures, List<XECDHECryptography.SupportedGroup> curves) {
            return new CertificateIdentityResult(cid, id.key(), List.of(id.chain()));
        }

        @Override
        public void setResultHandler(HandshakeResultHandler handler) {
            // answers synchronously
        }
    }

    /** A client authenticating with a raw public key (RFC 7250), accepting the server's key as X.509 or raw. */
    static CoapTestClient rawKeyClient(int port, KeyPair kp) {
        return CoapTestClient.dtls(port, b -> b
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .setCertificateIdentityProvider(new SingleCertificateProvider(kp.getPrivate(), kp.getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(root.cert()).setTrustAllRPKs().build()));
    }

    static String cipher(Rsp r) {
        return r.raw().advanced().getSourceContext().get(DtlsEndpointContext.KEY_CIPHER);
    }

    static Issued aeCertificate(String aeId) {
        return new TestPki.Spec("CN=" + aeId).uri("onem2m://bastion.example/id-in/" + aeId).issue(root);
    }

    /** {@code cert id --public-key} on a PEM file of the key, as an operator would run it. */
    static String rawKeyId(KeyPair kp) throws Exception {
        Path pem = Files.writeString(dir.resolve("rpk-" + System.nanoTime() + ".pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(kp.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "id", "--public-key", pem.toString())).isZero();
        return HttpsCertificateIT.lastOutput.strip();
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void anAeCertificateOverCcm8RegistersItsAeAndUsesItsRights() {
        try (CoapTestClient c = certificateClient(server.coapsPort(), aeCertificate("Ccoapcert1"))) {
            Rsp ae = c.create("Ccoapcert1", "/cse-in", 2, aeBody("coapcert1"));
            assertThat(ae).as("no answer: handshake failed").isNotNull();
            assertThat(ae.rsc()).as("%s", ae).isEqualTo(2001);
            assertThat(cipher(ae)).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8.name());
            assertThat(c.create("Ccoapcert1", "/cse-in/coapcert1", 3, "{\"m2m:cnt\":{\"rn\":\"box\"}}").rsc())
                    .isEqualTo(2001);
            assertThat(c.create("Ccoapcert1", "/cse-in/coapcert1/box", 4, "{\"m2m:cin\":{\"con\":\"7\"}}").rsc())
                    .isEqualTo(2001);
            Rsp la = c.retrieve("Ccoapcert1", "/cse-in/coapcert1/box/la");
            assertThat(la.rsc()).as("%s", la).isEqualTo(2000);
            assertThat(la.body().path("m2m:cin").path("con").asText()).isEqualTo("7");
        }
    }

    @Test
    void anAeCertificateClaimingAnotherAeIsRefusedWith4106() {
        try (CoapTestClient c = certificateClient(server.coapsPort(), aeCertificate("Ccoapcert2"))) {
            Rsp own = c.create("Ccoapcert2", "/cse-in", 2, aeBody("coapcert2"));
            assertThat(own.rsc()).as("%s", own).isEqualTo(2001);
            Rsp other = c.create("Ccoapother", "/cse-in", 2, aeBody("coapother"));
            assertThat(other.code()).as("%s", other).isEqualTo("4.03");
            assertThat(other.rsc()).isEqualTo(4106);
            Rsp read = c.retrieve("Ccoapcert1", "/cse-in");
            assertThat(read.rsc()).as("%s", read).isEqualTo(4106);
        }
    }

    @Test
    void expiredAndUntrustedCertificatesAreRefusedAtTheHandshake() {
        Issued expired = new TestPki.Spec("CN=old").uri("onem2m://bastion.example/id-in/Cold")
                .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
                .issue(root);
        Issued stranger = new TestPki.Spec("CN=stranger").uri("onem2m://bastion.example/id-in/Cstranger")
                .issue(TestPki.ca("Somebody Else"));
        for (Issued refused : List.of(expired, stranger)) {
            try (CoapTestClient c = certificateClient(server.coapsPort(), refused)) {
                assertThat(c.retrieve("Cold", "/cse-in")).as(refused.cert().getSubjectX500Principal().getName())
                        .isNull();
            }
        }
    }

    @Test
    void aBoundRawPublicKeyActsForItsAesAndLosesThemWhenUnbound() throws Exception {
        KeyPair kp = TestPki.ec();
        String id = rawKeyId(kp);
        assertThat(id).isEqualTo(PublicKeyId.of(kp.getPublic(), PublicKeyId.Algorithm.SHA_256).credentialId())
                .startsWith("30-sha-256.");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "bind", "--subject", id, "--ae", "Crpk1")).isZero();
        try (CoapTestClient c = rawKeyClient(server.coapsPort(), kp)) {
            Rsp ae = c.create("Crpk1", "/cse-in", 2, aeBody("rpk1"));
            assertThat(ae).as("no answer: handshake failed").isNotNull();
            assertThat(ae.rsc()).as("%s", ae).isEqualTo(2001);
            assertThat(c.retrieve("Cother", "/cse-in").rsc()).isEqualTo(4106);
            // a raw public key authenticates by its binding only: unbinding withdraws it, also on the open session
            // (CoapsRevocationIT has the details)
            assertThat(HttpsCertificateIT.credentials(data, "cert", "unbind", "--subject", id)).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) { // until the server has read the bindings again: a new handshake is refused
                try (CoapTestClient probe = rawKeyClient(server.coapsPort(), kp)) {
                    if (probe.retrieve("Crpk1", "/cse-in") == null) {
                        break;
                    }
                }
                assertThat(System.nanoTime()).as("handshake still accepted").isLessThan(deadline);
                Thread.sleep(20);
            }
            Rsp after = c.retrieve("Crpk1", "/cse-in/rpk1");
            assertThat(after.rsc()).as("%s", after).isEqualTo(4107);
            assertThat(c.retrieve("Crpk1", "/cse-in/rpk1")).as("the session was ended").isNull();
        }
    }

    @Test
    void aRawPublicKeyBoundByItsTruncatedNiNameIsAccepted() throws Exception {
        KeyPair kp = TestPki.ec();
        String ni = PublicKeyId.of(kp.getPublic(), PublicKeyId.Algorithm.SHA_256_120).niUri();
        assertThat(HttpsCertificateIT.credentials(data, "cert", "bind", "--subject", ni, "--ae", "Crpk2")).isZero();
        assertThat(HttpsCertificateIT.lastOutput).contains("30-sha-256-120.");
        try (CoapTestClient c = rawKeyClient(server.coapsPort(), kp)) {
            Rsp ae = c.create("Crpk2", "/cse-in", 2, aeBody("rpk2"));
            assertThat(ae).as("no answer: handshake failed").isNotNull();
            assertThat(ae.rsc()).as("%s", ae).isEqualTo(2001);
        }
    }

    @Test
    void anUnboundRawPublicKeyIsRefusedAtTheHandshake() {
        try (CoapTestClient c = rawKeyClient(server.coapsPort(), TestPki.ec())) {
            assertThat(c.retrieve("Crpk1", "/cse-in")).isNull();
        }
    }

    @Test
    void aBoundNodeIdCertificateActsForTheAesOfItsNode() {
        Issued node = new TestPki.Spec("CN=node").uri(NODE_ID).issue(root);
        assertThat(HttpsCertificateIT.credentials(data, "cert", "bind", "--subject", "34-" + NODE_ID,
                "--ae", "Cnodeae1", "--ae", "Cnodeae2")).isZero();
        try (CoapTestClient c = certificateClient(server.coapsPort(), node)) {
            assertThat(c.create("Cnodeae1", "/cse-in", 2, aeBody("nodeae1")).rsc()).isEqualTo(2001);
            assertThat(c.create("Cnodeae2", "/cse-in", 2, aeBody("nodeae2")).rsc()).isEqualTo(2001);
            Rsp other = c.create("Cnotonnode", "/cse-in", 2, aeBody("notonnode"));
            assertThat(other.rsc()).as("%s", other).isEqualTo(4106);
        }
    }

    @Test
    void preSharedKeysStillWorkOnTheSameDoor() {
        try (CoapTestClient c = CoapTestClient.dtls(server.coapsPort(), PSK_ID, HexFormat.of().parseHex(PSK_KEY))) {
            Rsp ae = c.create("Cmixedpsk", "/cse-in", 2, aeBody("mixedpsk"));
            assertThat(ae).as("no answer: handshake failed").isNotNull();
            assertThat(ae.rsc()).as("%s", ae).isEqualTo(2001);
            assertThat(cipher(ae)).isEqualTo(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8.name());
            assertThat(c.retrieve("Ccoapcert1", "/cse-in").rsc()).isEqualTo(4106);
        }
    }

    @Test
    void certIdReadsAPublicKeyOrACertificateAndRefusesOtherFiles() throws Exception {
        Issued ae = aeCertificate("Cidfile");
        String expected = PublicKeyId.of(ae.cert().getPublicKey(), PublicKeyId.Algorithm.SHA_256).credentialId();
        Path pem = TestPki.writePem(dir.resolve("idfile.pem"), ae.cert());
        assertThat(HttpsCertificateIT.credentials(data, "cert", "id", "--public-key", pem.toString())).isZero();
        assertThat(HttpsCertificateIT.lastOutput.strip()).isEqualTo(expected);
        Path der = Files.write(dir.resolve("idfile.der"), ae.cert().getPublicKey().getEncoded());
        assertThat(HttpsCertificateIT.credentials(data, "cert", "id", "--public-key", der.toString())).isZero();
        assertThat(HttpsCertificateIT.lastOutput.strip()).isEqualTo(expected);

        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PUBLIC KEY-----\nnot base64!\n");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "id", "--public-key", junk.toString())).isEqualTo(1);
        assertThat(HttpsCertificateIT.lastOutput).contains("junk.pem").doesNotContain("Exception");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "id", "--public-key",
                dir.resolve("missing.pem").toString())).isEqualTo(1);
        assertThat(HttpsCertificateIT.credentials(data, "cert", "bind", "--subject", "30-sha-256.tooshort",
                "--ae", "Cx")).isEqualTo(2);
    }

    @Test
    void withClientCertificatesRequiredACertificatelessClientIsRefusedButPskIsNot() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        CoapsSecurity security = new CoapsSecurity(FilePskStore.inDataDir(data),
                Pkcs12ServerCredentials.load(p12, PASSWORD.toCharArray()), authenticator(),
                ClientCertificates.REQUIRED);
        try (CoapBinding door = CoapBinding.dtls("127.0.0.1", 0, 4096, workers,
                (rq, peer) -> Response.error(ResponseStatusCode.NOT_FOUND, "answered"), new Codecs(), security)
                .start()) {
            try (CoapTestClient anonymous = CoapTestClient.dtls(door.port(), b -> b
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                    .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                            .setTrustedCertificates(root.cert()).build()))) {
                assertThat(anonymous.retrieve("Cnobody", "/cse-in")).isNull();
            }
            try (CoapTestClient psk = CoapTestClient.dtls(door.port(), PSK_ID, HexFormat.of().parseHex(PSK_KEY))) {
                Rsp r = psk.retrieve("Cmixedpsk", "/cse-in");
                assertThat(r).as("PSK handshake").isNotNull();
                assertThat(r.rsc()).isEqualTo(4004);
            }
            try (CoapTestClient c = certificateClient(door.port(), aeCertificate("Crequired"))) {
                assertThat(c.retrieve("Crequired", "/cse-in")).isNotNull();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    static CertificateAuthenticator authenticator() {
        return new CertificateAuthenticator(io.bastion.security.certificate.TrustStore.inDataDir(data),
                io.bastion.security.certificate.CertificateBindings.inDataDir(data),
                new IdForms("bastion.example", "/id-in"), Clock.systemUTC());
    }

    /**
     * What the door hands the CSE: a binding of its own whose processor records each request's peer, so that the
     * Credential-ID and the allowed AE-IDs of every kind of credential can be looked at directly.
     */
    @Test
    void thePeerCarriesTheCredentialIdAndTheAllowedIdsOfEachKindOfCredential() throws Exception {
        KeyPair rpk = TestPki.ec();
        String rpkId = PublicKeyId.of(rpk.getPublic(), PublicKeyId.Algorithm.SHA_256).credentialId();
        assertThat(HttpsCertificateIT.credentials(data, "cert", "bind", "--subject", rpkId, "--ae", "Cpeerrpk"))
                .isZero();
        Issued node = new TestPki.Spec("CN=peer-node").uri("URN:OID:0.2.481.1.100.3030.4242").issue(root);
        assertThat(HttpsCertificateIT.credentials(data, "cert", "bind", "--subject",
                "34-urn:oid:0.2.481.1.100.3030.4242", "--ae", "Cpeernode")).isZero();
        Issued ae = aeCertificate("Cpeerae");

        BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        CoapsSecurity security = new CoapsSecurity(FilePskStore.inDataDir(data),
                Pkcs12ServerCredentials.load(p12, PASSWORD.toCharArray()), authenticator(),
                ClientCertificates.OPTIONAL);
        try (CoapBinding door = CoapBinding.dtls("127.0.0.1", 0, 4096, workers, (rq, peer) -> {
            peers.add(peer);
            return Response.error(ResponseStatusCode.NOT_FOUND, "recorded");
        }, new Codecs(), security).start()) {
            try (CoapTestClient c = certificateClient(door.port(), ae)) {
                assertThat(c.retrieve("Cpeerae", "/cse-in")).isNotNull();
            }
            assertThat(peers.poll(5, TimeUnit.SECONDS).authentication()).isEqualTo(new Authentication.Verified(
                    "33-" + Certificates.fingerprint(ae.cert()), Set.of("Cpeerae")));
            try (CoapTestClient c = certificateClient(door.port(), node)) {
                assertThat(c.retrieve("Cpeernode", "/cse-in")).isNotNull();
            }
            assertThat(peers.poll(5, TimeUnit.SECONDS).authentication()).isEqualTo(new Authentication.Verified(
                    "34-urn:oid:0.2.481.1.100.3030.4242", Set.of("Cpeernode")));
            try (CoapTestClient c = rawKeyClient(door.port(), rpk)) {
                assertThat(c.retrieve("Cpeerrpk", "/cse-in")).isNotNull();
            }
            assertThat(peers.poll(5, TimeUnit.SECONDS).authentication())
                    .isEqualTo(new Authentication.Verified(rpkId, Set.of("Cpeerrpk")));
            try (CoapTestClient c = CoapTestClient.dtls(door.port(), PSK_ID, HexFormat.of().parseHex(PSK_KEY))) {
                assertThat(c.retrieve("Cmixedpsk", "/cse-in")).isNotNull();
            }
            assertThat(peers.poll(5, TimeUnit.SECONDS).authentication())
                    .isEqualTo(new Authentication.Verified("12-" + PSK_ID, Set.of("Cmixedpsk")));
        } finally {
            workers.shutdownNow();
        }
    }
}
