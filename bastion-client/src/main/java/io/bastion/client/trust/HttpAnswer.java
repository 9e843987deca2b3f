package io.bastion.client.trust;

import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 answer read from a {@link PskChannel}: its status, header fields (names as sent) and body (empty for
 * none).
 */
public record HttpAnswer(int status, Map<String, List<String>> headers, byte[] body) {
    public HttpAnswer {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of the header field {@code name}, matched case-insensitively (RFC 9110 5.1), or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
