package io.bastion.security.escertke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.text.Excerpt;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * One ESCertKE Message (TS-0003 table 8.7.2.2-1): the TLS records of one handshake flight, carried as the content
 * {@code {"m2m:seci":{"sit":6,"eckm":"<base64>"}}} of a NOTIFY request or response (TS-0004 6.3.5.48, 7.5.1.2.12;
 * {@code eckm} is escertkeMessage, an {@code xs:base64Binary}). Parsing is strict: exactly those two members,
 * standard base64 (white space allowed, as {@code xs:base64Binary} allows it) of at most {@link #MAX_BYTES} bytes.
 *
 * @param records the TLS records, as one side's TLS engine wrote them
 */
public record EsCertKeMessage(byte[] records) {
    /** The global element name of m2m:securityInfo. */
    public static final String ROOT = "m2m:seci";
    /** securityInfoType 6, ESCertKE Message (TS-0004 table 6.3.4.2.35-1). */
    public static final int SIT = 6;
    /**
     * The largest flight accepted: a flight holds a certificate chain of P-256 certificates (TS-0003 10.1.1.3 asks for
     * few intermediates), a few kilobytes; 32 KiB leaves room and bounds what a peer can make us buffer.
     */
    public static final int MAX_BYTES = 32 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public EsCertKeMessage {
        if (records == null || records.length == 0) {
            throw EsCertKeException.malformed(ROOT + ".eckm: an ESCertKE Message holds at least one TLS record");
        }
        if (records.length > MAX_BYTES) {
            throw EsCertKeException.malformed(ROOT + ".eckm: " + records.length + " bytes, more than the "
                    + MAX_BYTES + " an ESCertKE Message may hold");
        }
        records = records.clone();
    }

    @Override
    public byte[] records() {
        return records.clone();
    }

    /** The primitive content {@code {"m2m:seci":{"sit":6,"eckm":"..."}}}. */
    public ObjectNode toContent() {
        ObjectNode inner = NODES.objectNode();
        inner.put("sit", SIT);
        inner.put("eckm", Base64.getEncoder().encodeToString(records));
        ObjectNode root = NODES.objectNode();
        root.set(ROOT, inner);
        return root;
    }

    /** Whether primitive content is an ESCertKE Message at first sight (an m2m:seci with sit 6), to route it. */
    public static boolean isEsCertKe(JsonNode content) {
        JsonNode sit = content == null ? null : content.path(ROOT).get("sit");
        return sit != null && sit.isIntegralNumber() && sit.intValue() == SIT;
    }

    /**
     * Parses primitive content that must be exactly {@code {"m2m:seci":{"sit":6,"eckm":"..."}}}.
     *
     * @throws EsCertKeException 4000 BAD_REQUEST naming the element that is wrong
     */
    public static EsCertKeMessage fromContent(JsonNode content) {
        if (content == null || !content.isObject() || content.size() != 1 || !content.has(ROOT)) {
            throw EsCertKeException.malformed("an ESCertKE Message is the content {\"" + ROOT
                    + "\":{\"sit\":6,\"eckm\":...}} and nothing else");
        }
        JsonNode seci = content.get(ROOT);
        if (!seci.isObject()) {
            throw EsCertKeException.malformed(ROOT + " must be an object (m2m:securityInfo)");
        }
        for (Map.Entry<String, JsonNode> e : seci.properties()) {
            if (!e.getKey().equals("sit") && !e.getKey().equals("eckm")) {
                throw EsCertKeException.malformed(ROOT + " has an element not allowed with sit 6: "
                        + Excerpt.of(e.getKey()));
            }
        }
        JsonNode sit = seci.get("sit");
        if (sit == null || !sit.isIntegralNumber() || !sit.canConvertToInt()) {
            throw EsCertKeException.malformed(ROOT + ".sit: " + (sit == null ? "missing" : "must be an integer"));
        }
        if (sit.intValue() != SIT) {
            throw EsCertKeException.malformed(ROOT + ".sit: " + sit.intValue()
                    + " is not an ESCertKE Message (6)");
        }
        JsonNode eckm = seci.get("eckm");
        if (eckm == null || !eckm.isTextual()) {
            throw EsCertKeException.malformed(ROOT + ".eckm: " + (eckm == null ? "missing (sit 6 carries the "
                    + "ESCertKE Message)" : "must be a base64 string"));
        }
        String text = eckm.asText();
        if (text.length() > (MAX_BYTES / 3 + 1) * 4 * 2) { // generous for white space; bounds the work below
            throw EsCertKeException.malformed(ROOT + ".eckm: longer than an ESCertKE Message of " + MAX_BYTES
                    + " bytes");
        }
        StringBuilder b64 = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                b64.append(c);
            }
        }
        byte[] records;
        try {
            records = Base64.getDecoder().decode(b64.toString());
        } catch (IllegalArgumentException e) {
            throw EsCertKeException.malformed(ROOT + ".eckm: not base64 (RFC 4648 alphabet with padding)");
        }
        return new EsCertKeMessage(records);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EsCertKeMessage m && Arrays.equals(records, m.records);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(records);
    }

    @Override
    public String toString() {
        return "EsCertKeMessage[" + records.length + " bytes]";
    }
}
