package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /id-in/C98*      | /id-in/C98abc    | true
            /id-in/C98*      | /id-in/C98       | true
            /id-in/C98*      | /id-in/C98/x     | false
            /id-in/C98*      | /id-in/C97       | false
            /id-in/C*        | /id-in2/C1       | false
            /myCSE*          | /myCSE12         | true
            /myCSE*          | /myCSE12/Cabc    | false
            //*/myCSEID      | //m2m.org/myCSEID | true
            //*/myCSE*/C9886 | //m2m.org/myCSE7/C9886 | true
            //*/myCSE*/C9886 | //m2m.org/myCSE7/C9887 | false
            a*b*c            | aXXbYYc          | true
            a*b*c            | abc              | true
            a*b*c            | acb              | false
            *a*              | bab              | true
            **               | x                | true
            *                | a/b              | false
            a/*/c            | a/b/c            | true
            a/*/c            | a/b/d/c          | false
            abc              | abc              | true
            abc              | abcd             | false
            abc*             | ab               | false
            """)
    void starMatchesWithinOneSegmentOnly(String pattern, String text, boolean expected) {
        assertThat(Glob.matches(pattern, text)).isEqualTo(expected);
    }

    @Test
    void emptyPatternMatchesOnlyEmptyText() {
        assertThat(Glob.matches("", "")).isTrue();
        assertThat(Glob.matches("", "a")).isFalse();
        assertThat(Glob.matches("*", "")).isTrue();
    }

    @Test
    void pathologicalPatternsStayFast() {
        String text = "a".repeat(20_000);
        String pattern = "*a".repeat(200) + "*b";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(Glob.matches(pattern, text)).isFalse());
        String manySegments = "/x*".repeat(2_000);
        String segmentText = "/xyz".repeat(2_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThat(Glob.matches(manySegments, segmentText)).isTrue());
    }
}
