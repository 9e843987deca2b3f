package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Authentication;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.certificate.CertificateRevocations;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.TrustStore;
import io.bastion.security.credential.SecurityAssociation;
import io.bastion.server.TestPki.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's deny list and the re-validation of open certificate associations, without a server. */
class CertificateRevocationTest {
    static final Issued ROOT = TestPki.ca("Revocation Unit Root");
    static final IdForms FORMS = new IdForms("bastion.example", "/id-in");
    @TempDir
    Path dir;
    TrustStore trust;
    CertificateBindings bindings;
    CertificateRevocations revocations;
    CertificateAuthenticator auth;

    @BeforeEach
    void setUp() throws Exception {
        trust = TrustStore.inDataDir(dir);
        trust.add(ROOT.cert());
        bindings = CertificateBindings.inDataDir(dir);
        revocations = CertificateRevocations.inDataDir(dir);
        auth = new CertificateAuthenticator(trust, bindings, revocations, FORMS, Clock.systemUTC());
    }

    static Issued ae(String aeId) {
        return new TestPki.Spec("CN=" + aeId).uri("onem2m://bastion.example/id-in/" + aeId).issue(ROOT);
    }

    @Test
    void aRevokedClientCertificateIsRefusedByName() throws Exception {
        Issued cert = ae("Crev1");
        String fp = Certificates.fingerprint(cert.cert());
        assertThat(revocations.revoke("SHA256=" + fp.toUpperCase(), Instant.parse("2026-01-02T03:04:05Z"))).isTrue();
        assertThat(revocations.revoke(fp, Instant.now())).as("already revoked").isFalse();
        assertThatThrownBy(() -> auth.authenticate(cert.chain())).isInstanceOf(CertificateRefusedException.class)
                .hasMessageContaining("CN=Crev1").hasMessageContaining(fp)
                .hasMessageContaining("revoked by the operator on 2026-01-02T03:04:05Z");
        // another certificate of the same CA is not affected
        assertThat(auth.authenticate(ae("Crev2").chain()).allowedOriginators()).containsExactly("Crev2");
        assertThat(revocations.unrevoke(fp)).isTrue();
        assertThat(auth.authenticate(cert.chain()).allowedOriginators()).containsExactly("Crev1");
    }

    @Test
    void aRevokedCaRefusesTheChainsItIssuedWhetherOrNotTheClientSendsIt() throws Exception {
        Issued cert = ae("Crev3");
        revocations.revoke(Certificates.fingerprint(ROOT.cert()), Instant.now());
        assertThatThrownBy(() -> auth.authenticate(cert.chain())).hasMessageContaining("CN=Revocation Unit Root");
        assertThatThrownBy(() -> auth.authenticate(new java.security.cert.X509Certificate[] {cert.cert(),
                ROOT.cert()})).hasMessageContaining("CN=Revocation Unit Root");
    }

    @Test
    void theFourArgumentConstructorUsesTheDenyListOfTheSameDataFolder() throws Exception {
        CertificateAuthenticator implicit = new CertificateAuthenticator(trust, bindings, FORMS, Clock.systemUTC());
        Issued cert = ae("Crev4");
        revocations.revoke(Certificates.fingerprint(cert.cert()), Instant.now());
        assertThatThrownBy(() -> implicit.authenticate(cert.chain())).hasMessageContaining("revoked");
    }

    @Test
    void anUnreadableDenyListRefusesEveryCertificate() throws Exception {
        Files.createDirectories(revocations.file().getParent());
        Files.writeString(revocations.file(), "{\"revoked\": [\"not an object\"]}");
        assertThat(revocations.unreadable()).contains("revoked");
        assertThatThrownBy(() -> auth.authenticate(ae("Crev5").chain()))
                .hasMessageContaining("cannot be read").hasMessageContaining("until it is repaired");
        Files.writeString(revocations.file(), "{\"revoked\": {}}");
        assertThat(auth.authenticate(ae("Crev5").chain()).allowedOriginators()).containsExactly("Crev5");
    }

    @Test
    void anOpenAssociationFollowsTrustBindingsAndRevocations() throws Exception {
        Issued device = new TestPki.Spec("CN=device-9").issue(ROOT);
        String fp = Certificates.fingerprint(device.cert());
        bindings.bind(fp, List.of("Cdev9"));
        long at = auth.generation();
        Authentication.Verified proved = auth.authenticate(device.chain());
        SecurityAssociation a = auth.associate(device.chain(), proved, at);
        assertThat(a.authentication()).isSameAs(proved);

        bindings.bind(fp, List.of("Cdev9", "Cdev9b"));
        assertThat(auth.generation()).isGreaterThan(at);
        assertThat(a.authentication()).isEqualTo(new Authentication.Verified("31-" + fp, java.util.Set.of("Cdev9",
                "Cdev9b")));

        bindings.unbind(fp);
        assertThat(a.authentication()).as("valid but bound to nothing: no revocation, no ID")
                .isEqualTo(new Authentication.Verified("31-" + fp, java.util.Set.of()));

        trust.remove(Certificates.fingerprint(ROOT.cert()));
        assertThat(a.authentication()).isInstanceOfSatisfying(Authentication.Revoked.class, r -> {
            assertThat(r.credentialId()).isEqualTo("31-" + fp);
            assertThat(r.reason()).contains("no CA is trusted");
        });
    }

    @Test
    void revokingTheCertificateRevokesItsOpenAssociation() throws Exception {
        Issued cert = ae("Crev6");
        long at = auth.generation();
        SecurityAssociation a = auth.associate(cert.chain(), auth.authenticate(cert.chain()), at);
        revocations.revoke(Certificates.fingerprint(cert.cert()), Instant.now());
        assertThat(a.authentication()).isInstanceOfSatisfying(Authentication.Revoked.class,
                r -> assertThat(r.reason()).contains("CN=Crev6").contains("revoked by the operator"));
    }
}
