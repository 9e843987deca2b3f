package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.security.credential.PreSharedKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The checks of the value types that carry credentials or their status (TS-0022 objects, TS-0004 m2m:actionStatus):
 * a symmetric key is read as a {@link PreSharedKey} (its bounds) and destroyed at once; certificates are parsed; a
 * fingerprint must have the form of a SHA-256 digest. No check echoes the value.
 */
final class CredentialValues {
    /** A certificate chain of a device is a few kilobytes; this bounds the parser's work. */
    static final int MAX_CERTIFICATES_CHARS = 64 * 1024;
    private static final int MAX_STATUS = 3;
    private static final int SHA256_HEX = 64;
    private static final String NI_SHA256 = "ni:///sha-256;";
    private static final int SHA256_BASE64URL = 43;

    private CredentialValues() {
    }

    /** m2m:actionStatus: only {@code acn} (a string) and {@code sus} (m2m:status, 0 to 3, TS-0004 6.3.4.2.20). */
    static boolean isActionStatus(JsonNode v) {
        if (!v.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean ok = switch (e.getKey()) {
                case "acn" -> e.getValue().isTextual();
                case "sus" -> e.getValue().isIntegralNumber() && e.getValue().asInt() >= 0
                        && e.getValue().asInt() <= MAX_STATUS;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** xs:base64Binary of a key this CSE would accept as a pre-shared key; the decoded bytes are wiped. */
    static boolean isSymmetricKey(JsonNode v) {
        if (!v.isTextual()) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            PreSharedKey.of(bytes).destroy();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * One or more X.509 certificates, PEM or the base64 of one DER certificate. A private key in the text is refused
     * on its own terms (4000 naming {@code where}): myCertFileCred holds the certificates whose key the device keeps.
     */
    static boolean isCertificates(JsonNode v, String where) {
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > MAX_CERTIFICATES_CHARS) {
            return false;
        }
        String text = v.asText();
        if (text.contains("PRIVATE KEY")) {
            throw OneM2MException.badRequest("attribute " + where + " holds a private key: it takes certificates "
                    + "only, the private key stays on the device");
        }
        byte[] der;
        if (text.contains("-----BEGIN")) {
            der = text.getBytes(StandardCharsets.US_ASCII);
        } else {
            try {
                der = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        try {
            return !CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(der))
                    .isEmpty();
        } catch (CertificateException | RuntimeException e) {
            return false;
        }
    }

    /** SHA-256 as hex ({@code ab:cd:...} or {@code abcd...}) or as an RFC 6920 name with sha-256. */
    static boolean isFingerprint(String s) {
        if (s.startsWith(NI_SHA256)) {
            String d = s.substring(NI_SHA256.length());
            return d.length() == SHA256_BASE64URL && d.chars().allMatch(c -> c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_');
        }
        String hex = s.indexOf(':') >= 0 ? colonPairs(s) : s;
        return hex != null && hex.length() == SHA256_HEX && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** {@code ab:cd:..} without its colons, or null when the colons do not separate pairs. */
    private static String colonPairs(String s) {
        String[] pairs = s.split(":", -1);
        StringBuilder b = new StringBuilder(SHA256_HEX);
        for (String p : pairs) {
            if (p.length() != 2) {
                return null;
            }
            b.append(p);
        }
        return b.toString();
    }
}
