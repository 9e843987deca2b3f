package io.bastion.security.certificate;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.credential.SecurityAssociation;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PublicKey;
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
 *       {@link Clock}'s time: expired, not yet valid, wrongly signed and untrusted chains are refused.</li>
 *   <li>The operator's deny list ({@link CertificateRevocations}): a chain is refused when any of its certificates,
 *       or the trusted CA it ends at, was revoked with {@code bastion credentials cert revoke}. CRLs and OCSP are not
 *       consulted (nothing is fetched).</li>
 *   <li>The TS-0003 10.1.1 profile ({@link CertificateProfile}).</li>
 *   <li>The identity ({@link CertificateIdentity}): an AE-ID certificate may use its AE-ID, a CSE-ID certificate its
 *       CSE-ID; every certificate may also use the IDs bound to its Credential-ID or fingerprint in
 *       {@link CertificateBindings} (the only source for Node-ID and device certificates).</li>
 * </ol>
 *
 * A raw public key (RFC 7250, TS-0003 10.1.1.2) has no path to validate: it must be a P-256 key, and it
 * authenticates only when its public key id ({@link PublicKeyId}) is bound in {@link CertificateBindings}
 * ({@link #identifyRawPublicKey}); TS-0003 8.1.2.4 has the entity "securely configured" with the key or its hash,
 * which the binding is.
 *
 * <p>Identifying (validation, at the handshake) and {@link #authentication(CertificateIdentity) authorizing} (the
 * binding lookup) are separate, so that a transport can do the second for every request and see a binding change at
 * once.
 *
 * The result is an {@link Authentication.Verified} whose {@code allowedOriginators} are in the form the CSE compares
 * originators in. A valid certificate that names no ID and is bound to none still authenticates, but may use no
 * originator: every request over it is refused with 4106 until it is bound.
 *
 * <p>An association stays subject to all of this while it is open: {@link #associate} gives the door a
 * {@link SecurityAssociation} that runs {@link #revalidate} on the peer's chain again at the first request after the
 * trusted CAs, the bindings or the deny list changed ({@link #generation()}), so that an untrusted CA or a revoked
 * certificate revokes the association and a changed binding changes the IDs it may use. Expiry during an open
 * association is noticed only then, not by the clock alone.
 */
public final class CertificateAuthenticator {
    private final TrustStore trust;
    private final CertificateBindings bindings;
    private final CertificateRevocations revocations;
    private final IdForms forms;
    private final Clock clock;

    /**
     * An authenticator whose deny list is {@code revoked-certs.json} next to the trust folder (the credentials folder
     * of the same data folder), so that no authenticator ignores the operator's revocations by accident.
     */
    public CertificateAuthenticator(TrustStore trust, CertificateBindings bindings, IdForms forms, Clock clock) {
        this(trust, bindings, new CertificateRevocations(trust.dir().toAbsolutePath().resolveSibling(
                "revoked-certs.json")), forms, clock);
    }

    public CertificateAuthenticator(TrustStore trust, CertificateBindings bindings,
                                    CertificateRevocations revocations, IdForms forms, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.forms = Objects.requireNonNull(forms, "forms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The authenticator of a data folder: its trusted CAs, certificate bindings and revoked certificates. */
    public static CertificateAuthenticator inDataDir(Path dataDir, IdForms forms, Clock clock) {
        return new CertificateAuthenticator(TrustStore.inDataDir(dataDir), CertificateBindings.inDataDir(dataDir),
                CertificateRevocations.inDataDir(dataDir), forms, clock);
    }

    public TrustStore trustStore() {
        return trust;
    }

    /** The clock chains are validated at (e.g. for a door that watches an open association's expiry). */
    public Clock clock() {
        return clock;
    }

    /**
     * Validates {@code chain} (end entity first, as TLS sends it) and returns what it authenticates.
     *
     * @throws CertificateRefusedException with the reason, when the chain is refused
     */
    public Authentication.Verified authenticate(X509Certificate[] chain) throws CertificateRefusedException {
        return authentication(identify(chain));
    }

    /**
     * What an identified certificate or raw public key may use now: the IDs it names and those bound to its subjects
     * in the binding table as it is at this moment (normalized; an ID that cannot be normalized is left out).
     */
    public Authentication.Verified authentication(CertificateIdentity id) {
        Set<String> allowed = new LinkedHashSet<>(id.ids());
        for (String bound : bindings.lookup(id.subjects().toArray(String[]::new))) {
            String n = forms.normalize(bound);
            if (n != null) {
                allowed.add(n);
            }
        }
        return new Authentication.Verified(id.credentialId(), allowed);
    }

    /**
     * Accepts a raw public key that is bound: a P-256 EC key (TS-0003 10.1.1.1) whose public key id, in any of the
     * algorithms of 10.1.2, is a subject of the binding table. The identity's Credential-ID is the bound id (the
     * longest when several are).
     *
     * @throws CertificateRefusedException of kind {@link CertificateRefusedException.Kind#UNBOUND} when no id of the
     *         key is bound, of kind BAD when it is not a P-256 key
     */
    public CertificateIdentity identifyRawPublicKey(PublicKey key) throws CertificateRefusedException {
        if (key == null) {
            throw new CertificateRefusedException("no raw public key presented");
        }
        CertificateIdentity id;
        try {
            id = CertificateIdentity.ofRawPublicKey(key);
        } catch (IllegalArgumentException e) {
            throw new CertificateRefusedException("unusable raw public key: " + e.getMessage(), e);
        }
        CertificateProfile.checkKey(key, "raw public key " + id.credentialId());
        for (String subject : id.subjects()) {
            if (!bindings.lookup(subject).isEmpty()) {
                return new CertificateIdentity(id.kind(), subject, id.fingerprint(), id.ids(), id.subjects());
            }
        }
        throw new CertificateRefusedException(CertificateRefusedException.Kind.UNBOUND, "raw public key "
                + id.credentialId() + " is bound to no AE-ID or CSE-ID (bind it with: bastion credentials cert bind "
                + "--subject " + id.credentialId() + " --ae AE-ID)", null);
    }

    /**
     * A number that moves on whenever the trusted CAs, the bindings or the deny list changed: the cheap test, made
     * for every request over an open association, of whether it must be checked again. Read it before
     * {@link #authenticate} at a handshake, and pass it to {@link #associate}.
     */
    public long generation() {
        // Each counter only grows, so the sum moves whenever one of them does.
        return trust.generation() + bindings.generation() + revocations.generation();
    }

    /**
     * What an association whose handshake proved {@code proved} with {@code chain} authenticates now:
     * {@link Authentication.Verified} with the IDs it may use now, or {@link Authentication.Revoked} with the reason
     * the chain is refused now (its CA no longer trusted, a certificate of it revoked or expired).
     */
    public Authentication revalidate(X509Certificate[] chain, Authentication.Verified proved) {
        try {
            return authenticate(chain);
        } catch (CertificateRefusedException e) {
            return new Authentication.Revoked(proved.credentialId(), e.getMessage());
        }
    }

    /**
     * The association of a completed handshake that proved {@code proved} with {@code chain} (end entity first),
     * checked again with {@link #revalidate} whenever {@link #generation()} moves on.
     *
     * @param provedAt {@link #generation()} as read before {@link #authenticate} ran at the handshake
     */
    public SecurityAssociation associate(X509Certificate[] chain, Authentication.Verified proved, long provedAt) {
        X509Certificate[] peer = chain.clone();
        return new SecurityAssociation(proved, provedAt, this::generation, () -> revalidate(peer, proved));
    }

    /** Validates the chain and the profile; returns the identity the certificate names (without bindings). */
    public CertificateIdentity identify(X509Certificate[] chain) throws CertificateRefusedException {
        if (chain == null || chain.length == 0) {
            throw new CertificateRefusedException("no certificate presented");
        }
        Set<TrustAnchor> anchors = trust.anchors();
        if (anchors.isEmpty()) {
            throw new CertificateRefusedException(CertificateRefusedException.Kind.UNTRUSTED, "no CA is trusted (add "
                    + "one with: bastion credentials cert trust FILE)", null);
        }
        revocations.check(List.of(chain));
        return identify(chain, anchors, revocations, forms, clock);
    }

    /**
     * The same validation against trust anchors held in memory, for an end point without a data folder (an AE
     * running ESCertKE, TS-0003 8.7.2.2 A/B: the peer's certificate information is configured there): PKIX path to
     * one of {@code anchors} at {@code clock}'s time, the anchor not in {@code revocations} (null: no deny list), the
     * 10.1.1 profile, then the identity the certificate names ({@link CertificateIdentity}, the rule every door uses).
     */
    public static CertificateIdentity identify(X509Certificate[] chain, Set<TrustAnchor> anchors,
                                               CertificateRevocations revocations, IdForms forms, Clock clock)
            throws CertificateRefusedException {
        if (chain == null || chain.length == 0) {
            throw new CertificateRefusedException("no certificate presented");
        }
        if (anchors.isEmpty()) {
            throw new CertificateRefusedException(CertificateRefusedException.Kind.UNTRUSTED, "no CA is trusted",
                    null);
        }
        List<X509Certificate> path = new ArrayList<>(List.of(chain));
        // The path handed to PKIX ends below the anchor: drop a trusted CA certificate the client sent along.
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1), anchors)) {
            path.remove(path.size() - 1);
        }
        PKIXCertPathValidatorResult result = validate(path, anchors, clock);
        if (revocations != null) {
            revocations.check(List.of(result.getTrustAnchor().getTrustedCert()));
        }
        CertificateProfile.check(path, result.getTrustAnchor().getTrustedCert());
        return CertificateIdentity.of(chain[0], forms);
    }

    private static PKIXCertPathValidatorResult validate(List<X509Certificate> path, Set<TrustAnchor> anchors,
                                                        Clock clock) throws CertificateRefusedException {
        try {
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(cp, params);
        } catch (CertPathValidatorException e) {
            throw new CertificateRefusedException(kind(e), reason(e, path), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertificateRefusedException("no usable trusted CA: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CertificateRefusedException("certificate path not usable: " + e.getMessage(), e);
        }
    }

    private static CertificateRefusedException.Kind kind(CertPathValidatorException e) {
        CertPathValidatorException.Reason r = e.getReason();
        if (r == CertPathValidatorException.BasicReason.EXPIRED
                || r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return CertificateRefusedException.Kind.EXPIRED;
        }
        return r == PKIXReason.NO_TRUST_ANCHOR ? CertificateRefusedException.Kind.UNTRUSTED
                : CertificateRefusedException.Kind.BAD;
    }

    private static String reason(CertPathValidatorException e, List<X509Certificate> path) {
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
