package io.bastion.core.codec;

import java.util.Locale;

/**
 * Chooses a codec from HTTP/CoAP media types: {@code application/json}, {@code application/vnd.onem2m-res+json},
 * {@code application/cbor}, {@code application/vnd.onem2m-res+cbor} (TS-0009 6.4.x). XML is not served yet, so
 * it negotiates to nothing and the binding answers 4015 (request) or 5207 (Accept).
 */
public final class Codecs {
    private final Codec json = JacksonCodec.json();
    private final Codec cbor = JacksonCodec.cbor();

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
     * The codec for an Accept header, or null when nothing acceptable is served. Absent, {@code *}/{@code *} and
     * {@code application/*} give JSON. Quality values are honoured only as order of appearance.
     */
    public Codec forAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return json;
        }
        for (String part : accept.split(",")) {
            String mt = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (mt.equals("*/*") || mt.equals("application/*")) {
                return json;
            }
            Codec c = byMediaType(mt);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private Codec byMediaType(String mt) {
        return switch (mt) {
            case "application/json", "application/vnd.onem2m-res+json", "application/vnd.onem2m-ntfy+json",
                 "application/vnd.onem2m-preq+json", "application/vnd.onem2m-prsp+json" -> json;
            case "application/cbor", "application/vnd.onem2m-res+cbor", "application/vnd.onem2m-ntfy+cbor" -> cbor;
            default -> null;
        };
    }

    /** The codec writing {@code s}, or null when it is not served (XML). */
    public Codec forSerialization(Serialization s) {
        return switch (s) {
            case JSON -> json;
            case CBOR -> cbor;
            case XML -> null;
        };
    }

    /** Whether this CSE reads and writes {@code s}: JSON and CBOR, not XML. */
    public static boolean serves(Serialization s) {
        return s != Serialization.XML;
    }

    /** The oneM2M media type for a response body in this codec's format. */
    public static String resourceMediaType(Codec c) {
        return "application/" + c.format();
    }
}
