package io.bastion.core.http;

import io.bastion.core.primitive.OneM2MException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict RFC 3986 percent-decoding of request-target parts into UTF-8 text. A '+' stays a '+': oneM2M query values
 * use it as a list separator and in time-zone offsets, so the form-encoding "plus is space" rule does not apply.
 */
public final class PercentDecoding {

    private PercentDecoding() {
    }

    /**
     * Decodes once. Malformed escapes, invalid UTF-8 and control characters are a 4000 naming {@code what}: such
     * a target can only be a client error or a smuggling attempt, and must not reach the CSE as some guess.
     */
    public static String decode(String s, String what) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%' || c >= 0x7F || c < 0x20) {
                return decodeSlow(s, i, what);
            }
        }
        return s;
    }

    private static String decodeSlow(String s, int from, String what) {
        int n = s.length();
        byte[] bytes = new byte[n];
        int len = 0;
        for (int i = 0; i < from; i++) {
            bytes[len++] = (byte) s.charAt(i);
        }
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < n ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw OneM2MException.badRequest(what + ": malformed percent-encoding");
                }
                bytes[len++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c > 0xFF) {
                throw OneM2MException.badRequest(what + ": invalid character");
            } else {
                // The HTTP decoder hands over raw octets as ISO-8859-1 chars; keep them as the bytes they were.
                bytes[len++] = (byte) c;
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OneM2MException.badRequest(what + ": percent-encoding is not valid UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw OneM2MException.badRequest(what + ": control characters are not allowed");
            }
        }
        return decoded;
    }
}
