package io.bastion.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The lexical forms of TS-0004 table 6.3.3-1 and XML Schema's xs:token, case by case. */
class ValueFormatsTest {

    @ParameterizedTest(name = "token \"{0}\"")
    @ValueSource(strings = {"", "a", "room:1", "a b", "key:with value", "ünïcödé", "x-y_z.0"})
    void tokensAreAccepted(String s) {
        assertThat(ValueFormats.isToken(s)).isTrue();
    }

    @ParameterizedTest(name = "not a token \"{0}\"")
    @ValueSource(strings = {" a", "a ", " ", "a  b", "a\tb", "a\nb", "a\rb", "\t"})
    void nonTokensAreRefused(String s) {
        assertThat(ValueFormats.isToken(s)).isFalse();
    }

    @ParameterizedTest(name = "contentInfo {0} -> {1}")
    @CsvSource({
            "application/xml:1, true",
            "application/xml:1:0, true",
            "application/xml:1:5, true",
            "text/plain:0, true",
            "application/octet-stream:2, true",
            "application/vnd.onem2m-res+json:0, true",
            "image/svg+xml:0:3, true",
            "text/plain, false",
            "text/plain:, false",
            "text/plain:3, false",
            "text/plain:00, false",
            "text/plain:0:6, false",
            "text/plain:0:1:1, false",
            "text/plain:a, false",
            "text:0, false",
            "/plain:0, false",
            "text/:0, false",
            "text/plain/x:0, false",
            "text/pl ain:0, false",
            "text/plain;charset=utf-8:0, false",
            "-text/plain:0, false",
            ":0, false"})
    void contentInfoIsMediaTypeEncodingAndOptionalSecurity(String s, boolean valid) {
        assertThat(ValueFormats.isContentInfo(s)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "eventCat {0} -> {1}")
    @CsvSource({"2, true", "3, true", "4, true", "100, true", "999, true", "0, false", "1, false", "5, false",
            "99, false", "1000, false", "-2, false"})
    void eventCategoriesAreStandardOrUserDefined(long n, boolean valid) {
        assertThat(ValueFormats.isEventCat(n)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "serialization {0} -> {1}")
    @CsvSource({"application/json, true", "application/cbor, true", "application/xml, true", "json, false",
            "application/yaml, false", "APPLICATION/JSON, false", "application/vnd.onem2m-res+json, false"})
    void serializationsAreTheThreeMediaTypes(String s, boolean valid) {
        assertThat(ValueFormats.SERIALIZATIONS.contains(s)).isEqualTo(valid);
    }
}
