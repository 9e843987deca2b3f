package io.bastion.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses text holding half of a UTF-16 surrogate pair, which is no Unicode character: JSON can spell one as an
 * escape ({@code "\ud800"}) and Jackson's CBOR reader decodes one from its UTF-8 form, but neither UTF-8 nor an
 * {@code xs:string} can carry it, so content stored with one could never be sent again (every CBOR answer holding
 * it would fail). The tree is walked only when the body holds such an escape, so ordinary content costs one scan
 * for a backslash. CBOR text is checked by {@link CborScreen} as it passes.
 */
final class UnpairedSurrogates {
    private UnpairedSurrogates() {
    }

    /** Refuses {@code tree}, parsed from the JSON {@code body}, if one of its names or strings holds a lone half. */
    static void refuseInJson(byte[] body, JsonNode tree) {
        if (escapesSurrogate(body) && holds(tree)) {
            throw OneM2MException.badRequest("malformed JSON content: a \\u escape names half of a surrogate pair, "
                    + "which is no Unicode character");
        }
    }

    /** Whether the body has an escape {@code \}{@code uD800} … {@code \}{@code uDFFF} (or a lookalike). */
    private static boolean escapesSurrogate(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\\' && b[i + 1] == 'u' && (b[i + 2] == 'd' || b[i + 2] == 'D')) {
                int c = b[i + 3];
                if ((c >= '8' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean holds(JsonNode n) {
        if (n.isTextual()) {
            return unpaired(n.textValue());
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (unpaired(e.getKey()) || holds(e.getValue())) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode child : n) {
            if (holds(child)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s} holds a surrogate that is not part of a high-low pair. */
    static boolean unpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
