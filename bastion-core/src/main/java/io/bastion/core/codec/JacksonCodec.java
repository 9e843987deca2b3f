package io.bastion.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.bastion.core.primitive.OneM2MException;
import java.io.IOException;

/** A {@link Codec} on a Jackson data format, with read limits that keep hostile bodies cheap to refuse. */
public final class JacksonCodec implements Codec {
    /** Deeper nesting than any oneM2M resource needs; refuses stack-exhaustion payloads early. */
    static final int MAX_DEPTH = 64;

    private final String format;
    private final ObjectMapper mapper;

    private JacksonCodec(String format, JsonFactory factory) {
        this.format = format;
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(16 * 1024 * 1024)
                .maxNumberLength(64)
                .build());
        factory.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    public static JacksonCodec json() {
        return new JacksonCodec("json", new JsonFactory());
    }

    public static JacksonCodec cbor() {
        return new JacksonCodec("cbor", new CBORFactory());
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public JsonNode decode(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode n = mapper.readTree(body);
            if (n == null || n.isMissingNode()) {
                return null;
            }
            return n;
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            if (why != null && why.length() > 120) {
                why = why.substring(0, 120) + "…";
            }
            throw OneM2MException.badRequest("malformed " + format.toUpperCase() + " content: " + why);
        } catch (IOException e) {
            throw OneM2MException.badRequest("unreadable " + format.toUpperCase() + " content");
        }
    }

    @Override
    public byte[] encode(JsonNode content) {
        try {
            return mapper.writeValueAsBytes(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize content", e);
        }
    }
}
