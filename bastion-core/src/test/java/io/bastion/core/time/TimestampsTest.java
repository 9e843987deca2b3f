package io.bastion.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "20261123T035531, 2026-11-23T03:55:31Z",
            "20261123T035531Z, 2026-11-23T03:55:31Z",
            "20261123T035531.5, 2026-11-23T03:55:31.5Z",
            "20261123T055531+0200, 2026-11-23T03:55:31Z",
            "20261123T055531+02:00, 2026-11-23T03:55:31Z"})
    void parsesBasicFormat(String text, String expected) {
        assertThat(Timestamps.parse(text.trim(), "t")).isEqualTo(Instant.parse(expected.trim()));
    }

    @Test
    void parsesCommaFraction() {
        assertThat(Timestamps.parse("20261123T035531,123456", "t"))
                .isEqualTo(Instant.parse("2026-11-23T03:55:31.123456Z"));
    }

    @Test
    void formatRoundTrips() {
        Instant t = Instant.parse("2026-02-28T23:59:59.000001Z");
        assertThat(Timestamps.parse(Timestamps.format(t), "t")).isEqualTo(t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tomorrow", "2026-11-23T03:55:31Z", "20261323T035531", "20260230T000000",
            "20261123T246000", "20261123T035531+99"})
    void refusesMalformedWithBadRequest(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text, "et")).isInstanceOf(OneM2MException.class)
                .hasMessageStartingWith("et:");
    }

    @Test
    void relativeTimestampIsMillisecondsFromNow() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Timestamps.parseAbsRel("1500", now, "rqet")).isEqualTo(now.plusMillis(1500));
        assertThat(Timestamps.parseAbsRel("20260101T000001", now, "rqet")).isEqualTo(now.plusSeconds(1));
    }
}
