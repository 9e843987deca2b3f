package io.bastion.security.certificate;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Collection;
import java.util.List;

/**
 * The certificate profile of TS-0003 10.1.1 for certificates used in a security association:
 *
 * <ul>
 *   <li>every certificate of the path (the trust anchor included) has an EC public key on secp256r1 (P-256)
 *       (10.1.1.1); points are uncompressed, since the JDK cannot even decode a compressed one;</li>
 *   <li>every certificate issued in the path is signed with ECDSA and SHA-256 (10.1.1.3);</li>
 *   <li>the end-entity certificate has the keyUsage extension with digitalSignature (10.1.1.1) and, when it has an
 *       extendedKeyUsage, that includes clientAuth (or anyExtendedKeyUsage); CA certificates are held to keyCertSign
 *       by the PKIX validation instead, as CA certificates rarely carry digitalSignature;</li>
 *   <li>no subjectAltName of the end-entity certificate contains a wildcard (10.1.1.5-8).</li>
 * </ul>
 */
public final class CertificateProfile {
    /** OID of ecdsa-with-SHA256 (RFC 5758). */
    static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final ECParameterSpec P256 = p256();

    private CertificateProfile() {
    }

    /**
     * Checks the end entity ({@code path[0]}), the intermediates and the trust anchor's certificate.
     *
     * @param path the validated path, end entity first, without the anchor
     * @param anchor the trust anchor's certificate
     */
    public static void check(List<X509Certificate> path, X509Certificate anchor) throws CertificateRefusedException {
        X509Certificate ee = path.get(0);
        for (X509Certificate c : path) {
            checkKey(c);
            if (!ECDSA_SHA256.equals(c.getSigAlgOID())) {
                throw new CertificateRefusedException(describe(c) + " is signed with " + c.getSigAlgName()
                        + "; TS-0003 10.1.1.3 requires ECDSA with SHA-256 (SHA256withECDSA)");
            }
        }
        checkKey(anchor);
        boolean[] ku = ee.getKeyUsage();
        if (ku == null) {
            throw new CertificateRefusedException(describe(ee)
                    + " has no keyUsage extension; TS-0003 10.1.1.1 requires one with digitalSignature");
        }
        if (!ku[0]) {
            throw new CertificateRefusedException(describe(ee)
                    + " has a keyUsage without digitalSignature; TS-0003 10.1.1.1 requires it");
        }
        List<String> eku;
        try {
            eku = ee.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateRefusedException(describe(ee) + " has an unreadable extendedKeyUsage", e);
        }
        if (eku != null && !eku.contains(CLIENT_AUTH) && !eku.contains(ANY_EKU)) {
            throw new CertificateRefusedException(describe(ee)
                    + " has an extendedKeyUsage without clientAuth: it is not meant for TLS clients");
        }
        checkNoWildcards(ee);
    }

    /** Checks that a CA certificate may be trusted: a CA (basicConstraints cA) with a P-256 key. */
    public static void checkTrustAnchor(X509Certificate ca) throws CertificateRefusedException {
        if (ca.getBasicConstraints() < 0) {
            throw new CertificateRefusedException(describe(ca)
                    + " is not a CA certificate (no basicConstraints cA=true): trust the CA that issued it instead");
        }
        checkKey(ca);
    }

    static void checkKey(X509Certificate c) throws CertificateRefusedException {
        checkKey(c.getPublicKey(), describe(c));
    }

    /** Checks that {@code k} is an EC key on secp256r1 (10.1.1.1); {@code who} names it in the message. */
    public static void checkKey(PublicKey k, String who) throws CertificateRefusedException {
        if (!(k instanceof ECPublicKey ec)) {
            throw new CertificateRefusedException(who + " has a key of type " + k.getAlgorithm()
                    + "; TS-0003 10.1.1.1 requires an EC key on secp256r1 (P-256)");
        }
        if (!isP256(ec.getParams())) {
            throw new CertificateRefusedException(who + " has an EC key on a curve other than secp256r1 "
                    + "(P-256), which TS-0003 10.1.1.1 requires");
        }
    }

    private static void checkNoWildcards(X509Certificate c) throws CertificateRefusedException {
        Collection<List<?>> sans;
        try {
            sans = c.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateRefusedException(describe(c) + " has an unreadable subjectAltName", e);
        }
        if (sans == null) {
            return;
        }
        for (List<?> san : sans) {
            if (san.size() > 1 && san.get(1) instanceof String s && s.indexOf('*') >= 0) {
                throw new CertificateRefusedException(describe(c) + " has a wildcard subjectAltName '" + s
                        + "'; TS-0003 10.1.1 forbids wildcards");
            }
        }
    }

    static boolean isP256(ECParameterSpec p) {
        return p != null && p.getCofactor() == P256.getCofactor() && p.getOrder().equals(P256.getOrder())
                && p.getCurve().equals(P256.getCurve()) && p.getGenerator().equals(P256.getGenerator());
    }

    /** "certificate 'CN=…'" for messages. */
    static String describe(X509Certificate c) {
        return "certificate '" + c.getSubjectX500Principal().getName() + "'";
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            return ap.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
