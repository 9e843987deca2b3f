package io.bastion.trust.mef;

import io.bastion.security.environment.SecureEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * The MEF CA (TS-0003 8.3.6.1): issues MEF-Provisioned Certificates with the key {@code caAlias} of the MEF's secure
 * environment, which signs inside the environment (the private key never leaves it). The certificates follow the
 * profile of 10.1.1 and the project's identity rule ({@code CertificateIdentity}): P-256 keys, ECDSA with SHA-256, the
 * subject's AE-ID, CSE-ID (as {@code onem2m://SP-ID/…}) or Node-ID (a URN) as the one subjectAltName URI, key usage
 * digitalSignature, extended key usage clientAuth (and serverAuth for a CSE or a Node), not a CA.
 */
final class MefCa {
    private static final String ALGORITHM = "SHA256withECDSA";

    private final SecureEnvironment environment;
    private final String caAlias;
    private final Duration validity;
    private final Clock clock;
    private final SecureRandom random;

    MefCa(SecureEnvironment environment, String caAlias, Duration validity, Clock clock, SecureRandom random) {
        this.environment = environment;
        this.caAlias = caAlias;
        this.validity = validity;
        this.clock = clock;
        this.random = random;
        chain(); // fails at start when the alias has no certificate
    }

    /** The CA's certificate chain, its own certificate first (the EST {@code /cacerts} answer). */
    List<X509Certificate> chain() {
        List<X509Certificate> chain = environment.certificateChain(caAlias);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the MEF's CA key '" + caAlias + "' has no certificate");
        }
        return chain;
    }

    /** The subjectAltName URI of a subject: {@code onem2m:} + the absolute AE-ID/CSE-ID, or the Node-ID URN. */
    static String subjectUri(String absoluteId) {
        return absoluteId.startsWith("//") ? "onem2m:" + absoluteId : absoluteId;
    }

    /**
     * Issues a certificate for {@code key}, naming {@code absoluteId}.
     *
     * @param subjectType sec:certSubjectType (12.3.2.6)
     */
    X509Certificate issue(PublicKey key, String absoluteId, int subjectType) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("the certificate request's key is not an EC P-256 key (TS-0003 "
                    + "10.1.1)");
        }
        X509Certificate ca = chain().get(0);
        Instant now = clock.instant();
        Instant until = now.plus(validity);
        if (until.isAfter(ca.getNotAfter().toInstant())) {
            until = ca.getNotAfter().toInstant();
        }
        try {
            String cn = absoluteId.substring(absoluteId.lastIndexOf('/') + 1);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    new BigInteger(127, random).add(BigInteger.ONE), Date.from(now.minusSeconds(60)),
                    Date.from(until), new X500Name("CN=" + cn.replaceAll("[,+=\"\\\\<>;#]", "_")), key);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, subjectType == CommandCodes.SUBJECT_AE
                    ? new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)
                    : new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth,
                        KeyPurposeId.id_kp_serverAuth}));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, subjectUri(absoluteId))));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            X509CertificateHolder holder = b.build(new EnvironmentSigner());
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException | java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the MEF CA could not issue the certificate: " + e.getMessage(), e);
        }
    }

    /** Signs the to-be-signed certificate inside the secure environment. */
    private final class EnvironmentSigner implements ContentSigner {
        private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new DefaultSignatureAlgorithmIdentifierFinder().find(ALGORITHM);
        }

        @Override
        public OutputStream getOutputStream() {
            return tbs;
        }

        @Override
        public byte[] getSignature() {
            return environment.sign(caAlias, ALGORITHM, tbs.toByteArray());
        }
    }
}
