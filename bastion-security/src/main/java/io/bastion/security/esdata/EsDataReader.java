package io.bastion.security.esdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.X509CertChainUtils;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * Opens ESData envelopes as a Target End-Point (TS-0003 8.5.2.2 D–E, 8.5.2.3 C, 8.5.2.4): decrypts a JWE with the
 * key its {@code kid} names, verifies every JWS signature made with a key the reader trusts (at least one), and for a
 * nested object (a JWE whose {@code cty} is {@code JOSE}/{@code JOSE+JSON}) both, one level deep. A source
 * certificate sent in {@code x5c} is trusted only when its chain validates (PKIX, at the clock's time, without
 * revocation checks) to one of the reader's trust anchors. Failures are {@link EsDataException}s. Thread-safe.
 */
public final class EsDataReader {
    private final EsDataKeys keys;
    private final Clock clock;

    /** A reader with {@code keys}, validating certificates at the system clock's time. */
    public EsDataReader(EsDataKeys keys) {
        this(keys, Clock.systemUTC());
    }

    public EsDataReader(EsDataKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Opens the {@code con} of a resource as its {@code cnf} announces (a contentSecurity of 1, 2 or 3). */
    public Opened open(JsonNode con, String cnf) {
        return open(EsDataEnvelope.parse(con, ContentInfo.parse(cnf)));
    }

    /** Opens {@code envelope} in {@code form}. */
    public Opened open(String envelope, EsDataForm form) {
        return open(EsDataEnvelope.parse(envelope, form));
    }

    /** Opens a parsed envelope. */
    public Opened open(EsDataEnvelope envelope) {
        return switch (envelope.object()) {
            case JWSObject jws -> new Opened(jws.getPayload().toBytes(), List.of(verify(jws)), null);
            case JWSObjectJSON jws -> new Opened(jws.getPayload().toBytes(), verify(jws), null);
            case JWEObject jwe -> {
                String kid = decrypt(jwe);
                yield nested(jwe.getHeader(), jwe.getPayload(), kid);
            }
            case JWEObjectJSON jwe -> {
                String kid = decrypt(jwe);
                yield nested(jwe.getHeader(), jwe.getPayload(), kid);
            }
            default -> throw EsDataException.malformed("not a JWS or JWE");
        };
    }

    private Opened nested(JWEHeader header, Payload plaintext, String kid) {
        if (!Nesting.isNested(header.getContentType())) {
            return new Opened(plaintext.toBytes(), List.of(), kid);
        }
        EsDataForm inner = Nesting.isJson(header.getContentType()) ? EsDataForm.JSON : EsDataForm.COMPACT;
        EsDataEnvelope signed = EsDataEnvelope.parse(plaintext.toString(), inner);
        List<Signer> signers = switch (signed.object()) {
            case JWSObject jws -> List.of(verify(jws));
            case JWSObjectJSON jws -> verify(jws);
            default -> throw EsDataException.unacceptable("the encrypted object holds another JWE, not a signed object"
                    + " (nested sign-then-encrypt is one JWS inside one JWE)");
        };
        for (Signer s : signers) {
            if (JWSAlgorithm.Family.HMAC_SHA.contains(s.algorithm())) {
                throw EsDataException.unacceptable("nested sign-then-encrypt signs with RSA or ECDSA (TS-0003 8.5.3.4),"
                        + " not " + s.algorithm());
            }
        }
        byte[] payload = switch (signed.object()) {
            case JWSObject jws -> jws.getPayload().toBytes();
            case JWSObjectJSON jws -> jws.getPayload().toBytes();
            default -> throw new IllegalStateException();
        };
        return new Opened(payload, signers, kid);
    }

    private Signer verify(JWSObject jws) {
        Signer s = verify(jws.getHeader(), jws.getHeader().getKeyID(), jws::verify);
        if (s == null) {
            throw EsDataException.unacceptable(noKey(jws.getHeader()));
        }
        return s;
    }

    private List<Signer> verify(JWSObjectJSON jws) {
        List<Signer> verified = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (JWSObjectJSON.Signature sig : jws.getSignatures()) {
            // RFC 7515 7.2.1: kid may sit in the signature's unprotected header; the signature binds the key anyway
            String kid = sig.getHeader().getKeyID() != null || sig.getUnprotectedHeader() == null
                    ? sig.getHeader().getKeyID() : sig.getUnprotectedHeader().getKeyID();
            Signer s = verify(sig.getHeader(), kid, sig::verify);
            if (s == null) {
                unknown.add(noKey(sig.getHeader()));
            } else {
                verified.add(s);
            }
        }
        if (verified.isEmpty()) {
            throw EsDataException.unacceptable(unknown.get(0));
        }
        return verified;
    }

    private interface Check {
        boolean verify(JWSVerifier v) throws JOSEException;
    }

    /** The signer, null when the reader has no key for this signature; refused when it has one that fails. */
    private Signer verify(JWSHeader h, String keyId, Check check) {
        JWSAlgorithm alg = EsDataAlgorithms.signature(h.getAlgorithm());
        String kid = keyId;
        Key key = keys.verificationKey(kid);
        X509Certificate cert = null;
        if (key == null && h.getX509CertChain() != null && !keys.anchors().isEmpty()) {
            cert = validated(h);
            key = cert.getPublicKey();
            kid = Thumbprints.of(cert);
        }
        if (key == null) {
            return null;
        }
        String mismatch = EsDataAlgorithms.signatureMismatch(alg, key);
        if (mismatch != null) {
            throw EsDataException.unacceptable("the signature's alg does not fit the key of kid " + kid + ": " + mismatch);
        }
        try {
            JWSVerifier v = switch (key) {
                case SecretKey k -> new MACVerifier(k);
                case RSAPublicKey k -> new RSASSAVerifier(k);
                case ECPublicKey k -> new ECDSAVerifier(k);
                default -> throw EsDataException.unacceptable("kid " + kid + " is not a key that verifies signatures");
            };
            if (!check.verify(v)) {
                throw EsDataException.unacceptable("the " + alg + " signature does not verify with the key of kid "
                        + kid + ": the content was altered or signed with another key");
            }
        } catch (JOSEException e) {
            throw EsDataException.unacceptable("the " + alg + " signature cannot be checked with the key of kid " + kid
                    + ": " + EsDataEnvelope.reason(e));
        }
        return new Signer(kid, alg, cert);
    }

    private X509Certificate validated(JWSHeader h) {
        List<X509Certificate> chain;
        try {
            chain = X509CertChainUtils.parse(h.getX509CertChain());
        } catch (java.text.ParseException e) {
            throw EsDataException.malformed("x5c is not a certificate chain: " + EsDataEnvelope.reason(e));
        }
        if (chain.isEmpty()) {
            throw EsDataException.malformed("x5c is empty");
        }
        try {
            PKIXParameters params = new PKIXParameters(keys.anchors());
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
        } catch (GeneralSecurityException e) {
            throw EsDataException.unacceptable("the source certificate in x5c does not validate to a trust anchor of"
                    + " this reader: " + EsDataEnvelope.reason(e));
        }
        return chain.get(0);
    }

    private static String noKey(JWSHeader h) {
        return "no key or trust anchor of this reader verifies the signature (kid " + h.getKeyID()
                + (h.getX509CertChain() != null ? ", a certificate in x5c" : "") + ")";
    }

    private String decrypt(JWEObject jwe) {
        String kid = recipientKid(jwe.getHeader());
        try {
            jwe.decrypt(decrypter(jwe.getHeader(), kid));
        } catch (JOSEException e) {
            throw notDecrypted(kid, e);
        }
        return kid;
    }

    /** Decrypts for the first recipient whose key this reader holds (TS-0003 8.5.2.2 D.3). */
    private String decrypt(JWEObjectJSON jwe) {
        List<JWEHeader> headers = EsDataEnvelope.recipientHeaders(jwe);
        List<String> kids = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String kid = recipientKid(headers.get(i));
            kids.add(kid);
            if (keys.decryptionKey(kid) == null) {
                continue;
            }
            JWEObjectJSON.Recipient recipient = jwe.getRecipients().isEmpty() ? null : jwe.getRecipients().get(i);
            try {
                jwe.decrypt(new OneRecipient(headers.get(i), recipient, decrypter(headers.get(i), kid)));
            } catch (JOSEException e) {
                throw notDecrypted(kid, e);
            }
            return kid;
        }
        throw EsDataException.unacceptable("this reader holds no key of kid " + String.join(", ", kids)
                + " to decrypt the JWE");
    }

