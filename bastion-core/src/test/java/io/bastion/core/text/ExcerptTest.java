package io.bastion.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

    @Test
    void controlCharactersAndLoneSurrogatesBecomeQuestionMarks() {
        assertThat(Excerpt.of("a\r\nb")).isEqualTo("a??b");
        assertThat(Excerpt.of("x\ud800y\udc00z")).isEqualTo("x?y?z");
        assertThat(Excerpt.of("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void longInputIsCutWithoutLeavingHalfAPair() {
        String s = "a".repeat(Excerpt.MAX - 1) + "\ud83d\ude00" + "tail";
        assertThat(Excerpt.of(s)).isEqualTo("a".repeat(Excerpt.MAX - 1) + "?…");
        assertThat(Excerpt.of(null)).isEqualTo("(none)");
    }
}
