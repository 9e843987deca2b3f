package io.bastion.security.esdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JOSEObjectJSON;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.PlainObject;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;

/**
 * An ESData envelope parsed without keys: a JWS or a JWE, compact or JSON, whose algorithms are ESData's. This is
 * all that a CSE holding the envelope for others can check ({@code con} against its {@code cnf}).
 *
 * @param object a {@link JWSObject}, {@link JWEObject}, {@link JWSObjectJSON} or {@link JWEObjectJSON}
 */
public record EsDataEnvelope(Object object) {
    /** The most a header may list of signatures or recipients, so that a crafted object cannot make work without end. */
    static final int MAX_ELEMENTS = 16;
    /** Line breaks and spaces a base64 text may be wrapped with (RFC 2045 style). */
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("[ \t\r\n]");

    /** Parses {@code con} as announced by {@code cnf} (whose security flag is not 0). */
    public static EsDataEnvelope parse(JsonNode con, ContentInfo cnf) {
        EsDataForm form = cnf.form().orElseThrow(() -> EsDataException.malformed(
                "cnf " + cnf + " announces no ESData (its contentSecurity is 0)"));
        if (con == null || con.isNull()) {
            throw EsDataException.malformed("con is missing");
        }
        if (con.isObject() && form == EsDataForm.JSON) {
            return parse(con.toString(), form);
        }
        if (!con.isTextual()) {
            throw EsDataException.malformed("con must be " + (form == EsDataForm.JSON ? "a JOSE JSON object or its text"
                    : "text") + " for contentSecurity " + form.contentSecurity());
        }
        return parse(con.asText(), form);
    }

    /**
     * Parses {@code text} in {@code form}.
     *
     * @throws EsDataException 4000 when it is not a JOSE object of that form, 4102 when its algorithms are not ESData's
     */
    public static EsDataEnvelope parse(String text, EsDataForm form) {
        return switch (form) {
            case COMPACT -> compact(text);
            case JSON -> json(text);
            case JSON_BASE64 -> json(base64(text));
        };
    }

    private static EsDataEnvelope compact(String text) {
        JOSEObject o;
        try {
            o = JOSEObject.parse(text.strip());
        } catch (ParseException | RuntimeException e) {
            throw EsDataException.malformed("con is not a JWS or JWE in compact serialization: " + reason(e));
        }
        return switch (o) {
            case PlainObject p -> throw EsDataException.unacceptable("con is an unsecured JOSE object (alg none)");
            case JWSObject jws -> {
                EsDataAlgorithms.signature(jws.getHeader().getAlgorithm());
                yield new EsDataEnvelope(jws);
            }
            case JWEObject jwe -> {
                checkJwe(jwe.getHeader());
                yield new EsDataEnvelope(jwe);
            }
            default -> throw EsDataException.malformed("con is not a JWS or JWE");
        };
    }

    private static EsDataEnvelope json(String text) {
        JOSEObjectJSON o;
        try {
            // Nimbus's JOSEObjectJSON.parse dispatches to JWS only; a JWE is told by its ciphertext (RFC 7516 7.2.1).
            java.util.Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(text);
            o = json.containsKey("ciphertext") ? JWEObjectJSON.parse(json) : JWSObjectJSON.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw EsDataException.malformed("con is not a JWS or JWE in JSON serialization: " + reason(e));
        }
        return switch (o) {
            case JWSObjectJSON jws -> {
                if (jws.getSignatures().isEmpty() || jws.getSignatures().size() > MAX_ELEMENTS) {
                    throw EsDataException.malformed("con must carry 1 to " + MAX_ELEMENTS + " signatures");
                }
                for (JWSObjectJSON.Signature s : jws.getSignatures()) {
                    EsDataAlgorithms.signature(s.getHeader().getAlgorithm());
                }
                yield new EsDataEnvelope(jws);
            }
            case JWEObjectJSON jwe -> {
                if (jwe.getRecipients().size() > MAX_ELEMENTS) {
                    throw EsDataException.malformed("con must carry at most " + MAX_ELEMENTS + " recipients");
                }
                List<JWEHeader> headers = recipientHeaders(jwe);
                for (JWEHeader h : headers) {
                    checkJwe(h);
                    if (headers.size() > 1 && JWEAlgorithm.DIR.equals(h.getAlgorithm())) {
                        throw EsDataException.unacceptable("dir cannot be one of several recipients: it uses its key"
                                + " as the content key (TS-0003 8.5.2.2.1)");
                    }
                }
                yield new EsDataEnvelope(jwe);
            }
            default -> throw EsDataException.malformed("con is not a JWS or JWE");
        };
    }

    /**
     * The header each recipient of a JSON JWE decrypts with: the protected header joined with the shared and the
     * recipient's unprotected headers (RFC 7516 7.2.1; their names must be disjoint, 4000 otherwise).
     */
    static List<JWEHeader> recipientHeaders(JWEObjectJSON jwe) {
        List<JWEHeader> headers = new ArrayList<>();
        try {
            JWEHeader shared = jwe.getUnprotectedHeader() == null ? jwe.getHeader()
                    : (JWEHeader) jwe.getHeader().join(jwe.getUnprotectedHeader());
            for (JWEObjectJSON.Recipient r : jwe.getRecipients()) {
                headers.add(r.getUnprotectedHeader() == null ? shared : (JWEHeader) shared.join(r.getUnprotectedHeader()));
            }
            if (headers.isEmpty()) {
                headers.add(shared);
            }
        } catch (ParseException | RuntimeException e) {
            throw EsDataException.malformed("the JWE's headers cannot be joined: " + reason(e));
        }
        return headers;
    }

    private static void checkJwe(com.nimbusds.jose.JWEHeader h) {
        EsDataAlgorithms.keyManagement(h.getAlgorithm());
        EsDataAlgorithms.content(h.getEncryptionMethod());
        if (h.getCompressionAlgorithm() != null) {
            throw EsDataException.unacceptable("JWE zip " + h.getCompressionAlgorithm()
                    + " is not part of ESData (TS-0003 8.5.3.2)");
        }
    }

    private static String base64(String text) {
        try {
            return new String(Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll("")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw EsDataException.malformed("con is not base64 (contentSecurity 3): " + e.getMessage());
        }
    }

    static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("\\s+", " ");
        return m.length() > 120 ? m.substring(0, 117) + "..." : m;
    }
}
