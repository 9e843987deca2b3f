package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.security.acp.ScheduleEntry.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleEntryTest {

    @Test
    void parsesTheSpecificationExample() {
        ScheduleEntry e = ScheduleEntry.parse("* 0-5 2,6,10 * * * *");
        assertThat(e.allows(Field.MINUTE, 5)).isTrue();
        assertThat(e.allows(Field.MINUTE, 6)).isFalse();
        assertThat(e.allows(Field.HOUR, 6)).isTrue();
        assertThat(e.allows(Field.HOUR, 7)).isFalse();
        assertThat(e.allows(Field.SECOND, 59)).isTrue();
        assertThat(e.allows(Field.YEAR, 9999)).isTrue();
        assertThat(e.isWildcard(Field.DAY_OF_MONTH)).isTrue();
        assertThat(e.isWildcard(Field.HOUR)).isFalse();
    }

    @Test
    void parsesStepsAfterRangesAndAsterisks() {
        ScheduleEntry e = ScheduleEntry.parse("*/15 0 0-23/2 1 1-12/6 0 2025-2031/3");
        assertThat(e.allows(Field.SECOND, 45)).isTrue();
        assertThat(e.allows(Field.SECOND, 44)).isFalse();
        assertThat(e.allows(Field.HOUR, 22)).isTrue();
        assertThat(e.allows(Field.HOUR, 23)).isFalse();
        assertThat(e.allows(Field.MONTH, 7)).isTrue();
        assertThat(e.allows(Field.MONTH, 6)).isFalse();
        assertThat(e.allows(Field.YEAR, 2031)).isTrue();
        assertThat(e.allows(Field.YEAR, 2030)).isFalse();
        assertThat(e.allows(Field.DAY_OF_MONTH, 0)).as("outside the range").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "* * * * * *", "* * * * * * * *", "60 * * * * * *", "* 60 * * * * *", "* * 24 * * * *",
        "* * * 0 * * *", "* * * 32 * * *", "* * * * 0 * *", "* * * * 13 * *", "* * * * * 7 *",
        "* * * * * * 1999", "* * * * * * 10000", "5-1 * * * * * *", "*/0 * * * * * *", "5/2 * * * * * *",
        "a * * * * * *", "1,,2 * * * * * *", "-1 * * * * * *", "1- * * * * * *", "** * * * * * *"})
    void refusesMalformedEntries(String text) {
        assertThatThrownBy(() -> ScheduleEntry.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOverlongEntries() {
        assertThatThrownBy(() -> ScheduleEntry.parse("1,".repeat(300) + "1 * * * * * *"))
                .hasMessageContaining("longer than");
    }
}
