package io.bastion.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JacksonCodecTest {
    private final Codec json = JacksonCodec.json();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{'a':1}", "nul", "{\"a\":1,}"})
    void malformedJsonIsBadRequest(String body) {
        assertThatThrownBy(() -> json.decode(b(body))).isInstanceOfSatisfying(OneM2MException.class,
                e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }

    @Test
    void deepNestingIsRefusedBeforeItCostsAnything() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> json.decode(b(deep))).isInstanceOf(OneM2MException.class);
    }

    @Test
    void emptyBodyIsNoContent() {
        assertThat(json.decode(new byte[0])).isNull();
    }

    @Test
    void cborRoundTrips() {
        Codec cbor = JacksonCodec.cbor();
        JsonNode n = json.decode(b("{\"m2m:cin\":{\"con\":\"21\",\"lbl\":[\"a\"]}}"));
        assertThat(cbor.decode(cbor.encode(n))).isEqualTo(n);
    }

    @Test
    void negotiatesOnMediaTypes() {
        Codecs codecs = new Codecs();
        assertThat(codecs.forContentType("application/json;ty=3").format()).isEqualTo("json");
        assertThat(codecs.forContentType("application/vnd.onem2m-res+cbor; ty=4").format()).isEqualTo("cbor");
        assertThat(codecs.forContentType("application/xml")).isNull();
        assertThat(codecs.forAccept("application/xml, */*;q=0.1").format()).isEqualTo("json");
        assertThat(codecs.forAccept("application/xml")).isNull();
        assertThat(codecs.forAccept(null).format()).isEqualTo("json");
    }
}
