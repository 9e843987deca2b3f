package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.CertificateIdentity;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.PublicKeyId;
import io.bastion.core.id.IdForms;
import io.bastion.security.certificate.TrustStore;
import io.bastion.server.TestPki.Issued;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path validation, the TS-0003 10.1.1 profile and the identity binding of 8.2.2.2, each refusal with its reason. */
class CertificateAuthenticatorTest {
    static final Issued ROOT = TestPki.ca("Unit Root");
    @TempDir
    Path dir;
    TrustStore trust;
    CertificateBindings bindings;
    CertificateAuthenticator auth;

    @BeforeEach
    void setUp() throws Exception {
        trust = TrustStore.inDataDir(dir);
        trust.add(ROOT.cert());
        bindings = CertificateBindings.inDataDir(dir);
        auth = new CertificateAuthenticator(trust, bindings, new IdForms("bastion.example", "/id-in"),
                Clock.systemUTC());
    }

    static TestPki.Spec ae(String uri) {
        return new TestPki.Spec("CN=unit").uri(uri);
    }

    void refused(Issued id, String reason) {
        assertThatThrownBy(() -> auth.authenticate(id.chain())).isInstanceOf(CertificateRefusedException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void anAeIdCertificateMayUseItsAeIdInTheCsesComparisonForm() throws Exception {
        Issued id = ae("onem2m://bastion.example/id-in/Cabc").issue(ROOT);
        Authentication.Verified v = auth.authenticate(id.chain());
        assertThat(v.credentialId()).isEqualTo("33-" + Certificates.fingerprint(id.cert()));
        assertThat(v.allowedOriginators()).containsExactly("Cabc");
    }

    @Test
    void sanUriFormsMapToAeIdsAndCseIds() throws Exception {
        IdForms forms = new IdForms("bastion.example", "/id-in");
        record Case(String san, CertificateIdentity.Kind kind, String id) {
        }
        for (Case c : List.of(
                new Case("onem2m:/id-in/Cabc", CertificateIdentity.Kind.AE_ID, "Cabc"),
                new Case("https://bastion.example/Sxyz", CertificateIdentity.Kind.AE_ID, "Sxyz"),
                new Case("onem2m://bastion.example/id-mn/Cabc", CertificateIdentity.Kind.AE_ID, "/id-mn/Cabc"),
                new Case("onem2m://other.example/id-x/Cabc", CertificateIdentity.Kind.AE_ID,
                        "//other.example/id-x/Cabc"),
                new Case("onem2m://bastion.example/id-mn", CertificateIdentity.Kind.CSE_ID, "/id-mn"),
                new Case("onem2m://other.example/id-x", CertificateIdentity.Kind.CSE_ID, "//other.example/id-x"))) {
            CertificateIdentity ci = CertificateIdentity.of(ae(c.san()).issue(ROOT).cert(), forms);
            assertThat(ci.kind()).as(c.san()).isEqualTo(c.kind());
            assertThat(ci.ids()).as(c.san()).containsExactly(c.id());
            assertThat(ci.credentialId()).startsWith(c.kind().typeId + "-");
        }
        CertificateIdentity dns = CertificateIdentity.of(new TestPki.Spec("CN=mn").dns("id-mn.id-in.bastion.example")
                .issue(ROOT).cert(), forms);
        assertThat(dns.kind()).isEqualTo(CertificateIdentity.Kind.CSE_ID);
        assertThat(dns.ids()).containsExactly("/id-mn");
    }

    @Test
    void aDeviceCertificateUsesWhatItIsBoundTo() throws Exception {
        Issued id = new TestPki.Spec("CN=device").issue(ROOT);
        String fp = Certificates.fingerprint(id.cert());
        assertThat(auth.authenticate(id.chain()).allowedOriginators()).isEmpty();
        bindings.bind("31-" + fp, List.of("Cdev", "//bastion.example/id-in/Cdev2", "/id-mn"));
        Authentication.Verified v = auth.authenticate(id.chain());
        assertThat(v.credentialId()).isEqualTo("31-" + fp);
        assertThat(v.allowedOriginators()).containsExactlyInAnyOrder("Cdev", "Cdev2", "/id-mn");
        bindings.unbind("31-" + fp);
        bindings.bind(fp.toUpperCase(), List.of("Cfp"));
        assertThat(auth.authenticate(id.chain()).allowedOriginators()).containsExactly("Cfp");
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRefused() {
        refused(ae("onem2m:/id-in/Cx").validity(Instant.now().minus(Duration.ofDays(9)),
                Instant.now().minus(Duration.ofDays(1))).issue(ROOT), "expired");
        refused(ae("onem2m:/id-in/Cx").validity(Instant.now().plus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(9))).issue(ROOT), "not valid before");
    }

    @Test
    void anUntrustedChainIsRefused() {
        refused(ae("onem2m:/id-in/Cx").issue(TestPki.ca("Elsewhere")), "untrusted chain");
    }

    @Test
    void theProfileRefusesOtherKeysAndMissingDigitalSignature() {
        refused(ae("onem2m:/id-in/Cx").keys(TestPki.rsa()).issue(ROOT), "key of type RSA");
        refused(ae("onem2m:/id-in/Cx").keyUsage(KeyUsage.keyEncipherment).issue(ROOT), "without digitalSignature");
        refused(ae("onem2m:/id-in/Cx").keyUsage(null).issue(ROOT), "no keyUsage");
        refused(ae("onem2m:/id-in/Cx").eku(KeyPurposeId.id_kp_serverAuth).issue(ROOT), "clientAuth");
        refused(ae("onem2m://bastion.example/id-in/C*").issue(ROOT), "wildcard");
    }

    @Test
    void anIntermediateCaIsFollowedToTheRoot() throws Exception {
        Issued intermediate = new TestPki.Spec("CN=Intermediate").ca().issue(ROOT);
        Issued id = ae("onem2m:/id-in/Cmid").issue(intermediate);
        assertThat(id.chain()).hasSize(2);
        assertThat(auth.authenticate(id.chain()).allowedOriginators()).containsExactly("Cmid");
    }

    @Test
    void withNoTrustedCaEverythingIsRefused() throws Exception {
        trust.remove(Certificates.fingerprint(ROOT.cert()));
        refused(ae("onem2m:/id-in/Cx").issue(ROOT), "no CA is trusted");
    }

    @Test
    void aNodeIdCertificateIsIdentifiedByItsNodeIdAndUsesWhatItIsBoundTo() throws Exception {
        Issued node = new TestPki.Spec("CN=node").uri("URN:OID:0.2.481.1.100.3030.10011")
                .uri("urn:imei:490154203237518").issue(ROOT);
        CertificateIdentity ci = auth.identify(node.chain());
        assertThat(ci.kind()).isEqualTo(CertificateIdentity.Kind.NODE_ID);
        assertThat(ci.credentialId()).isEqualTo("34-urn:oid:0.2.481.1.100.3030.10011");
        assertThat(ci.ids()).isEmpty();
        assertThat(auth.authenticate(node.chain()).allowedOriginators()).isEmpty();
        bindings.bind("34-urn:oid:0.2.481.1.100.3030.10011", List.of("Cnode1", "/id-in/Cnode2"));
        Authentication.Verified v = auth.authenticate(node.chain());
        assertThat(v.credentialId()).isEqualTo("34-urn:oid:0.2.481.1.100.3030.10011");
        assertThat(v.allowedOriginators()).containsExactlyInAnyOrder("Cnode1", "Cnode2");
        // a renewed certificate of the same Node keeps the binding
        Issued renewed = new TestPki.Spec("CN=node renewed").uri("urn:oid:0.2.481.1.100.3030.10011").issue(ROOT);
        assertThat(auth.authenticate(renewed.chain()).allowedOriginators()).containsExactlyInAnyOrder("Cnode1",
                "Cnode2");
    }

    @Test
    void anAeIdOrCseIdInTheSameCertificateWinsOverANodeId() throws Exception {
        IdForms forms = new IdForms("bastion.example", "/id-in");
        CertificateIdentity ae = CertificateIdentity.of(new TestPki.Spec("CN=x").uri("urn:oid:1.2.3.4")
                .uri("onem2m:/id-in/Cboth").issue(ROOT).cert(), forms);
        assertThat(ae.kind()).isEqualTo(CertificateIdentity.Kind.AE_ID);
        assertThat(ae.ids()).containsExactly("Cboth");
        CertificateIdentity cse = CertificateIdentity.of(new TestPki.Spec("CN=y").uri("urn:oid:1.2.3.4")
                .dns("id-mn.bastion.example").issue(ROOT).cert(), forms);
        assertThat(cse.kind()).isEqualTo(CertificateIdentity.Kind.CSE_ID);
    }

    @Test
    void aRawPublicKeyAuthenticatesOnlyWhenBoundInAnyAlgorithm() throws Exception {
        java.security.KeyPair kp = TestPki.ec();
        assertThatThrownBy(() -> auth.identifyRawPublicKey(kp.getPublic()))
                .isInstanceOfSatisfying(CertificateRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(CertificateRefusedException.Kind.UNBOUND))
                .hasMessageContaining("30-sha-256.").hasMessageContaining("cert bind");
        String truncated = PublicKeyId.of(kp.getPublic(), PublicKeyId.Algorithm.SHA_256_128).credentialId();
        bindings.bind(truncated, List.of("Crpk"));
        CertificateIdentity id = auth.identifyRawPublicKey(kp.getPublic());
        assertThat(id.kind()).isEqualTo(CertificateIdentity.Kind.RAW_PUBLIC_KEY);
        assertThat(id.credentialId()).isEqualTo(truncated);
        assertThat(auth.authentication(id)).isEqualTo(new Authentication.Verified(truncated, java.util.Set.of("Crpk")));
        // the lookup is made again for every authentication: an unbound key keeps its identity, loses its IDs
        bindings.unbind(truncated);
        assertThat(auth.authentication(id).allowedOriginators()).isEmpty();
        assertThatThrownBy(() -> auth.identifyRawPublicKey(TestPki.rsa().getPublic()))
                .hasMessageContaining("key of type RSA");
    }

    @Test
    void refusalsSayWhatKindTheyAre() {
        record Case(Issued id, CertificateRefusedException.Kind kind) {
        }
        for (Case c : List.of(
                new Case(ae("onem2m:/id-in/Cx").validity(Instant.now().minus(Duration.ofDays(9)),
                        Instant.now().minus(Duration.ofDays(1))).issue(ROOT), CertificateRefusedException.Kind.EXPIRED),
                new Case(ae("onem2m:/id-in/Cx").issue(TestPki.ca("Elsewhere")),
                        CertificateRefusedException.Kind.UNTRUSTED),
                new Case(ae("onem2m:/id-in/Cx").keyUsage(null).issue(ROOT), CertificateRefusedException.Kind.BAD))) {
            assertThatThrownBy(() -> auth.authenticate(c.id().chain()))
                    .isInstanceOfSatisfying(CertificateRefusedException.class,
                            e -> assertThat(e.kind()).isEqualTo(c.kind()));
        }
    }

    @Test
    void theClockDecidesValidity() throws Exception {
        Issued id = ae("onem2m:/id-in/Cx").issue(ROOT);
        CertificateAuthenticator later = new CertificateAuthenticator(trust, bindings,
                new IdForms("bastion.example", "/id-in"), Clock.fixed(Instant.now().plus(Duration.ofDays(400)),
                java.time.ZoneOffset.UTC));
        assertThatThrownBy(() -> later.authenticate(id.chain())).hasMessageContaining("expired");
    }
}
