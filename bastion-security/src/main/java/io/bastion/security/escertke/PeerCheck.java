package io.bastion.security.escertke;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Authentication;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateIdentity;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.core.text.Excerpt;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whether the certificate chain the other end-point sent authenticates the entity it is expected to be (TS-0003
 * 8.7.2.2 B: each end-point is configured with the other's "certificate information", 8.1.2.4, and its identity).
 * The rule is the one every door of this CSE uses: a PKIX path to a trusted CA, the 10.1.1 profile, and the AE-ID or
 * CSE-ID the certificate names ({@link CertificateIdentity}: an AE-ID in a subjectAltName URI, a CSE-ID in a URI or
 * a DNS name), compared in the {@link IdForms} comparison form.
 */
@FunctionalInterface
public interface PeerCheck {

    /**
     * Checks {@code chain} (end entity first, as TLS sends it) against {@code expected}.
     *
     * @return the expected ID in comparison form: the entity the key will be shared with
     * @throws EsCertKeException 4106 naming why the chain does not authenticate {@code expected}
     */
    String check(X509Certificate[] chain, String expected);

    /**
     * The check of an end-point that holds its trust anchors in memory (an AE): the chain must lead to one of
     * {@code anchors} at {@code clock}'s time, and the certificate must name {@code expected} itself.
     */
    static PeerCheck anchors(Collection<X509Certificate> anchors, IdForms forms, Clock clock) {
        Set<TrustAnchor> trusted = new LinkedHashSet<>();
        for (X509Certificate a : anchors) {
            trusted.add(new TrustAnchor(a, null));
        }
        Set<TrustAnchor> fixed = Set.copyOf(trusted);
        return (chain, expected) -> {
            String want = expected(forms, expected);
            CertificateIdentity id;
            try {
                id = CertificateAuthenticator.identify(chain, fixed, null, forms, clock);
            } catch (CertificateRefusedException e) {
                throw EsCertKeException.notAuthenticated("the certificate of " + want + " is refused: "
                        + e.getMessage());
            }
            return named(id.ids(), want, id.credentialId());
        };
    }

    /**
     * The check of an end-point with a data folder (a CSE): its trusted CAs, deny list and certificate bindings, so
     * that a Node-ID or device certificate bound to the expected ID is accepted as the doors accept it.
     */
    static PeerCheck authenticator(CertificateAuthenticator authenticator, IdForms forms) {
        return (chain, expected) -> {
            String want = expected(forms, expected);
            Authentication.Verified v;
            try {
                v = authenticator.authenticate(chain);
            } catch (CertificateRefusedException e) {
                throw EsCertKeException.notAuthenticated("the certificate of " + want + " is refused: "
                        + e.getMessage());
            }
            return named(v.allowedOriginators(), want, v.credentialId());
        };
    }

    private static String expected(IdForms forms, String expected) {
        String want = forms.normalize(expected);
        if (want == null) {
            throw EsCertKeException.malformed(Excerpt.of(String.valueOf(expected))
                    + " is not an AE-ID or a CSE-ID");
        }
        return want;
    }

    private static String named(Collection<String> ids, String want, String credentialId) {
        if (!ids.contains(want)) {
            throw EsCertKeException.notAuthenticated("the certificate " + credentialId + " does not name " + want
                    + (ids.isEmpty() ? " (it names no AE-ID or CSE-ID)" : " but " + String.join(", ", ids)));
        }
        return want;
    }
}
