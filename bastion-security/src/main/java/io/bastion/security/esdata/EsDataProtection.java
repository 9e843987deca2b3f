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
 * Serialization (RFC 7515 7.2.1, one element per signature, as TS-0003 8.5.2.3 B.3 describes) and the JWE JSON
 * Serialization, flattened for one recipient (RFC 7516 7.2.2; Nimbus writes no general form for {@code dir}, whose
 * recipient has no encrypted key), general for several (7.2.1). All cryptography is Nimbus JOSE's.
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

    /**
     * Encrypts {@code payload} with content encryption {@code enc} (A128/192/256GCM) to one recipient, or to several
     * (JSON forms only, each with its own wrapped content key, TS-0003 8.5.2.2.1 Encrypted Key Mode; {@code dir}
     * only alone, as the Direct Encryption Mode is for a single key).
     */
    public static String encrypt(byte[] payload, EncryptionMethod enc, EsDataForm form, RecipientKey... to) {
        return serialize(encrypted(new Payload(payload), null, List.of(to), enc, form), form);
    }

    /**
     * Signs {@code payload} with a certificate or public-key signature ({@code RS*}, {@code ES*}: 8.5.3.4 allows no
     * MIC inside), then encrypts the signed object as {@link #encrypt} does; the inner object is in the same
     * serialization (compact inside compact, JSON inside both JSON forms, never base64 inside).
     */
    public static String signThenEncrypt(byte[] payload, SigningKey signer, EncryptionMethod enc, EsDataForm form,
                                         RecipientKey... to) {
        if (com.nimbusds.jose.JWSAlgorithm.Family.HMAC_SHA.contains(signer.algorithm())) {
            throw new IllegalArgumentException("nested sign-then-encrypt signs with RSA or ECDSA (TS-0003 8.5.3.4),"
                    + " not " + signer.algorithm());
        }
        EsDataForm inner = form == EsDataForm.COMPACT ? EsDataForm.COMPACT : EsDataForm.JSON;
        String jws = serialize(signed(payload, inner, List.of(signer)), inner);
        String cty = form == EsDataForm.COMPACT ? Nesting.COMPACT : Nesting.JSON;
        return serialize(encrypted(new Payload(jws), cty, List.of(to), enc, form), form);
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

    private static Object encrypted(Payload payload, String cty, List<RecipientKey> to, EncryptionMethod enc,
                                    EsDataForm form) {
        EsDataAlgorithms.content(enc);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
        if (to.size() > 1) {
            return Recipients.encrypt(payload, cty, to, enc, form);
        }
        RecipientKey recipient = to.get(0);
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
            case JWEObjectJSON json -> json.getRecipients().size() == 1 ? json.serializeFlattened() : json.serializeGeneral();
            default -> throw new IllegalStateException("not a JOSE object: " + o.getClass());
        };
        return form == EsDataForm.JSON_BASE64
                ? Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) : text;
    }
}
