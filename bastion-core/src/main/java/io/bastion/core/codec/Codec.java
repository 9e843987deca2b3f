package io.bastion.core.codec;

import com.fasterxml.jackson.databind.JsonNode;

/** One serialization of oneM2M primitives' content (JSON, CBOR…), all sharing Jackson's tree model. */
public interface Codec {

    /** The media type suffix this codec serves: {@code json}, {@code cbor} or {@code xml}. */
    String format();

    /** Parses a body; malformed input is a {@code OneM2MException} with 4000 BAD_REQUEST. */
    JsonNode decode(byte[] body);

    byte[] encode(JsonNode content);
}
