package io.bastion.security.escertke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.TrustStore;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who the other end-point's certificate proves it is: the doors' rule, with anchors in memory or a data folder. */
class PeerCheckTest {
    static final IdForms FORMS = new IdForms("bastion.example", "/id-in");
    static final EsCertKePki.Ca CA = EsCertKePki.ca("peer check CA");

    @TempDir
    Path data;

    static X509Certificate[] chain(EndPointCredentials e) {
        return e.chain().toArray(X509Certificate[]::new);
    }

    @Test
    void anchorsInMemoryAcceptTheNamedEntityInAnySpellingOfItsId() {
        PeerCheck check = PeerCheck.anchors(List.of(CA.cert()), FORMS, Clock.systemUTC());
        X509Certificate[] ae = chain(EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-in/Cbob"));
        assertThat(check.check(ae, "Cbob")).isEqualTo("Cbob");
        assertThat(check.check(ae, "/id-in/Cbob")).isEqualTo("Cbob");
        assertThat(check.check(ae, "//bastion.example/id-in/Cbob")).isEqualTo("Cbob");
        X509Certificate[] remote = chain(EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-mn/Calice"));
        assertThat(check.check(remote, "/id-mn/Calice")).isEqualTo("/id-mn/Calice");
        X509Certificate[] cse = chain(EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-mn"));
        assertThat(check.check(cse, "/id-mn")).isEqualTo("/id-mn");
    }

    @Test
    void refusalsAre4106NamingWhy() {
        PeerCheck check = PeerCheck.anchors(List.of(CA.cert()), FORMS, Clock.systemUTC());
        X509Certificate[] bob = chain(EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-in/Cbob"));
        refused(() -> check.check(bob, "Calice"), "does not name Calice but Cbob");
        refused(() -> check.check(bob, "/id-mn/Cbob"), "does not name /id-mn/Cbob");
        refused(() -> check.check(chain(EsCertKePki.device(CA)), "Cbob"), "names no AE-ID or CSE-ID");
        refused(() -> check.check(chain(EsCertKePki.endPoint(EsCertKePki.ca("other"),
                "onem2m://bastion.example/id-in/Cbob")), "Cbob"), "untrusted chain");
        PeerCheck later = PeerCheck.anchors(List.of(CA.cert()), FORMS,
                Clock.fixed(Instant.now().plusSeconds(400L * 86400), ZoneOffset.UTC));
        refused(() -> later.check(bob, "Cbob"), "expired");
        refused(() -> check.check(new X509Certificate[0], "Cbob"), "no certificate");
        assertThatThrownBy(() -> check.check(bob, "not an id")).isInstanceOfSatisfying(EsCertKeException.class,
                e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }

    @Test
    void theCsesAuthenticatorAlsoAcceptsABoundCertificate() throws Exception {
        TrustStore.inDataDir(data).add(CA.cert());
        CertificateBindings bindings = CertificateBindings.inDataDir(data);
        PeerCheck check = PeerCheck.authenticator(CertificateAuthenticator.inDataDir(data, FORMS, Clock.systemUTC()),
                FORMS);
        EndPointCredentials device = EsCertKePki.device(CA);
        refused(() -> check.check(chain(device), "Cdevice"), "names no AE-ID or CSE-ID");
        bindings.bind(Certificates.fingerprint(device.chain().get(0)), List.of("Cdevice"));
        assertThat(check.check(chain(device), "Cdevice")).isEqualTo("Cdevice");
        assertThat(check.check(chain(EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-in/Cbob")), "Cbob"))
                .isEqualTo("Cbob");
    }

    @Test
    void endPointCredentialsNeedAnEcKeyAndACertificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        X509Certificate cert = EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-in/Cx").chain().get(0);
        assertThatThrownBy(() -> new EndPointCredentials(rsa.getPrivate(), List.of(cert)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ECDHE_ECDSA");
        assertThatThrownBy(() -> new EndPointCredentials(EsCertKePki.p256().getPrivate(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        EsCertKeProcedureTest.assertRefused(call, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, reason);
    }
}
