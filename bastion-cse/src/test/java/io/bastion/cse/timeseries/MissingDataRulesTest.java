package io.bastion.cse.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.time.AbsRelTimestamp;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.subscription.MissingDataCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pure rules of missing-data detection (TS-0001 10.2.4.29, TS-0004 7.4.38.2.1/.3): the expected times, the
 * missing data list, the report windows and the periodic attribute checks, without a CSE or a timer.
 */
class MissingDataRulesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static ObjectNode json(String s) throws Exception {
        return (ObjectNode) JSON.readTree(s);
    }

    @Test
    void expectedTimesRangesAndDetectionTimes() {
        DetectionGrid g = new DetectionGrid(T0, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(g.expected(2)).isEqualTo(T0.plusSeconds(20));
        assertThat(g.detectionTime(2)).isEqualTo(T0.plusSeconds(23));
        assertThat(g.lowKey(2)).isEqualTo(AbsRelTimestamp.keyOf(T0.plusSeconds(18)));
        assertThat(g.highKey(2)).isEqualTo(AbsRelTimestamp.keyOf(T0.plusSeconds(22)));
        assertThat(g.firstAfter(T0)).isEqualTo(1);
        assertThat(g.firstAfter(T0.plusSeconds(20))).as("strictly after").isEqualTo(3);
        assertThat(g.firstAfter(T0.minusSeconds(5))).isEqualTo(1);
        assertThat(g.lastDue(T0.plusSeconds(22))).isEqualTo(1);
        assertThat(g.lastDue(T0.plusSeconds(23))).isEqualTo(2);
        assertThat(g.lastDue(T0)).isEqualTo(-1);
    }

    @Test
    void theListKeepsTheNewestFirstAndAtMostMdn() throws Exception {
        ObjectNode ts = json("{\"mdn\":3,\"mdc\":0}");
        MissingDataList.add(ts, List.of(T0.plusSeconds(10), T0.plusSeconds(20)));
        assertThat(ts.get("mdc").asInt()).isEqualTo(2);
        assertThat(ts.get("mdlt").get(0).asText()).isEqualTo(Timestamps.format(T0.plusSeconds(20)));
        MissingDataList.add(ts, List.of(T0.plusSeconds(30), T0.plusSeconds(40)));
        assertThat(ts.get("mdc").asInt()).as("capped at mdn").isEqualTo(3);
        assertThat(ts.get("mdlt")).extracting(n -> n.asText()).containsExactly(Timestamps.format(T0.plusSeconds(40)),
                Timestamps.format(T0.plusSeconds(30)), Timestamps.format(T0.plusSeconds(20)));
        assertThat(MissingDataList.newest(ts)).isEqualTo(T0.plusSeconds(40));
        MissingDataList.clear(ts);
        assertThat(ts.has("mdlt")).isFalse();
        assertThat(ts.get("mdc").asInt()).isZero();
        ObjectNode unbounded = json("{}");
        MissingDataList.add(unbounded, java.util.stream.LongStream.range(0, 1500).mapToObj(T0::plusSeconds).toList());
        assertThat(unbounded.get("mdc").asInt()).as("the local bound without mdn").isEqualTo(MissingDataList.LOCAL_MAX);
    }

    @Test
    void aWindowReportsFromTheNumThPointUntilItEnds() {
        ReportWindows w = new ReportWindows();
        MissingDataCondition md = new MissingDataCondition(2, Duration.ofSeconds(60));
        assertThat(w.missing("s", md, T0, T0.plusSeconds(1))).as("1 of 2").isNull();
        ObjectNode first = w.missing("s", md, T0.plusSeconds(10), T0.plusSeconds(11));
        assertThat(first.at("/m2m:tsn/mdc").asInt()).isEqualTo(2);
        assertThat(first.at("/m2m:tsn/mdlt")).extracting(n -> n.asText())
                .containsExactly(Timestamps.format(T0.plusSeconds(10)), Timestamps.format(T0));
        ObjectNode next = w.missing("s", md, T0.plusSeconds(20), T0.plusSeconds(21));
        assertThat(next.at("/m2m:tsn/mdc").asInt()).isEqualTo(3);
        assertThat(next.at("/m2m:tsn/mdlt")).hasSize(1);
        // the window opened at T0+1 s ends at T0+61 s: the count starts again
        assertThat(w.missing("s", md, T0.plusSeconds(70), T0.plusSeconds(71))).isNull();
        assertThat(w.missing("s", md, T0.plusSeconds(80), T0.plusSeconds(81)).at("/m2m:tsn/mdc").asInt())
                .isEqualTo(2);
        w.forget("s");
        assertThat(w.missing("s", md, T0.plusSeconds(90), T0.plusSeconds(91))).as("restarted").isNull();
        assertThat(w.missing("t", new MissingDataCondition(1, Duration.ofSeconds(5)), T0, T0)).isNotNull();
    }

    @Test
    void missingDataConditionIsChecked() throws Exception {
        assertThat(MissingDataCondition.of(json("{\"num\":3,\"dur\":\"PT10M\"}")))
                .isEqualTo(new MissingDataCondition(3, Duration.ofMinutes(10)));
        for (String bad : List.of("{\"num\":0,\"dur\":\"PT1S\"}", "{\"num\":1}", "{\"num\":1,\"dur\":\"P1Y\"}",
                "{\"num\":1,\"dur\":\"PT0S\"}", "{\"num\":1,\"dur\":\"PT1S\",\"x\":1}", "{\"num\":\"1\",\"dur\":\"PT1S\"}")) {
            assertThatThrownBy(() -> MissingDataCondition.of(json(bad))).as(bad).isInstanceOf(OneM2MException.class)
                    .hasMessageContaining("enc.md");
        }
    }

    @Test
    void periodicSettingsOnCreateAndUpdate() throws Exception {
        ObjectNode created = json("{\"pei\":1001}");
        PeriodicSettings.onCreate(created);
        assertThat(created.get("peid").asLong()).isEqualTo(500);
        assertThatThrownBy(() -> PeriodicSettings.onCreate(json("{\"pei\":1000,\"peid\":501}")))
                .hasMessageContaining("peid");
        assertThatThrownBy(() -> PeriodicSettings.onCreate(json("{\"mdd\":true,\"pei\":1000,\"peid\":10,\"mdt\":10}")))
                .hasMessageContaining("mdt");
        PeriodicSettings.onCreate(json("{\"mdd\":true,\"pei\":1000,\"peid\":10,\"mdt\":11}"));
        ObjectNode current = json("{\"mdd\":true,\"pei\":1000,\"peid\":10,\"mdt\":11}");
        assertThatThrownBy(() -> PeriodicSettings.onUpdate(current, json("{\"mdn\":5}"), current.deepCopy()))
                .hasMessageContaining("mdn");
        ObjectNode paused = json("{\"mdd\":false,\"pei\":1000,\"peid\":10,\"mdt\":11}");
        assertThatThrownBy(() -> PeriodicSettings.onUpdate(paused, json("{\"mdd\":true,\"mdt\":20}"),
                paused.deepCopy())).hasMessageContaining("together");
        ObjectNode merged = paused.deepCopy();
        merged.put("pei", 10);
        PeriodicSettings.onUpdate(paused, json("{\"pei\":10}"), merged);
        assertThat(merged.get("peid").asLong()).as("10 no longer fits: pei / 2").isEqualTo(5);
    }
}
