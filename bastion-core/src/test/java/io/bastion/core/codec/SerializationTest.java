package io.bastion.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SerializationTest {

    @ParameterizedTest
    @CsvSource({"json, JSON", "cbor, CBOR", "xml, XML", "application/json, JSON", "application/cbor, CBOR",
            "application/xml, XML", "Application/CBOR, CBOR", "application/vnd.onem2m-res+cbor, CBOR",
            "application/vnd.onem2m-ntfy+json;charset=utf-8, JSON"})
    void namesAndMediaTypesMapToTheirSerialization(String value, Serialization expected) {
        assertThat(Serialization.of(value)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yaml", "text/plain", "application/yaml", "application/x+json", "text/json"})
    void anythingElseIsNone(String value) {
        assertThat(Serialization.of(value)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"JSON, json", "CBOR, cbor", "XML, xml"})
    void ctIsTheLowerCaseName(Serialization s, String ct) {
        assertThat(s.ct()).isEqualTo(ct);
    }

    @ParameterizedTest
    @CsvSource({"JSON, json", "CBOR, cbor"})
    void servedSerializationsHaveACodec(Serialization s, String format) {
        assertThat(new Codecs().forSerialization(s).format()).isEqualTo(format);
        assertThat(new Codecs().forSerialization(Serialization.XML).format()).isEqualTo("xml");
    }
}
