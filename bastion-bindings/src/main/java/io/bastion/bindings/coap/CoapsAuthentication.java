package io.bastion.bindings.coap;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.credential.PskStore;
import io.bastion.security.credential.SecurityAssociation;
import java.security.Principal;
import java.util.Map;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.elements.auth.ExtensiblePrincipal;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.scandium.auth.ApplicationLevelInfoSupplier;

/**
 * What a {@code coaps} request's DTLS session authenticates, for every request ({@link #forRequest}): the
 * {@link SecurityAssociation} made when the session's handshake completed ({@link #infoSupplier()}, kept in the
 * session's principal), which follows the credential sources while the session is open.
 *
 * <ul>
 *   <li>DTLS-PSK: {@code 12-<KpsaID>} and the IDs of the key (TS-0003 8.2.2.1). The identity removed, or given a new
 *       key ({@code psk rotate}), since the handshake: {@link Authentication.Revoked}.</li>
 *   <li>X.509 certificate: the certificate's Credential-ID ({@code 31/32/33/34-…}) with the ID it names and those
 *       bound to it (8.2.2.2). Its CA untrusted, the certificate (or its CA) revoked, or the chain expired
 *       ({@link ExpiryWatch}): revoked. A binding removed or changed: the IDs change (a removed one answers 4106 and
 *       the session stays, as the certificate itself is still valid).</li>
 *   <li>Raw public key: {@code 30-<public key id>} with the IDs bound to it. A raw public key authenticates only by
 *       its binding (TS-0003 8.1.2.4 has it "securely configured", which the binding is), so unbinding it withdraws
 *       the credential: revoked, like a removed PSK, and a new handshake is refused ({@code access_denied}).
 *       Rebinding it to other IDs changes the IDs.</li>
 * </ul>
 * A revoked session's request is answered 4107 by the CSE (which audits it) and the door then ends the DTLS session
 * ({@link CoapBinding}); {@link RevocationAwareResumption} keeps the client from resuming it, so its next datagram
 * needs a full handshake, which the withdrawn credential cannot complete.
 *
 * <p>Cheap when nothing changed: the association's generation check (volatile reads) and one volatile read.
 */
final class CoapsAuthentication {
    /** The {@link AdditionalInfo} key of the session's {@link SecurityAssociation}. */
    static final String ASSOCIATION = "io.bastion.coaps.association";

    private final PskStore psks;
    private final CertificateAuthenticator certificates;

    /**
     * @param psks the pre-shared keys
     * @param certificates the certificate authenticator, or null on a PSK-only door
     */
    CoapsAuthentication(PskStore psks, CertificateAuthenticator certificates) {
        this.psks = psks;
        this.certificates = certificates;
    }

    /**
     * The request's authentication, from the DTLS session it came over: what the session's association
     * authenticates now, {@link Authentication#none()} for a session without a client credential (a certificate
     * suite without client certificate, where allowed).
     */
    Authentication forRequest(EndpointContext context) {
        Principal principal = context == null ? null : context.getPeerIdentity();
        if (principal == null || principal instanceof X509CertPath p && p.getPath().getCertificates().isEmpty()) {
            return Authentication.none();
        }
        SecurityAssociation association = associationOf(principal);
        if (association == null) {
            // Not made by this door's handshakes (Scandium always amends the principal): end it, a new one will be.
            return new Authentication.Revoked("unverified:" + principal.getName(),
                    "the DTLS session carries no security association");
        }
        return association.authentication();
    }

    /** The association kept in a session's principal, or null. */
    static SecurityAssociation associationOf(Principal principal) {
        if (principal instanceof ExtensiblePrincipal<?> e && e.getExtendedInfo() != null) {
            return e.getExtendedInfo().get(ASSOCIATION, SecurityAssociation.class);
        }
        return null;
    }

    /**
     * Makes the session's association from what its handshake proved and keeps it in the session's principal. Not
     * called with a proof on resumption: a resumed session keeps the principal, and so the association, of the
     * session it resumes ({@link RevocationAwareResumption} refuses one that was revoked).
     */
    ApplicationLevelInfoSupplier infoSupplier() {
        return (principal, found) -> found instanceof HandshakeProof proof
                ? AdditionalInfo.from(Map.of(ASSOCIATION, associate(proof))) : null;
    }

    /** The association of a completed handshake. */
    SecurityAssociation associate(HandshakeProof proof) {
        return switch (proof) {
            case HandshakeProof.Psk p -> psks.associate(p.credential(), p.provedAt());
            case HandshakeProof.Certificate c -> associate(c);
            case HandshakeProof.RawPublicKey k -> associate(k);
        };
    }

    /** A chain is validated again when the sources change or it expires. */
    private SecurityAssociation associate(HandshakeProof.Certificate c) {
        Authentication.Verified proved = certificates.authentication(c.identity());
        return new SecurityAssociation(proved, c.provedAt(),
                new ExpiryWatch(certificates::generation, certificates.clock(), c.chain()),
                () -> certificates.revalidate(c.chain(), proved));
    }

    /** A raw public key is identified again when the sources change: revoked once no id of it is bound any more. */
    private SecurityAssociation associate(HandshakeProof.RawPublicKey k) {
        String credentialId = k.identity().credentialId();
        return new SecurityAssociation(certificates.authentication(k.identity()), k.provedAt(),
                certificates::generation, () -> {
                    try {
                        return certificates.authentication(certificates.identifyRawPublicKey(k.key()));
                    } catch (CertificateRefusedException e) {
                        return new Authentication.Revoked(credentialId, e.getMessage());
                    }
                });
    }
}
