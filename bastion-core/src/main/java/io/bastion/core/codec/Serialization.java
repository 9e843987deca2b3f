package io.bastion.core.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * The serializations of primitive content that oneM2M names ({@code m2m:serializations}, TS-0004 table 6.3.3-1:
 * {@code xml}, {@code json}, {@code cbor}), as a receiver states them in {@code contentSerialization} (csz) or a
 * notification target in its {@code ct=} query (TS-0004 table 7.4.8.1-3).
 */
public enum Serialization {
    XML, JSON, CBOR;

    /** The lower-case name: the {@code ct=} value and {@code m2m:serializations} entry, e.g. {@code json}. */
    public String ct() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The serialization a {@code ct} value or {@code m2m:serializations} entry ({@code json}) or a media type
     * ({@code application/json}, {@code application/vnd.onem2m-res+json;…}) names; empty for anything else.
     */
    public static Optional<Serialization> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("application/")) {
            v = v.substring("application/".length());
            int plus = v.lastIndexOf('+');
            if (plus >= 0) {
                if (!v.startsWith("vnd.onem2m-")) {
                    return Optional.empty();
                }
                v = v.substring(plus + 1);
            }
        }
        return switch (v) {
            case "xml" -> Optional.of(XML);
            case "json" -> Optional.of(JSON);
            case "cbor" -> Optional.of(CBOR);
            default -> Optional.empty();
        };
    }
}
