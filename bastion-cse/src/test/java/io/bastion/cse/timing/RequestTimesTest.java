package io.bastion.cse.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.MutableClock;
import io.bastion.cse.config.OperationTimeConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestTimesTest {
    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    static Request rq(String rqet, String rset, String oet) {
        return Request.builder(Operation.RETRIEVE, "cse-in").rqet(rqet).rset(rset).oet(oet).build();
    }

    static RequestTimes times(String rqet, String rset, String oet) {
        return RequestTimes.of(rq(rqet, rset, oet), NOW);
    }

    static ResponseStatusCode refusal(RequestTimes t) {
        try {
            t.checkOnReceipt(NOW);
            return null;
        } catch (OneM2MException e) {
            return e.status();
        }
    }

    @Test
    void noTimeParametersIsTheSharedNone() {
        assertThat(times(null, null, null)).isSameAs(RequestTimes.NONE);
        assertThat(refusal(RequestTimes.NONE)).isNull();
        assertThat(RequestTimes.NONE.runAt(NOW)).isEqualTo(NOW);
    }

    @Test
    void relativeValuesCountFromReceiptAndAbsoluteOnesAreTimestamps() {
        RequestTimes t = times("20260501T100100", "90000", "1500");
        assertThat(t.rqet()).isEqualTo(NOW.plusSeconds(60));
        assertThat(t.rset()).isEqualTo(NOW.plusSeconds(90));
        assertThat(t.oet()).isEqualTo(NOW.plusMillis(1500));
        assertThat(t.deadline()).isEqualTo(t.rqet());
        assertThat(t.runAt(NOW)).isEqualTo(t.oet());
        assertThat(t.waitsAfter(NOW)).isTrue();
        assertThat(refusal(t)).isNull();
    }

    @Test
    void theRulesOnReceipt() {
        // rqet or rset passed
        assertThat(refusal(times("-1", null, null))).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT);
        assertThat(refusal(times("0", null, null))).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT);
        assertThat(refusal(times(null, "20000101T000000", null))).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT);
        // rset not later than rqet
        assertThat(refusal(times("5000", "5000", null))).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        // oet at or after the deadline
        assertThat(refusal(times("5000", null, "5000"))).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT);
        assertThat(refusal(times(null, "5000", "6000"))).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT);
        // an oet in the past runs at once
        RequestTimes past = times("5000", null, "-5000");
        assertThat(refusal(past)).isNull();
        assertThat(past.waitsAfter(NOW)).isFalse();
        assertThat(past.runAt(NOW)).isEqualTo(NOW);
    }

    @Test
    void aMalformedValueNamesItsParameter() {
        for (String[] c : new String[][] {{"x", null, null, "rqet"}, {null, "1.5", null, "rset"},
            {null, null, "P1D", "oet"}, {null, null, "--1", "oet"}}) {
            assertThatThrownBy(() -> times(c[0], c[1], c[2])).isInstanceOf(OneM2MException.class)
                    .hasMessageContaining(c[3])
                    .extracting(e -> ((OneM2MException) e).status()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        }
    }

    @Test
    void theTimerHoldsUntilTheClockReachesTheTimeAndSaysWhenARequestMayRun() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        try (OperationTimer timer = new OperationTimer(clock, new OperationTimeConfig(Duration.ofSeconds(60), 1))) {
            assertThat(OperationTimer.runAt(rq(null, null, "30000"), NOW)).isEqualTo(NOW.plusSeconds(30));
            assertThat(OperationTimer.runAt(rq(null, null, null), NOW)).isEqualTo(NOW);
            CompletableFuture<Void> held = CompletableFuture.runAsync(() -> timer.hold(NOW.plusSeconds(30), NOW));
            while (timer.waiting() == 0) {
                Thread.onSpinWait();
            }
            assertThatThrownBy(() -> timer.hold(NOW.plusSeconds(1), NOW)).isInstanceOf(OneM2MException.class)
                    .hasMessageContaining("oet.max-waiting");
            assertThatThrownBy(() -> timer.hold(NOW.plusSeconds(61), NOW)).isInstanceOf(OneM2MException.class)
                    .hasMessageContaining("oet.max-wait-s");
            clock.advance(Duration.ofSeconds(29));
            timer.wake();
            assertThat(held).isNotDone();
            clock.advance(Duration.ofSeconds(1));
            timer.wake();
            held.get(10, TimeUnit.SECONDS);
            assertThat(timer.waiting()).isZero();
        }
    }

    @Test
    void closingReleasesAHeldRequestWithAnError() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        OperationTimer timer = new OperationTimer(clock, OperationTimeConfig.defaults());
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> timer.hold(NOW.plusSeconds(30), NOW));
        while (timer.waiting() == 0) {
            Thread.onSpinWait();
        }
        timer.close();
        assertThatThrownBy(() -> held.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(OneM2MException.class)
                .hasMessageContaining("stopped");
    }
}
