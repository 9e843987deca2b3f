package io.bastion.core.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.bastion.core.primitive.OneM2MException;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A {@link Codec} on a Jackson data format, within the {@link ContentLimits}: Jackson's read constraints bound
 * nesting, number length and token count, {@link ContentNodes} the range of numbers, and a format may screen the
 * raw bytes first for what Jackson itself reads at a disproportionate cost ({@link CborScreen} for CBOR's tags).
 * Text that no UTF-8 answer could carry again is refused too ({@link UnpairedSurrogates}). Refusals are 4000 with a
 * message from {@link ParseFailure}.
 */
public final class JacksonCodec implements Codec {
    private final String format;
    private final ObjectMapper mapper;
    private final Consumer<byte[]> screen;

    private JacksonCodec(String format, JsonFactory factory, Consumer<byte[]> screen) {
        this.format = format;
        this.screen = screen;
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(ContentLimits.MAX_DEPTH)
                .maxNumberLength(ContentLimits.MAX_NUMBER_LENGTH)
                .maxTokenCount(ContentLimits.MAX_TOKENS)
                .maxStringLength(16 * 1024 * 1024)
                .build());
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // names are map keys only: interning a client's made-up names into the JVM's string table buys nothing
        factory.disable(JsonFactory.Feature.INTERN_FIELD_NAMES);
        this.mapper = new ObjectMapper(factory)
                .setNodeFactory(ContentNodes.INSTANCE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    public static JacksonCodec json() {
        return new JacksonCodec("json", new JsonFactory(), body -> { });
    }

    public static JacksonCodec cbor() {
        return new JacksonCodec("cbor", new CBORFactory(), CborScreen::check);
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
        screen.accept(body);
        try {
            JsonNode n = mapper.readTree(body);
            if (n == null || n.isMissingNode()) {
                return null;
            }
            if (format.equals("json")) {
                UnpairedSurrogates.refuseInJson(body, n);
            }
            return n;
        } catch (JacksonException e) {
            throw OneM2MException.badRequest(ParseFailure.describe(format, e));
        } catch (IOException e) {
            throw OneM2MException.badRequest("unreadable " + format.toUpperCase(java.util.Locale.ROOT) + " content");
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
