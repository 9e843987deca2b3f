package io.bastion.cse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.cse.CseConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticateStageTest {
    private final AuthenticateStage stage = new AuthenticateStage(CseConfig.defaults(), null, null);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Cabc, Cabc",
            "/id-in/Cabc, Cabc",
            "//bastion.example/id-in/Cabc, Cabc",
            "/Sabc, Sabc",
            "/id-mn/Cabc, /id-mn/Cabc",
            "/id-in2/Cabc, /id-in2/Cabc",
            "//other.example/id-in/Cabc, //other.example/id-in/Cabc",
            "/id-mn, /id-mn"})
    void localFormsOfAnAeIdBecomeItsStem(String given, String normalized) {
        assertThat(stage.normalize(given)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "{0} stem? {1}")
    @CsvSource({"Cabc, true", "S1, true", "C, false", "Xabc, false", "C a, false", "C/a, false", "Cä, false",
            "C-._~9, true"})
    void aeIdStemsUseUnreservedCharacters(String s, boolean stem) {
        assertThat(io.bastion.core.id.IdForms.isAeIdStem(s)).isEqualTo(stem);
    }
}
