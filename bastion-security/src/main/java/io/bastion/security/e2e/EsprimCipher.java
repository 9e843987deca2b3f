package io.bastion.security.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import io.bastion.core.primitive.ResponseStatusCode;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Map;

/** Sealing and opening one ESPrim object with Nimbus JOSE (compact JWE, {@code alg} dir, AES-GCM). */
final class EsprimCipher {
    private EsprimCipher() {
    }

    /**
     * The compact JWE of {@code plaintext} under the session key, with the header of TS-0003 table 8.4.3.2-2.
     *
     * @throws EsprimRefusal 5211 ESPRIM_ENCRYPTION_ERROR when the provider fails
     */
    static String seal(byte[] plaintext, String cty, String kid, EsprimAlgorithm alg, String ori, String rri,
                       OriginatorRandObject oro, SessionKey key, SecureRandom random) {
        JWEHeader.Builder b = new JWEHeader.Builder(JWEAlgorithm.DIR, alg.enc()).keyID(kid).contentType(cty)
                .customParam("ori", ori).customParam("rri", rri);
        if (oro != null) {
            b.customParam("oro", E2eJson.MAPPER.convertValue(oro.toJson(), Map.class));
        }
        JWEObject jwe = new JWEObject(b.build(), new Payload(plaintext));
        try {
            DirectEncrypter encrypter = new DirectEncrypter(key.cek(alg));
            encrypter.getJCAContext().setSecureRandom(random);
            jwe.encrypt(encrypter);
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new EsprimRefusal(ResponseStatusCode.ESPRIM_ENCRYPTION_ERROR, "the ESPrim object could not be "
                    + "encrypted: " + e.getMessage(), kid);
        }
    }

    /**
     * The verified plaintext of {@code compact}.
     *
     * @throws EsprimRefusal 4115 ESPRIM_BAD_MAC when the authentication tag does not verify (a wrong key, an altered
     *         header, IV, ciphertext or tag), 4000 when Nimbus cannot parse what {@link EsprimHeader} accepted,
     *         5210 ESPRIM_DECRYPTION_ERROR when the provider fails otherwise
     */
    static byte[] open(String compact, EsprimHeader header, SessionKey key) {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compact);
        } catch (ParseException e) {
            throw new EsprimRefusal(ResponseStatusCode.BAD_REQUEST, "the ESPrim object is not a compact JWE: "
                    + e.getMessage(), header.kid());
        }
        try {
            jwe.decrypt(new DirectDecrypter(key.cek(header.alg())));
        } catch (JOSEException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Tag mismatch") || m.contains("decryption failed") || m.contains("MAC check")
                    || e.getCause() instanceof javax.crypto.AEADBadTagException) {
                throw new EsprimRefusal(ResponseStatusCode.ESPRIM_BAD_MAC, "the ESPrim object does not verify under "
                        + "the session key (AEAD authentication failed)", header.kid());
            }
            throw new EsprimRefusal(ResponseStatusCode.ESPRIM_DECRYPTION_ERROR, "the ESPrim object could not be "
                    + "decrypted: " + m, header.kid());
        } catch (IllegalStateException e) {
            throw new EsprimRefusal(ResponseStatusCode.ESPRIM_DECRYPTION_ERROR, "the ESPrim object could not be "
                    + "decrypted: " + e.getMessage(), header.kid());
        }
        return jwe.getPayload().toBytes();
    }
}
