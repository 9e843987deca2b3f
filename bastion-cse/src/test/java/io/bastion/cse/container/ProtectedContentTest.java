package io.bastion.cse.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.core.primitive.OneM2MException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which {@code cnf} announces ESData, and what the CSE then asks of {@code con}. */
class ProtectedContentTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String JWS = "eyJhbGciOiJIUzI1NiJ9.eA.c2ln";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "text/plain:0, false",
        "application/json:1, false",
        "application/json:2, false",
        "application/json:0:0, false",
        "application/json:0:1, true",
        "application/json:2:3, true",
        "application/xml:0:5, true",
        "a/b:0:1, true"})
    void isProtected(String cnf, boolean expected) {
        assertThat(ProtectedContent.isProtected(F.textNode(cnf))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "no cnf: {0}")
    @CsvSource({"null", "number"})
    void noTextualCnfIsNotProtected(String kind) {
        JsonNode cnf = kind.equals("null") ? null : F.numberNode(1);
        assertThat(ProtectedContent.isProtected(cnf)).isFalse();
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "text/plain:0 | 'anything' | 0",
        "application/json:0:1 | '" + JWS + "' | 0",
        "application/json:0:1 | 'plain text' | 4000",
        "application/json:0:1 | '" + JWS + ".x' | 4000",
        "application/json:0:2 | '" + JWS + "' | 4000",
        "application/json:0:3 | '%%%' | 4000",
        "application/json:0:1 | 'eyJhbGciOiJub25lIn0.eA.' | 4102",
        "application/json:0:1 | 'eyJhbGciOiJQUzI1NiJ9.eA.c2ln' | 4102",
        "application/xml:0:4 | '<xenc:EncryptedData/>' | 0"})
    void checksConAgainstTheFlag(String cnf, String con, int code) {
        if (code == 0) {
            assertThatCode(() -> ProtectedContent.check(F.textNode(cnf), F.textNode(con))).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> ProtectedContent.check(F.textNode(cnf), F.textNode(con)))
                    .isInstanceOfSatisfying(OneM2MException.class, e -> {
                        assertThat(e.status().code()).isEqualTo(code);
                        assertThat(e.getMessage()).startsWith("con does not hold what cnf " + cnf + " announces");
                    });
        }
    }

    @org.junit.jupiter.api.Test
    void xmlProtectionMustBeText() {
        assertThatThrownBy(() -> ProtectedContent.check(F.textNode("application/xml:0:5"), F.objectNode()))
                .hasMessageContaining("con must be text for contentSecurity 5");
    }

    @org.junit.jupiter.api.Test
    void jsonFormMayBeAnObject() throws Exception {
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"payload\":\"eA\",\"signatures\":[{\"protected\":\"eyJhbGciOiJIUzI1NiJ9\",\"signature\":\"c2ln\"}]}");
        assertThatCode(() -> ProtectedContent.check(F.textNode("application/json:0:2"), json))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ProtectedContent.check(F.textNode("application/json:0:1"), json))
                .hasMessageContaining("con must be text for contentSecurity 1");
    }
}
