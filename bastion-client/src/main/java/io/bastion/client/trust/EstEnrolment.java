package io.bastion.client.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * CERT_PROV with EST (TS-0003 8.3.9.7, 8.3.6.2; RFC 7030) over the bootstrap session: a P-256 key generated here, a
 * PKCS#10 request whose one subjectAltName is the URI {@code onem2m:} + certSubjectID, {@code cacerts} then
 * {@code simpleenroll}, and the answer checked: the leaf carries our key and exactly our URI and chains to the CA
 * certificates {@code cacerts} gave. EST is two plain requests, so it rides on {@link PskChannel#send} directly; the
 * certs-only CMS answers are read by the JDK's PKCS#7 certificate parser.
 */
final class EstEnrolment {
    private EstEnrolment() {
    }

    static DeviceCertificate provision(PskChannel mef, String estPath, String certSubjectId) throws CommandFailed {
        String uri = "onem2m:" + certSubjectId;
        KeyPair kp;
        byte[] csr;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            kp = g.generateKeyPair();
            csr = csr(kp, uri);
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandFailed(CommandFailed.CERT_PROV_CLIENT_ERROR, "cannot make the key or request: " + e);
        }
        List<X509Certificate> cas = certificates(exchange(mef, "GET", estPath + "/cacerts", Map.of(), null),
                "cacerts");
        byte[] issued = exchange(mef, "POST", estPath + "/simpleenroll", Map.of("Content-Type",
                "application/pkcs10", "Content-Transfer-Encoding", "base64"),
                Base64.getMimeEncoder().encode(csr));
        List<X509Certificate> got = certificates(issued, "simpleenroll");
        X509Certificate leaf = got.get(0);
        if (!leaf.getPublicKey().equals(kp.getPublic())) {
            throw new CommandFailed(CommandFailed.CERT_PROV_SERVER_ERROR, "the certificate is not for our key");
        }
        try {
            List<String> sans = new ArrayList<>();
            if (leaf.getSubjectAlternativeNames() != null) {
                leaf.getSubjectAlternativeNames().forEach(n -> sans.add(n.get(0) + ":" + n.get(1)));
            }
            if (!sans.equals(List.of("6:" + uri))) {
                throw new CommandFailed(CommandFailed.CERT_PROV_SERVER_ERROR, "the certificate's subjectAltName "
                        + sans + " is not exactly " + uri);
            }
            Set<TrustAnchor> anchors = new HashSet<>();
            cas.forEach(c -> anchors.add(new TrustAnchor(c, null)));
            PKIXParameters p = new PKIXParameters(anchors);
            p.setRevocationEnabled(false); // a fresh certificate from the CA just asked
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(List.of(leaf)), p);
        } catch (GeneralSecurityException e) {
            throw new CommandFailed(CommandFailed.CERT_PROV_SERVER_ERROR, "the certificate does not chain to the "
                    + "EST server's CA certificates: " + e.getMessage());
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        cas.stream().filter(c -> !c.equals(leaf)).forEach(chain::add);
        return new DeviceCertificate(kp.getPrivate(), chain);
    }

    private static byte[] exchange(PskChannel mef, String method, String path, Map<String, String> headers,
                                   byte[] body) throws CommandFailed {
        HttpAnswer a;
        try {
            a = mef.send(method, path, headers, body);
        } catch (IOException e) {
            throw new CommandFailed(CommandFailed.CERT_PROV_SERVER_ERROR, "EST " + path + ": " + e.getMessage());
        }
        if (a.status() != 200) {
            String why = new String(a.body(), StandardCharsets.UTF_8).strip();
            throw new CommandFailed(a.status() >= 500 ? CommandFailed.CERT_PROV_SERVER_ERROR
                    : CommandFailed.CERT_PROV_CLIENT_ERROR, "EST " + path + ": " + a.status() + " "
                    + why.substring(0, Math.min(200, why.length())));
        }
        return a.body();
    }

    private static List<X509Certificate> certificates(byte[] base64, String op) throws CommandFailed {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(der))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new CommandFailed(CommandFailed.CERT_PROV_SERVER_ERROR, "EST " + op + ": no certificate");
            }
            return out;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new CommandFailed(CommandFailed.CERT_PROV_SERVER_ERROR, "EST " + op + ": not base64 certs-only "
                    + "CMS");
        }
    }

    /** PKCS#10 (RFC 2986) with the one subjectAltName URI in an extensionRequest, signed SHA256withECDSA. */
    static byte[] csr(KeyPair kp, String uri) throws GeneralSecurityException, IOException {
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
        CertificationRequestInfo info = new CertificationRequestInfo(new X500Name("CN=oneM2M device"),
                SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()), new DERSet(new Attribute(
                PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERSet(ext.generate()))));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(info.getEncoded(ASN1Encoding.DER));
        return new CertificationRequest(info, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                new DERBitString(s.sign())).getEncoded(ASN1Encoding.DER);
    }
}
