package io.bastion.security.certificate;

import io.bastion.core.primitive.Authentication;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import io.bastion.core.id.IdForms;

/**
 * Decides whether a client certificate chain authenticates its holder, and as whom (the Certificate-Based SAEF of
 * TS-0003 8.2.2.2, seen from Entity B):
 *
 * <ol>
 *   <li>PKIX path validation (the JDK's {@link CertPathValidator}) to a CA of the {@link TrustStore}, at the
 *       {@link Clock}'s time: expired, not yet valid, wrongly signed and untrusted chains are refused. Revocation is
 *       not checked (no CRL or OCSP).</li>
 *   <li>The TS-0003 10.1.1 profile ({@link CertificateProfile}).</li>
 *   <li>The identity ({@link CertificateIdentity}): an AE-ID certificate may use its AE-ID, a CSE-ID certificate its
 *       CSE-ID; every certificate may also use the IDs bound to its Credential-ID or fingerprint in
 *       {@link CertificateBindings}.</li>
 * </ol>
 *
 * The result is an {@link Authentication.Verified} whose {@code allowedOriginators} are in the form the CSE compares
 * originators in. A valid certificate that names no ID and is bound to none still authenticates, but may use no
 * originator: every request over it is refused with 4106 until it is bound.
 */
public final class CertificateAuthenticator {
    private final TrustStore trust;
    private final CertificateBindings bindings;
    private final IdForms forms;
    private final Clock clock;

    public CertificateAuthenticator(TrustStore trust, CertificateBindings bindings, IdForms forms, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.forms = Objects.requireNonNull(forms, "forms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TrustStore trustStore() {
        return trust;
    }

    /**
     * Validates {@code chain} (end entity first, as TLS sends it) and returns what it authenticates.
     *
     * @throws CertificateRefusedException with the reason, when the chain is refused
     */
    public Authentication.Verified authenticate(X509Certificate[] chain) throws CertificateRefusedException {
        CertificateIdentity id = identify(chain);
        Set<String> allowed = new LinkedHashSet<>(id.ids());
        for (String bound : bindings.lookup(id.credentialId(), id.fingerprint())) {
            String n = forms.normalize(bound);
            if (n != null) {
                allowed.add(n);
            }
        }
        return new Authentication.Verified(id.credentialId(), allowed);
    }

    /** Validates the chain and the profile; returns the identity the certificate names (without bindings). */
    public CertificateIdentity identify(X509Certificate[] chain) throws CertificateRefusedException {
        if (chain == null || chain.length == 0) {
            throw new CertificateRefusedException("no certificate presented");
        }
        Set<TrustAnchor> anchors = trust.anchors();
        if (anchors.isEmpty()) {
            throw new CertificateRefusedException("no CA is trusted (add one with: bastion credentials cert trust "
                    + "FILE)");
        }
        List<X509Certificate> path = new ArrayList<>(List.of(chain));
        // The path handed to PKIX ends below the anchor: drop a trusted CA certificate the client sent along.
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1), anchors)) {
            path.remove(path.size() - 1);
        }
        PKIXCertPathValidatorResult result = validate(path, anchors);
        CertificateProfile.check(path, result.getTrustAnchor().getTrustedCert());
        return CertificateIdentity.of(chain[0], forms);
    }

    private PKIXCertPathValidatorResult validate(List<X509Certificate> path, Set<TrustAnchor> anchors)
            throws CertificateRefusedException {
        try {
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(cp, params);
        } catch (CertPathValidatorException e) {
            throw new CertificateRefusedException(reason(e, path), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertificateRefusedException("no usable trusted CA: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateRefusedException("certificate path not usable: " + e.getMessage(), e);
        }
    }

    private String reason(CertPathValidatorException e, List<X509Certificate> path) {
        int i = e.getIndex();
        X509Certificate c = i >= 0 && i < path.size() ? path.get(i) : path.get(0);
        String who = CertificateProfile.describe(c);
        CertPathValidatorException.Reason r = e.getReason();
        if (r == CertPathValidatorException.BasicReason.EXPIRED) {
            return who + " expired on " + c.getNotAfter().toInstant();
        }
        if (r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return who + " is not valid before " + c.getNotBefore().toInstant();
        }
        if (r == PKIXReason.NO_TRUST_ANCHOR) {
            X509Certificate top = path.get(path.size() - 1);
            return "untrusted chain: no trusted CA issued " + CertificateProfile.describe(top) + " (issuer '"
                    + top.getIssuerX500Principal().getName() + "')";
        }
        if (r == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return who + " has an invalid signature";
        }
        if (r == PKIXReason.NOT_CA_CERT) {
            return who + " issues certificates but is not a CA certificate";
        }
        if (r == PKIXReason.INVALID_KEY_USAGE) {
            return who + " has a keyUsage that does not allow it to sign certificates";
        }
        return who + " refused by path validation: " + e.getMessage();
    }

    private static boolean isAnchor(X509Certificate c, Set<TrustAnchor> anchors) {
        for (TrustAnchor a : anchors) {
            if (c.equals(a.getTrustedCert())) {
                return true;
            }
        }
        return false;
    }
}