    private static EsDataException notDecrypted(String kid, JOSEException e) {
        return EsDataException.unacceptable("the JWE does not decrypt with the key of kid " + kid
                + ": the content was altered or encrypted to another key (" + EsDataEnvelope.reason(e) + ")");
    }

    private String recipientKid(JWEHeader h) {
        String kid = h.getKeyID();
        if (kid == null && h.getX509CertSHA256Thumbprint() != null) {
            kid = h.getX509CertSHA256Thumbprint().toString();
        }
        if (kid == null) {
            throw EsDataException.unacceptable("the JWE names no key (no kid nor x5t#S256): a reader cannot tell which"
                    + " of its keys decrypts it (TS-0003 8.5.2.2 D)");
        }
        return kid;
    }

    private JWEDecrypter decrypter(JWEHeader h, String kid) {
        Key key = keys.decryptionKey(kid);
        if (key == null) {
            throw EsDataException.unacceptable("this reader holds no key of kid " + kid + " to decrypt the JWE");
        }
        String mismatch = EsDataAlgorithms.keyManagementMismatch(h.getAlgorithm(), key);
        if (mismatch != null) {
            throw EsDataException.unacceptable("the JWE's alg does not fit the key of kid " + kid + ": " + mismatch);
        }
        try {
            if (h.getAlgorithm().equals(com.nimbusds.jose.JWEAlgorithm.DIR)) {
                return new DirectDecrypter((SecretKey) key);
            }
            if (key instanceof SecretKey k) {
                return new AESDecrypter(k);
            }
            if (key instanceof ECPrivateKey k) {
                return new ECDHDecrypter(k);
            }
            if (key instanceof PrivateKey k) {
                return new RSADecrypter(k);
            }
        } catch (JOSEException e) {
            throw notDecrypted(kid, e);
        }
        throw EsDataException.unacceptable("kid " + kid + " is not a key that decrypts");
    }
}
