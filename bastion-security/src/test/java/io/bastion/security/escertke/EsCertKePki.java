package io.bastion.security.escertke;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The certificates of the ESCertKE tests: a P-256 CA and end-point certificates of the TS-0003 10.1.1 profile. */
final class EsCertKePki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A CA certificate and its key. */
    record Ca(X509Certificate cert, PrivateKey key) {
    }

    private EsCertKePki() {
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Ca ca(String cn) {
        KeyPair kp = p256();
        X509Certificate c = build("CN=" + cn, kp, null, kp.getPrivate(), true, null);
        return new Ca(c, kp.getPrivate());
    }

    /** An end-point whose certificate names {@code uri} (an AE-ID or CSE-ID URI) in its subjectAltName. */
    static EndPointCredentials endPoint(Ca ca, String uri) {
        KeyPair kp = p256();
        X509Certificate c = build("CN=" + uri.replaceAll("[^A-Za-z0-9.-]", "_"), kp, ca.cert(), ca.key(), false, uri);
        return new EndPointCredentials(kp.getPrivate(), List.of(c));
    }

    /** A device certificate: no AE-ID or CSE-ID in it, usable only where a binding names its holder. */
    static EndPointCredentials device(Ca ca) {
        KeyPair kp = p256();
        return new EndPointCredentials(kp.getPrivate(), List.of(build("CN=device", kp, ca.cert(), ca.key(), false,
                null)));
    }

    private static X509Certificate build(String subject, KeyPair kp, X509Certificate issuer, PrivateKey issuerKey,
                                         boolean isCa, String uri) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer == null ? new X500Principal(subject) : issuer.getSubjectX500Principal(),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(Instant.now().minus(Duration.ofDays(1))),
                    Date.from(Instant.now().plus(Duration.ofDays(365))), new X500Principal(subject), kp.getPublic());
            if (isCa) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (uri != null) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
