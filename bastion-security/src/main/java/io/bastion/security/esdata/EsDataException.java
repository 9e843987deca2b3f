package io.bastion.security.esdata;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;

/**
 * An ESData object that cannot be made or opened, with its oneM2M code and a one-line reason that never holds a key.
 * TS-0004 defines no ESData codes (its 4111–4116 and 5210–5211 are ESPrim's), so Bastion uses two general ones:
 * {@link #malformed 4000 BAD_REQUEST} for what is not a JOSE object of the announced serialization, and
 * {@link #unacceptable 4102 CONTENTS_UNACCEPTABLE} for a well-formed object that is refused (an algorithm outside
 * TS-0003 tables 8.5.3.2-3/-4 and 8.5.3.3-2, an algorithm that does not fit the key, no key or trust anchor for it,
 * a signature, MAC or authentication tag that does not verify).
 */
public final class EsDataException extends OneM2MException {
    /** A failure with its code and reason. */
    public EsDataException(ResponseStatusCode status, String reason) {
        super(status, reason);
    }

    /** 4000: not an ESData object of the serialization the caller or {@code cnf} announced. */
    public static EsDataException malformed(String reason) {
        return new EsDataException(ResponseStatusCode.BAD_REQUEST, reason);
    }

    /** 4102: a well-formed ESData object that is refused. */
    public static EsDataException unacceptable(String reason) {
        return new EsDataException(ResponseStatusCode.CONTENTS_UNACCEPTABLE, reason);
    }
}
