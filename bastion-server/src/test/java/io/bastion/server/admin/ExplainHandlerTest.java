package io.bastion.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.Operation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExplainHandlerTest {

    @Test
    void operationsAreTheSixNamesInAnyCase() {
        assertThat(ExplainHandler.operation("create")).isEqualTo(Operation.CREATE);
        assertThat(ExplainHandler.operation("RETRIEVE")).isEqualTo(Operation.RETRIEVE);
        assertThat(ExplainHandler.operation("Update")).isEqualTo(Operation.UPDATE);
        assertThat(ExplainHandler.operation("delete")).isEqualTo(Operation.DELETE);
        assertThat(ExplainHandler.operation("notify")).isEqualTo(Operation.NOTIFY);
        assertThat(ExplainHandler.operation("discovery")).isEqualTo(Operation.DISCOVERY);
        assertThatThrownBy(() -> ExplainHandler.operation("2")).hasMessageStartingWith("op must be one of");
    }

    @Test
    void typesAreNumbersOrShortNames() {
        assertThat(ExplainHandler.type(null)).isNull();
        assertThat(ExplainHandler.type("4")).isEqualTo(4);
        assertThat(ExplainHandler.type("cnt")).isEqualTo(3);
        assertThat(ExplainHandler.type("m2m:cin")).isEqualTo(4);
        assertThatThrownBy(() -> ExplainHandler.type("container")).hasMessageStartingWith("ty must be");
        assertThatThrownBy(() -> ExplainHandler.type("12345678901")).hasMessageStartingWith("ty must be");
    }

    @Test
    void addressesAreLiteralsNeverNames() {
        assertThat(ExplainHandler.ip(null)).isNull();
        assertThat(ExplainHandler.ip("192.0.2.1").getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(ExplainHandler.ip("2001:db8::1").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        for (String bad : new String[] {"localhost", "example.com", "10.0.0.0/8", "1.2.3", "fe80::1%eth0",
                "999.1.1.1"}) {
            assertThatThrownBy(() -> ExplainHandler.ip(bad)).as(bad).hasMessageStartingWith("ip must be");
        }
    }

    @Test
    void timesAreOneM2MTimestampsOrIso8601() {
        assertThat(ExplainHandler.time(null)).isNull();
        assertThat(ExplainHandler.time("20261123T120000")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(ExplainHandler.time("20261123T120000,5")).isEqualTo(Instant.parse("2026-11-23T12:00:00.5Z"));
        assertThat(ExplainHandler.time("2026-11-23T12:00:00Z")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(ExplainHandler.time("2026-11-23T14:00:00+02:00")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThatThrownBy(() -> ExplainHandler.time("tomorrow")).hasMessageStartingWith("at must be");
        assertThatThrownBy(() -> ExplainHandler.time("2026-13-01T00:00:00Z")).hasMessageStartingWith("at must be");
    }

    @Test
    void queriesAreDecodedAndUnknownOrRepeatedParametersRefused() {
        assertThat(ExplainHandler.query("from=C%2Fx&op=retrieve&to=cse-in%2Fa+b"))
                .containsEntry("from", "C/x").containsEntry("to", "cse-in/a b");
        assertThatThrownBy(() -> ExplainHandler.query("from=a&from=b")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ExplainHandler.query("frm=a")).hasMessageStartingWith("unknown parameter");
        assertThatThrownBy(() -> ExplainHandler.query("from=%G1")).hasMessageContaining("percent");
    }
}
