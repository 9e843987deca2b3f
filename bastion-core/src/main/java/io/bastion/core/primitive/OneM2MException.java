package io.bastion.core.primitive;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request failure that carries its oneM2M response status code and a one-line message for the client.
 * Expected failures (bad input, no privilege) are values, so no stack trace is captured.
 */
public class OneM2MException extends RuntimeException {
    private final ResponseStatusCode status;
    private final transient JsonNode content;

    public OneM2MException(ResponseStatusCode status, String message) {
        this(status, message, null);
    }

    /**
     * A failure whose response carries {@code content} instead of the message, e.g. the Token Request Information
     * ({@code m2m:tqf}) of a 4103 (TS-0009 6.5: such a response carries no debugging information). The message is
     * still what logs and the audit trail show.
     */
    public OneM2MException(ResponseStatusCode status, String message, JsonNode content) {
        super(message, null, false, false);
        this.status = status;
        this.content = content;
    }

    public ResponseStatusCode status() {
        return status;
    }

    /** The content of the error response in place of {@code m2m:dbg}, or null. */
    public JsonNode content() {
        return content;
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
