package io.bastion.security.esdata;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Makes ESData envelopes (TS-0003 8.5.3) as a Source End-Point: {@link #sign signature only} (JWS),
 * {@link #encrypt encryption only} (JWE) and {@link #signThenEncrypt nested sign-then-encrypt} (a JWS as the
 * plaintext of a JWE, {@code cty} {@code JOSE} or {@code JOSE+JSON}), in the {@link EsDataForm} chosen. The result is
 * the text to put in {@code con}, with {@link ContentInfo#of} for {@code cnf}. The JSON forms are the general JWS JSON
 * Serialization (RFC 7515 7.2.1, one element per signature, as TS-0003 8.5.2.3 B.3 describes) and the flattened JWE
 * JSON Serialization (RFC 7516 7.2.2: one recipient; Nimbus writes no general form for {@code dir}, whose recipient
 * has no encrypted key). All cryptography is Nimbus JOSE's.
 */
public final class EsDataProtection {
    private EsDataProtection() {
    }

    /**
     * Signs {@code payload}; several keys (JSON forms only) give one signature each (8.5.2.3 B.2).
     *
     * @throws IllegalArgumentException when the compact form is asked for more than one key, or a key cannot sign
     */
    public static String sign(byte[] payload, EsDataForm form, SigningKey... keys) {
        return serialize(signed(payload, form, List.of(keys)), form);
    }

    /** Encrypts {@code payload} to {@code recipient} with content encryption {@code enc} (A128/192/256GCM). */
    public static String encrypt(byte[] payload, RecipientKey recipient, EncryptionMethod enc, EsDataForm form) {
        return serialize(encrypted(new Payload(payload), null, recipient, enc, form), form);
    }

    /**
     * Signs {@code payload} with certificate or public-key signatures (RS*, ES*: 8.5.3.4 allows no MIC inside), then
     * encrypts the signed object to {@code recipient}; the inner object is in the same serialization (not base64).
     */
    public static String signThenEncrypt(byte[] payload, RecipientKey recipient, EncryptionMethod enc,
                                         EsDataForm form, SigningKey... signers) {
        for (SigningKey s : signers) {
            if (com.nimbusds.jose.JWSAlgorithm.Family.HMAC_SHA.contains(s.algorithm())) {
                throw new IllegalArgumentException("nested sign-then-encrypt signs with RSA or ECDSA (TS-0003 8.5.3.4),"
                        + " not " + s.algorithm());
            }
        }
        EsDataForm inner = form == EsDataForm.COMPACT ? EsDataForm.COMPACT : EsDataForm.JSON;
        String jws = serialize(signed(payload, inner, List.of(signers)), inner);
        String cty = form == EsDataForm.COMPACT ? Nesting.COMPACT : Nesting.JSON;
        return serialize(encrypted(new Payload(jws), cty, recipient, enc, form), form);
    }

    private static Object signed(byte[] payload, EsDataForm form, List<SigningKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no signing key");
        }
        try {
            if (form == EsDataForm.COMPACT) {
                if (keys.size() != 1) {
                    throw new IllegalArgumentException("the compact serialization holds one signature; use JSON for "
                            + keys.size());
                }
                JWSObject jws = new JWSObject(keys.get(0).header(), new Payload(payload));
                jws.sign(keys.get(0).signer());
                return jws;
            }
            JWSObjectJSON json = new JWSObjectJSON(new Payload(payload));
            for (SigningKey k : keys) {
                json.sign(k.header(), k.signer());
            }
            return json;
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign: " + e.getMessage(), e);
        }
    }

    private static Object encrypted(Payload payload, String cty, RecipientKey recipient, EncryptionMethod enc,
                                    EsDataForm form) {
        EsDataAlgorithms.content(enc);
        JWEHeader.Builder h = new JWEHeader.Builder(recipient.algorithm(), enc).keyID(recipient.keyId());
        if (recipient.certificate() != null) {
            h.x509CertSHA256Thumbprint(new com.nimbusds.jose.util.Base64URL(recipient.keyId()));
        }
        if (cty != null) {
            h.contentType(cty);
        }
        JWEObject jwe = new JWEObject(h.build(), payload);
        try {
            jwe.encrypt(recipient.encrypter(enc));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot encrypt: " + e.getMessage(), e);
        }
        return form == EsDataForm.COMPACT ? jwe : new JWEObjectJSON(jwe);
    }

    private static String serialize(Object o, EsDataForm form) {
        String text = switch (o) {
            case JWSObject jws -> jws.serialize();
            case JWEObject jwe -> jwe.serialize();
            case JWSObjectJSON json -> json.serializeGeneral();
            case JWEObjectJSON json -> json.serializeFlattened();
            default -> throw new IllegalStateException("not a JOSE object: " + o.getClass());
        };
        return form == EsDataForm.JSON_BASE64
                ? Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) : text;
    }
}
