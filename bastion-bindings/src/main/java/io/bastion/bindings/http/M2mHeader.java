package io.bastion.bindings.http;

import io.bastion.core.http.M2mFields;
import io.netty.util.AsciiString;

/**
 * The {@code X-M2M-*} header fields of TS-0009 clause 6.4 ({@link M2mFields}) as Netty strings, for the door's
 * fast matching of request headers.
 */
enum M2mHeader {
    ORIGIN(M2mFields.ORIGIN),
    RI(M2mFields.RI),
    RVI(M2mFields.RVI),
    GID(M2mFields.GID),
    RTU(M2mFields.RTU),
    OT(M2mFields.OT),
    RST(M2mFields.RST),
    RET(M2mFields.RET),
    OET(M2mFields.OET),
    EC(M2mFields.EC),
    VSI(M2mFields.VSI),
    RSC(M2mFields.RSC),
    ATI(M2mFields.ATI),
    CTS(M2mFields.CTS),
    CTO(M2mFields.CTO);

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
