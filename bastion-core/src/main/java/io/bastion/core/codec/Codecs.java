package io.bastion.core.codec;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Chooses a codec from HTTP/CoAP media types: {@code application/json}, {@code application/cbor},
 * {@code application/xml} and oneM2M's {@code application/vnd.onem2m-res+…}, {@code …-ntfy+…}, {@code …-preq+…},
 * {@code …-prsp+…} of each (TS-0009 6.4, TS-0004 table 8.5-1 for the oneM2M ones); anything else negotiates to
 * nothing and the binding answers 4015 (request) or 5207 (Accept).
 */
public final class Codecs {
    /** RFC 9110 12.4.2's qvalue: 0 to 1 with at most three decimals. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    private final Codec json = JacksonCodec.json();
    private final Codec cbor = JacksonCodec.cbor();
    private final Codec xml = XmlCodec.xml();

    public Codec json() {
        return json;
    }

    /** The codec for a Content-Type, or null if unsupported. A missing Content-Type means JSON. */
    public Codec forContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return json;
        }
        return byMediaType(contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The codec for an Accept header (RFC 9110 12.5.1), or null when nothing acceptable is served: the served media
     * type of the highest quality value, the first written among equals; {@code q=0} excludes a type. Absent,
     * {@code *}/{@code *} and {@code application/*} give JSON.
     */
    public Codec forAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return json;
        }
        Codec best = null;
        double bestQ = 0;
        for (String part : accept.split(",")) {
            String[] params = part.split(";", -1); // never empty, even for ";;;"
            String mt = params[0].trim().toLowerCase(Locale.ROOT);
            Codec c = mt.equals("*/*") || mt.equals("application/*") ? json : byMediaType(mt);
            if (c == null) {
                continue;
            }
            double q = quality(params);
            if (q > bestQ) {
                best = c;
                bestQ = q;
            }
        }
        return best;
    }

    /** The {@code q} parameter of a media range, 1 when absent; an unreadable one counts as 0 (not acceptable). */
    private static double quality(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                String v = p.substring(2).trim();
                // RFC 9110 12.4.2: 0 to 1 with at most three decimals
                if (!QVALUE.matcher(v).matches()) {
                    return 0;
                }
                return Double.parseDouble(v);
            }
        }
        return 1;
    }

    private Codec byMediaType(String mt) {
        return switch (mt) {
            case "application/json", "application/vnd.onem2m-res+json", "application/vnd.onem2m-ntfy+json",
                 "application/vnd.onem2m-preq+json", "application/vnd.onem2m-prsp+json" -> json;
            case "application/cbor", "application/vnd.onem2m-res+cbor", "application/vnd.onem2m-ntfy+cbor",
                 "application/vnd.onem2m-preq+cbor", "application/vnd.onem2m-prsp+cbor" -> cbor;
            case "application/xml", "application/vnd.onem2m-res+xml", "application/vnd.onem2m-ntfy+xml",
                 "application/vnd.onem2m-preq+xml", "application/vnd.onem2m-prsp+xml" -> xml;
            default -> null;
        };
    }

    /** The codec writing {@code s}. */
    public Codec forSerialization(Serialization s) {
        return switch (s) {
            case JSON -> json;
            case CBOR -> cbor;
            case XML -> xml;
        };
    }

    /** Whether this CSE reads and writes {@code s}: all three serializations of TS-0004 clause 8. */
    public static boolean serves(Serialization s) {
        return s != null;
    }

    /** The oneM2M media type for a response body in this codec's format. */
    public static String resourceMediaType(Codec c) {
        return "application/" + c.format();
    }
}
