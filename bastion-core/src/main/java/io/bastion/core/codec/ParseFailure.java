package io.bastion.core.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.bastion.core.text.Excerpt;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with content a parser refused, in the client's terms and with where it is: Jackson's own
 * messages name its classes, features and token types ({@code JsonNode}, {@code StreamReadConstraints},
 * {@code VALUE_STRING}), which tell a client nothing about its input and an attacker which library reads it. Only
 * what the client sent (an excerpt of the offending character or word) is echoed; any refusal not recognised here
 * gets the general sentence.
 */
final class ParseFailure {
    private static final Pattern CODE = Pattern.compile("code (-?\\d+)\\)");
    private static final Pattern QUOTED = Pattern.compile("'([^']{0,64})'");

    private ParseFailure() {
    }

    /** The message for a 4000 about content in {@code format} ({@code json}, {@code cbor}) that {@code e} refused. */
    static String describe(String format, JacksonException e) {
        String name = format.toUpperCase(Locale.ROOT);
        String detail = detail(e, e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        return "malformed " + name + " content" + where(format, e.getLocation()) + ": " + detail;
    }

    private static String detail(JacksonException e, String m) {
        if (e instanceof StreamConstraintsException) {
            if (m.startsWith("Document nesting depth")) {
                return "arrays and objects nested deeper than " + ContentLimits.MAX_DEPTH + " levels";
            }
            if (m.startsWith("Number value length")) {
                return "a number longer than " + ContentLimits.MAX_NUMBER_LENGTH + " characters";
            }
            if (m.startsWith("Token count")) {
                return "more than " + ContentLimits.MAX_TOKENS + " values, names and brackets";
            }
            return "a string, name or document larger than this CSE accepts";
        }
        if (e instanceof InputCoercionException) {
            return "a number out of range";
        }
        if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            return "the content ends before its last value is complete";
        }
        if (e instanceof MismatchedInputException && m.startsWith("Trailing token")) {
            return "more than one value; the content is one object";
        }
        if (m.startsWith("Unexpected character")) {
            return "unexpected character " + character(m) + (m.contains("numeric value") ? " in a number" : "");
        }
        if (m.startsWith("Unrecognized token")) {
            return "unrecognized word " + quoted(m) + " (a value is a string, a number, an object, an array, true, "
                    + "false or null)";
        }
        if (m.startsWith("Duplicate")) {
            return "the name " + quoted(m) + " appears twice in one object";
        }
        if (m.startsWith("Non-standard token")) {
            return "NaN and Infinity are not numbers in JSON";
        }
        if (m.startsWith("Invalid numeric value") || m.startsWith("Leading zeroes")) {
            return "a malformed number";
        }
        if (m.startsWith("Illegal unquoted character") || m.startsWith("Illegal character")) {
            return "a control character " + character(m) + " that must be escaped";
        }
        if (m.startsWith("Unrecognized character escape")) {
            return "an invalid escape sequence " + character(m) + " in a string";
        }
        if (m.startsWith("Unexpected close marker")) {
            return "a closing bracket that closes nothing open";
        }
        if (m.startsWith("Invalid UTF-8") || m.contains("UTF-8")) {
            return "text that is not valid UTF-8";
        }
        if (m.startsWith("Unsupported major type")) {
            return "a map key that is not a string (TS-0004 8.5.1)";
        }
        return "not well-formed";
    }

    /** A character named by its code in the message: 'x' when printable, else U+hhhh. */
    private static String character(String m) {
        Matcher c = CODE.matcher(m);
        if (!c.find()) {
            return quoted(m);
        }
        int code;
        try {
            code = Integer.parseInt(c.group(1));
        } catch (NumberFormatException ex) {
            return "";
        }
        if (code < 0) {
            code &= 0xff; // a byte Jackson printed as a signed value
        }
        return code >= 0x20 && code < 0x7f ? "'" + (char) code + "'" : String.format(Locale.ROOT, "U+%04X", code);
    }

    private static String quoted(String m) {
        Matcher q = QUOTED.matcher(m);
        return q.find() ? "'" + Excerpt.of(q.group(1)) + "'" : "";
    }

    private static String where(String format, JsonLocation l) {
        if (l == null) {
            return "";
        }
        if (format.equals("json") && l.getLineNr() > 0) {
            return " at line " + l.getLineNr() + ", column " + l.getColumnNr();
        }
        long at = l.getByteOffset() >= 0 ? l.getByteOffset() : l.getCharOffset();
        return at >= 0 ? " at byte " + at : "";
    }
}
