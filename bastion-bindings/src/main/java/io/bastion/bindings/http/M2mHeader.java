package io.bastion.bindings.http;

import io.netty.util.AsciiString;

/** The {@code X-M2M-*} header fields of TS-0009 clause 6.4 that carry request and response primitive parameters. */
enum M2mHeader {
    ORIGIN("X-M2M-Origin"),
    RI("X-M2M-RI"),
    RVI("X-M2M-RVI"),
    GID("X-M2M-GID"),
    RTU("X-M2M-RTU"),
    OT("X-M2M-OT"),
    RST("X-M2M-RST"),
    RET("X-M2M-RET"),
    OET("X-M2M-OET"),
    EC("X-M2M-EC"),
    VSI("X-M2M-VSI"),
    RSC("X-M2M-RSC"),
    ATI("X-M2M-ATI"),
    CTS("X-M2M-CTS"),
    CTO("X-M2M-CTO");

    private static final M2mHeader[] ALL = values();
    private static final int PREFIX_LENGTH = "X-M2M-".length();

    /** The canonical spelling, as written on responses; requests match case-insensitively (TS-0009 5.1). */
    final AsciiString field;

    M2mHeader(String field) {
        this.field = AsciiString.cached(field);
    }

    /**
     * The header a field name denotes, or null for any other header. Cheap enough to run on every header of
     * every request: non-{@code X-M2M-} names are rejected by their first characters without allocating.
     */
    static M2mHeader of(CharSequence fieldName) {
        int len = fieldName.length();
        if (len <= PREFIX_LENGTH || (fieldName.charAt(0) | 0x20) != 'x' || fieldName.charAt(1) != '-') {
            return null;
        }
        for (M2mHeader h : ALL) {
            if (h.field.length() == len && AsciiString.contentEqualsIgnoreCase(h.field, fieldName)) {
                return h;
            }
        }
        return null;
    }
}
