package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.security.certificate.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The MEF's EST server (RFC 7030; TS-0003 8.3.6.2), served over the same bootstrap session as the oneM2M procedures:
 * the TLS-PSK handshake is EST's certificate-less TLS mutual authentication (RFC 7030 3.3.3, which 8.3.6.2.1 requires
 * for the PPSK-based RSPF), so the enrolee is known before any EST request. {@code GET /.well-known/est/cacerts}
 * answers the MEF CA's chain; {@code POST /.well-known/est/simpleenroll} issues one certificate, and only while a
 * CERT_PROV command is outstanding for the enrolee and has no certificate yet: the command is the one-time
 * authorization, so a replayed or second request is refused. The request's subjectAltName must be exactly the
 * certSubjectID of the command as a URI (8.3.6.2.2 step 3d: the identity validated against the authenticated one).
 * Answers are base64 certs-only CMS (RFC 7030 4.1.3, 4.2.3); refusals are 400/403 with a one-line text, audited.
 */
final class EstEndpoint {
    static final String PREFIX = "/.well-known/est/";
    static final String CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";

    /** An EST answer. */
    record EstReply(int status, String contentType, byte[] body) {
        static EstReply refused(int status, String reason) {
            return new EstReply(status, "text/plain; charset=utf-8", (reason + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private final MefState state;
    private final MefCa ca;
    private final MefAuditLog audit;
    private final Clock clock;
    private final String spId;

    EstEndpoint(MefState state, MefCa ca, MefAuditLog audit, Clock clock, String spId) {
        this.state = state;
        this.ca = ca;
        this.audit = audit;
        this.clock = clock;
        this.spId = spId;
    }

    EstReply handle(String method, String path, byte[] body, MefService.Session session) {
        String op = path.substring(PREFIX.length());
        try {
            if (op.equals("cacerts") && method.equals("GET")) {
                return new EstReply(200, CERTS_ONLY, certsOnly(ca.chain()));
            }
            if (op.equals("simpleenroll") && method.equals("POST")) {
                return enroll(body, session);
            }
            return EstReply.refused(404, "this EST server offers cacerts and simpleenroll");
        } catch (CMSException | CertificateEncodingException e) {
            return EstReply.refused(500, "the certificates could not be encoded");
        }
    }

    private EstReply enroll(byte[] body, MefService.Session session) throws CMSException,
            CertificateEncodingException {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(body));
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                return refuse(400, "the certification request's signature does not verify", session);
            }
        } catch (IllegalArgumentException | IOException | PKCSException | OperatorCreationException e) {
            return refuse(400, "the body is not a base64 PKCS#10 certification request", session);
        }
        PublicKey key;
        try {
            key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
        } catch (Exception e) {
            return refuse(400, "the certification request's public key cannot be read", session);
        }
        List<String> sans = subjectAltNameUris(csr);
        try {
            byte[] answer = state.update(data -> issue(data, key, sans, session));
            return new EstReply(200, CERTS_ONLY, answer);
        } catch (EstRefusal r) {
            return refuse(r.status, r.getMessage(), session);
        }
    }

    /** Issues under the state's lock, so that one CERT_PROV command yields one certificate however many ask. */
    private byte[] issue(MefData data, PublicKey key, List<String> sans, MefService.Session session) {
        MefData.Enrolee e = data.enrolees.get(session.kpmId());
        MefData.Command c = e == null ? null : e.current;
        if (c == null || c.classId != CommandCodes.CERT_PROV || !c.issued) {
            throw new EstRefusal(403, "no CERT_PROV command is outstanding for this MEF Client");
        }
        if (c.certificate != null) {
            throw new EstRefusal(403, "the CERT_PROV command " + c.id + " has had its certificate already");
        }
        String absolute = MefService.absolute(e.enroleeId, spId);
        String expected = MefCa.subjectUri(absolute);
        if (!sans.equals(List.of(expected))) {
            throw new EstRefusal(403, "the request's subjectAltName must be exactly the URI " + expected);
        }
        X509Certificate cert;
        try {
            cert = ca.issue(key, absolute, e.subjectType);
        } catch (IllegalArgumentException ex) {
            throw new EstRefusal(400, ex.getMessage());
        }
        c.certificate = Certificates.fingerprint(cert);
        e.issued.add(c.certificate);
        ObjectNode line = audit.line(clock.instant(), "certificate-issued", session.kpmId());
        line.put("enrolee", e.enroleeId).put("cmdID", c.id).put("sha256", c.certificate)
                .put("serial", cert.getSerialNumber().toString(16))
                .put("notAfter", cert.getNotAfter().toInstant().toString());
        audit.write(line);
        try {
            return certsOnly(List.of(cert));
        } catch (CMSException | CertificateEncodingException ex) {
            throw new EstRefusal(500, "the certificate could not be encoded");
        }
    }

    private EstReply refuse(int status, String reason, MefService.Session session) {
        ObjectNode line = audit.line(clock.instant(), "est-refused", session.kpmId());
        line.put("status", status).put("reason", reason);
        audit.write(line);
        return EstReply.refused(status, reason);
    }

    /** The URIs among the subjectAltName of the request's extensionRequest attribute (RFC 2986). */
    static List<String> subjectAltNameUris(PKCS10CertificationRequest csr) {
        List<String> out = new java.util.ArrayList<>();
        for (org.bouncycastle.asn1.pkcs.Attribute a : csr.getAttributes(
                PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (org.bouncycastle.asn1.ASN1Encodable v : a.getAttributeValues()) {
                GeneralNames names = GeneralNames.fromExtensions(Extensions.getInstance(v),
                        Extension.subjectAlternativeName);
                if (names == null) {
                    continue;
                }
                for (GeneralName n : names.getNames()) {
                    out.add(n.getTagNo() == GeneralName.uniformResourceIdentifier ? n.getName().toString()
                            : "(" + n + ")");
                }
            }
        }
        return out;
    }

    /** A degenerate certs-only SignedData, base64 (RFC 7030 4.1.3, 4.2.3). */
    static byte[] certsOnly(List<X509Certificate> certs) throws CMSException, CertificateEncodingException {
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addCertificates(new JcaCertStore(certs));
        byte[] der;
        try {
            der = g.generate(new CMSAbsentContent()).getEncoded();
        } catch (IOException e) {
            throw new CMSException("cannot encode the certificates", e);
        }
        return Base64.getMimeEncoder().encode(der);
    }

    /** A refusal inside the state's update: nothing is written. */
    private static final class EstRefusal extends RuntimeException {
        final int status;

        EstRefusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
