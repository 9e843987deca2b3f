package io.bastion.security.escertke;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;

/**
 * A refused or failed ESCertKE step, with the oneM2M response status code a terminating end-point answers the
 * NOTIFY with and a one-line reason in oneM2M words. The reason never holds key material.
 */
public final class EsCertKeException extends OneM2MException {
    private static final long serialVersionUID = 1L;

    public EsCertKeException(ResponseStatusCode status, String reason) {
        super(status, reason);
    }

    static EsCertKeException malformed(String reason) {
        return new EsCertKeException(ResponseStatusCode.BAD_REQUEST, reason);
    }

    static EsCertKeException notAuthenticated(String reason) {
        return new EsCertKeException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, reason);
    }
}
