package io.bastion.core.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One serialization of oneM2M primitives' content (JSON, CBOR…), all sharing Jackson's tree model.
 *
 * <p>Content is decoded before the originator is authenticated, so every implementation (an XML one too) must parse
 * or refuse any body in time and memory linear in its size, within the {@link ContentLimits}: bounded nesting,
 * numbers, token count; no construct whose cost grows faster than its bytes (CBOR tags, XML entity expansion or
 * DTDs). A refusal says what is wrong in the client's terms, never the parser's.
 */
public interface Codec {

    /** The media type suffix this codec serves: {@code json}, {@code cbor} or {@code xml}. */
    String format();

    /** Parses a body; malformed or over-limit input is a {@code OneM2MException} with 4000 BAD_REQUEST. */
    JsonNode decode(byte[] body);

    byte[] encode(JsonNode content);
}
