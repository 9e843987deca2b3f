package io.bastion.client.trust;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A oneM2M response primitive read from a {@link PskChannel} (TS-0009): the response status code (X-M2M-RSC, or
 * derived from the HTTP status when absent), the JSON content (null for none) and the HTTP status.
 */
public record OneM2mAnswer(int rsc, JsonNode content, int httpStatus) {
    /** Whether the code is a success (2000..2999). */
    public boolean ok() {
        return rsc >= 2000 && rsc <= 2999;
    }

    /** The debugging text the receiver gave ({@code m2m:dbg}), or "". */
    public String debug() {
        JsonNode d = content == null ? null : content.get("m2m:dbg");
        return d == null ? "" : d.asText();
    }
}
