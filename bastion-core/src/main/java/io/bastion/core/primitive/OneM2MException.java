package io.bastion.core.primitive;

/**
 * A request failure that carries its oneM2M response status code and a one-line message for the client.
 * Expected failures (bad input, no privilege) are values, so no stack trace is captured.
 */
public class OneM2MException extends RuntimeException {
    private final ResponseStatusCode status;

    public OneM2MException(ResponseStatusCode status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public ResponseStatusCode status() {
        return status;
    }

    public static OneM2MException badRequest(String message) {
        return new OneM2MException(ResponseStatusCode.BAD_REQUEST, message);
    }

    public static OneM2MException notFound(String message) {
        return new OneM2MException(ResponseStatusCode.NOT_FOUND, message);
    }

    public static OneM2MException contentsUnacceptable(String message) {
        return new OneM2MException(ResponseStatusCode.CONTENTS_UNACCEPTABLE, message);
    }

    public static OneM2MException noPrivilege(String message) {
        return new OneM2MException(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, message);
    }
}
