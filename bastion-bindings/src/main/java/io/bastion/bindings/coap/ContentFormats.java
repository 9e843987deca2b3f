package io.bastion.bindings.coap;

import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import java.util.Map;

/**
 * CoAP Content-Format numbers (RFC 7252 12.3, TS-0008 table 6.2.2.2-1) and the media types {@link Codecs} chooses
 * from: JSON, CBOR and XML, plain and oneM2M's.
 */
final class ContentFormats {
    static final int JSON = 50;
    static final int CBOR = 60;
    static final int XML = 41;

    private static final Map<Integer, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry(JSON, "application/json"),
            Map.entry(CBOR, "application/cbor"),
            Map.entry(XML, "application/xml"),
            Map.entry(10014, "application/vnd.onem2m-res+xml"),
            Map.entry(10001, "application/vnd.onem2m-res+json"),
            Map.entry(10002, "application/vnd.onem2m-ntfy+xml"),
            Map.entry(10003, "application/vnd.onem2m-ntfy+json"),
            Map.entry(10006, "application/vnd.onem2m-preq+xml"),
            Map.entry(10007, "application/vnd.onem2m-preq+json"),
            Map.entry(10008, "application/vnd.onem2m-prsp+xml"),
            Map.entry(10009, "application/vnd.onem2m-prsp+json"),
            Map.entry(10010, "application/vnd.onem2m-res+cbor"),
            Map.entry(10011, "application/vnd.onem2m-ntfy+cbor"),
            Map.entry(10012, "application/vnd.onem2m-preq+cbor"),
            Map.entry(10013, "application/vnd.onem2m-prsp+cbor"));

    private ContentFormats() {
    }

    /** The codec for a Content-Format number, or null when unknown or not served. */
    static Codec codec(Codecs codecs, int format) {
        String mt = MEDIA_TYPES.get(format);
        return mt == null ? null : codecs.forContentType(mt);
    }

    /**
     * Whether a Content-Format is a serialized response primitive ({@code vnd.onem2m-prsp+json} 10009,
     * {@code +cbor} 10013, {@code +xml} 10008; TS-0004 table 6.7-1): asked for in Accept, the whole primitive goes
     * in the payload (in XML under {@code m2m:rsp}).
     */
    static boolean isResponsePrimitive(int format) {
        return format == 10009 || format == 10013 || format == 10008;
    }

    /** The plain Content-Format of a codec's serialization (50, 60 or 41). */
    static int of(Codec codec) {
        return switch (codec.format()) {
            case "cbor" -> CBOR;
            case "xml" -> XML;
            default -> JSON;
        };
    }
}
