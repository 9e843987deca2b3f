package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalIdentityTest {
    private final LocalIdentity local = TestPolicies.LOCAL;

    @Test
    void acceptsIdsWithOrWithoutTheirSlashes() {
        LocalIdentity a = new LocalIdentity("//sp.example", "id-in");
        LocalIdentity b = new LocalIdentity("sp.example", "/id-in");
        assertThat(a).isEqualTo(b);
        assertThat(a.spId()).isEqualTo("//sp.example");
        assertThat(a.cseId()).isEqualTo("/id-in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "//", "sp.example/x", "*.example"})
    void refusesMalformedSpIds(String sp) {
        assertThatThrownBy(() -> new LocalIdentity(sp, "/id-in")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/id-in/x", "/id*"})
    void refusesMalformedCseIds(String cse) {
        assertThatThrownBy(() -> new LocalIdentity("sp.example", cse)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Cabc                     | //sp.example/id-in/Cabc
            /id-in/Cabc              | //sp.example/id-in/Cabc
            //sp.example/id-in/Cabc  | //sp.example/id-in/Cabc
            Sabc                     | //sp.example/Sabc
            /Sabc                    | //sp.example/Sabc
            /id-mn                   | //sp.example/id-mn
            /id-mn/Cabc              | //sp.example/id-mn/Cabc
            //other.sp/id-x/Cq       | //other.sp/id-x/Cq
            CAdmin                   | //sp.example/id-in/CAdmin
            """)
    void everyFormBecomesAbsolute(String id, String absolute) {
        assertThat(local.canonical(id)).isEqualTo(absolute);
    }

    @Test
    void emptyOrMissingOriginatorHasNoAbsoluteForm() {
        assertThat(local.canonical(null)).isNull();
        assertThat(local.canonical("")).isNull();
    }
}
