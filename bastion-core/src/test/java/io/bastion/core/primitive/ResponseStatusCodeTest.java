package io.bastion.core.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseStatusCodeTest {

    @ParameterizedTest(name = "{0} -> HTTP {1}")
    @CsvSource({"2000,200", "2001,201", "2002,200", "2004,200", "4000,400", "4001,501", "4004,404", "4005,405",
            "4008,504", "4015,415", "4101,403", "4102,400", "4103,403", "4105,409", "4106,403", "4107,403",
            "4108,403", "4110,400", "4116,403", "4117,403", "5000,500", "5001,501", "5103,404", "5204,500",
            "5206,501", "5207,406", "6010,400", "6031,504"})
    void mapsToTheHttpStatusOfTs0009(int code, int http) {
        assertThat(ResponseStatusCode.fromCode(code).httpStatus()).isEqualTo(http);
    }

    @Test
    void codesAreUniqueAndRoundTrip() {
        assertThat(Arrays.stream(ResponseStatusCode.values()).map(ResponseStatusCode::code).distinct().count())
                .isEqualTo(ResponseStatusCode.values().length);
        for (ResponseStatusCode c : ResponseStatusCode.values()) {
            assertThat(ResponseStatusCode.fromCode(c.code())).isSameAs(c);
        }
    }

    @Test
    void unknownCodeIsRefused() {
        assertThatThrownBy(() -> ResponseStatusCode.fromCode(4999)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorResponseCarriesTheMessageAsDebugInfo() {
        Response r = Response.error(ResponseStatusCode.NOT_FOUND, "no such thing");
        assertThat(r.pc().get("m2m:dbg").asText()).isEqualTo("no such thing");
        assertThat(r.rsc().isSuccess()).isFalse();
    }
}
