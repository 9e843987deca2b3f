package io.bastion.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JacksonCodecTest {
    private final Codec json = JacksonCodec.json();
    private final Codec cbor = JacksonCodec.cbor();
    private static final int MIB = 1024 * 1024;

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
        assertThat(codecs.forContentType("application/xml").format()).isEqualTo("xml");
        assertThat(codecs.forContentType("text/plain")).isNull();
        assertThat(codecs.forAccept("application/xml, */*;q=0.1").format()).isEqualTo("xml");
        assertThat(codecs.forAccept("text/html")).isNull();
        assertThat(codecs.forAccept(";;;")).isNull();
        assertThat(codecs.forAccept(",")).isNull();
        assertThat(codecs.forAccept("application/json;q=0.5, application/cbor").format()).isEqualTo("cbor");
        assertThat(codecs.forAccept("application/json;q=0.5, application/cbor;q=0.5").format()).isEqualTo("json");
        assertThat(codecs.forAccept("application/xml;q=0, */*;q=0.1").format()).isEqualTo("json");
        assertThat(codecs.forAccept("application/xml;q=1.5")).as("q beyond 1 is not a quality").isNull();
        assertThat(codecs.forAccept("application/xml;Q=0.3;charset=utf-8").format()).isEqualTo("xml");
        assertThat(codecs.forAccept(null).format()).isEqualTo("json");
    }

    // ------------------------------------------------------------------ hostile content: bounded work, clear words

    /** Bytes the current thread allocates while {@code work} runs: the work done, independent of machine speed. */
    private static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** Decodes and expects a 4000 whose message names no parser internals; returns the message. */
    private static String refused(Codec codec, byte[] body) {
        OneM2MException e = org.junit.jupiter.api.Assertions.assertThrows(OneM2MException.class,
                () -> codec.decode(body));
        assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(e.getMessage()).doesNotContain("com.", "jackson", "Jackson", "`", "Constraints", "JsonNode",
                "Feature", "VALUE_", "START_", "END_", "FIELD_NAME", "Exception");
        return e.getMessage();
    }

    /** Refuses {@code body} allocating at most a few times its size (the quadratic cases allocate gigabytes). */
    private static String refusedCheaply(Codec codec, byte[] body) {
        String[] message = new String[1];
        long allocated = allocatedBy(() -> message[0] = refused(codec, body));
        assertThat(allocated).as("bytes allocated to refuse %d bytes: %s", body.length, message[0])
                .isLessThan(8L * body.length + MIB);
        return message[0];
    }

    private static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aCborTagBombIsRefusedAtItsFirstTag() {
        byte[] bomb = filled(MIB, 0xC6); // tag 6, over and over, then an empty map
        bomb[MIB - 1] = (byte) 0xA0;
        assertThat(refusedCheaply(cbor, bomb)).contains("byte 0").contains("tag");
        byte[] nested = HexFormat.of().parseHex("a1616dc4821b7fffffffffffffff01"); // decimal fraction, 2^63 exponent
        assertThat(refused(cbor, nested)).contains("tag");
    }

    @Test
    void cborLengthsLargerThanTheBodyAreRefusedBeforeAnythingIsAllocated() {
        for (String hex : new String[] {"5bffffffffffffffff", "9bffffffffffffffff", "bb7fffffffffffffff",
            "a161615a7fffffff", "9f9f9f"}) {
            refusedCheaply(cbor, HexFormat.of().parseHex(hex));
        }
    }

    @Test
    void deepCborNestingAndTooManyItemsAreRefused() {
        assertThat(refusedCheaply(cbor, filled(MIB, 0x81))).contains("nested deeper than 64");
        byte[] zeros = new byte[MIB];
        zeros[0] = (byte) 0x9A; // an array of 0x000fff00 zeros
        zeros[2] = 0x0F;
        zeros[3] = (byte) 0xFF;
        assertThat(refusedCheaply(cbor, zeros)).contains("more than 200000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a16161f97e00", "a16161fa7f800000", "a16161fbfff0000000000000", "a16161f7", "a16161f0",
        "a0a0", "ff", "a16161"})
    void cborThatNoJsonValueMapsIsRefused(String hex) {
        refused(cbor, HexFormat.of().parseHex(hex)); // NaN, infinities, undefined, a simple value, two items, …
    }

    @Test
    void cborOfTheSpecificationsExamplesIsRead() {
        // TS-0004 8.5.2 example 1 (its names are byte strings, as the example encodes them), self-described
        String ex = "a6427063a1466d326d3a6165a342726e54536d617274486f6d654170706c69636174696f6e43617069444e61353643"
                + "61706e47617070313233344274790242746f572f2f6578616d706c652e6e65742f6d6e637365313233344372636e074"
                + "26f700143727169454131303030";
        JsonNode n = cbor.decode(HexFormat.of().parseHex("d9d9f7" + ex));
        assertThat(n.path("pc").path("m2m:ae").has("api")).isTrue();
        assertThat(n.path("rcn").asInt()).isEqualTo(7);
        assertThat(cbor.decode(HexFormat.of().parseHex("bf6161f93c00ff")).path("a").asDouble()).isEqualTo(1.0);
    }

    @Test
    void jsonCousinsOfTheBombAreRefusedCheaply() {
        assertThat(refusedCheaply(json, filled(MIB, '['))).contains("nested deeper than 64");
        byte[] digits = filled(MIB, '9');
        digits[0] = '[';
        digits[MIB - 1] = ']';
        assertThat(refusedCheaply(json, digits)).contains("number longer than 64");
        StringBuilder zeros = new StringBuilder(MIB).append('[');
        while (zeros.length() < MIB - 2) {
            zeros.append("0,");
        }
        assertThat(refusedCheaply(json, b(zeros.append("0]").toString()))).contains("more than 200000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"con\":1e1000000}", "{\"con\":-1E+999999999}", "{\"con\":1e-1000000}",
        "{\"con\":1.8e308}", "[1e309]"})
    void numbersBeyondADoubleAreRefused(String body) {
        assertThat(refusedCheaply(json, b(body))).contains("number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"con\":1.7976931348623157e308}", "{\"con\":4.9e-324}", "{\"con\":-0.0}",
        "{\"con\":99999999999999999999999}", "{\"con\":0.1}", "{\"con\":1e-400}"})
    void numbersADoubleHoldsAreRead(String body) {
        assertThat(json.decode(b(body))).isNotNull();
    }

    @Test
    void refusalsSayWhatIsWrongAndWhere() {
        assertThat(refused(json, b("{\"a\":1}{}"))).isEqualTo(
                "malformed JSON content at line 1, column 8: more than one value; the content is one object");
        assertThat(refused(json, b("{\"a\":1,\"a\":2}"))).contains("'a' appears twice");
        assertThat(refused(json, b("{\"a\":NaN}"))).contains("NaN and Infinity");
        assertThat(refused(json, b("{\"a\":+1}"))).contains("unexpected character '+'");
        assertThat(refused(json, b("{\"a\":tru}"))).contains("unrecognized word 'tru'");
        assertThat(refused(json, b("{\"a\":\"\u0001\"}"))).contains("U+0001");
        assertThat(refused(json, b("/* c */ {}"))).contains("unexpected character '/'");
        assertThat(refused(json, b("{\"a\":"))).contains("ends before");
        assertThat(refused(json, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}))
                .contains("UTF-8");
        assertThat(refused(cbor, HexFormat.of().parseHex("a18161616162"))).contains("map key");
    }

    @Test
    void textThatNoAnswerCouldCarryIsRefused() {
        assertThat(refused(json, b("{\"m2m:cin\":{\"con\":\"a\\ud800b\"}}"))).contains("surrogate");
        assertThat(refused(json, b("{\"m2m:cin\":{\"con\":[\"\\uDC00\"]}}"))).contains("surrogate");
        assertThat(refused(cbor, HexFormat.of().parseHex("a1616163eda080"))).contains("surrogate");
        assertThat(refused(cbor, HexFormat.of().parseHex("a163eda08001"))).contains("surrogate");
        assertThat(refused(cbor, HexFormat.of().parseHex("a161617f63eda080ff"))).contains("surrogate");
        // a pair is one character, and any answer carries it
        JsonNode pair = json.decode(b("{\"con\":\"\\ud83d\\ude00\",\"x\":\"\\\\ud800\"}"));
        assertThat(pair.path("con").asText()).isEqualTo("\ud83d\ude00");
        assertThat(cbor.decode(cbor.encode(pair))).isEqualTo(pair);
    }
}
