package io.bastion.security.esdata;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates for the ESData tests (here and the server's), made fresh with the JDK and Bouncy Castle. */
public final class EsDataFixtures {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EsDataFixtures() {
    }

    public static byte[] secret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate of {@code subject} for {@code keys}, signed by {@code issuerKey} (self-signed when null). */
    public static X509Certificate certificate(String subject, KeyPair keys, X509Certificate issuer, PrivateKey issuerKey,
                                       boolean ca) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + subject);
            X500Name issuerName = issuer == null ? name : X500Name.getInstance(issuer.getSubjectX500Principal()
                    .getEncoded());
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            PrivateKey signWith = issuerKey == null ? keys.getPrivate() : issuerKey;
            String sigAlg = signWith.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(sigAlg).build(signWith)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
