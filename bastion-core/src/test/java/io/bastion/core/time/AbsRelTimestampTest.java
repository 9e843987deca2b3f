package io.bastion.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.bastion.core.primitive.OneM2MException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The dataGenerationTime value type: which written forms are equal, and how keys sort. */
class AbsRelTimestampTest {

    static String key(String v) {
        return AbsRelTimestamp.of(TextNode.valueOf(v), "dgt").key();
    }

    @Test
    void oneInstantWrittenInDifferentFormsHasOneKey() {
        assertThat(key("20260101T101010")).isEqualTo(key("20260101T101010,000000"))
                .isEqualTo(key("20260101T101010.0")).isEqualTo(key("20260101T111010+01:00"));
        assertThat(key("20260101T101010,000001")).isNotEqualTo(key("20260101T101010"));
        assertThat(key("20260101T101010,000000001")).as("nanoseconds count").isNotEqualTo(key("20260101T101010"));
    }

    @Test
    void keysSortByTimeAndRelativeValuesAreTheirOwnKind() {
        assertThat(key("19991231T235959")).isLessThan(key("20000101T000000"));
        assertThat(key("20000101T000000")).isLessThan(key("20000101T000000,5"));
        assertThat(key("00010101T000000")).isLessThan(key("99991231T235959"));
        assertThat(key("42")).isEqualTo(AbsRelTimestamp.of(JsonNodeFactory.instance.numberNode(42L), "dgt").key());
        assertThat(key("-1")).isLessThan(key("0")).isLessThan(key("42"));
        assertThat(key("42")).startsWith("r");
        assertThat(key("20260101T000000")).startsWith("a").isLessThan(key("0"));
    }

    @Test
    void theKeyOfAnInstantGivesItBack() {
        Instant t = Instant.parse("2026-05-06T07:08:09.123456789Z");
        assertThat(AbsRelTimestamp.instantOfKey(AbsRelTimestamp.keyOf(t))).isEqualTo(t);
        assertThat(AbsRelTimestamp.instantOfKey(key("7"))).isNull();
    }

    @Test
    void malformedValuesAre4000NamingTheAttribute() {
        assertThatThrownBy(() -> key("tomorrow")).isInstanceOf(OneM2MException.class).hasMessageContaining("dgt");
        assertThatThrownBy(() -> key("99999999999999999999999")).isInstanceOf(OneM2MException.class)
                .hasMessageContaining("xs:long");
        assertThatThrownBy(() -> AbsRelTimestamp.of(JsonNodeFactory.instance.booleanNode(true), "dgt"))
                .isInstanceOf(OneM2MException.class).hasMessageContaining("dgt");
        assertThatThrownBy(() -> AbsRelTimestamp.of(JsonNodeFactory.instance.numberNode(1.5), "dgt"))
                .isInstanceOf(OneM2MException.class);
    }
}
