package io.bastion.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class RateLimitedLogTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final RecordingLogger out = new RecordingLogger(Level.INFO);
    final RateLimitedLog log = new RateLimitedLog(out, 3, Duration.ofSeconds(10), clock);

    @Test
    void theFirstBurstOfAPatternIsWrittenThenOneNoticeThenNothingUntilTheIntervalEnds() {
        for (int i = 0; i < 1000; i++) {
            log.info("garbage from {}: {}", "10.0.0." + i, "bad version");
        }

        assertThat(out.lines).containsExactly(
                "INFO garbage from 10.0.0.0: bad version",
                "INFO garbage from 10.0.0.1: bad version",
                "INFO garbage from 10.0.0.2: bad version",
                "INFO more than 3 lines like \"garbage from {}: {}\" in 10 s: suppressing them until the interval ends");
    }

    @Test
    void theNextLineAfterTheIntervalIsPrecededByOneSummaryOfWhatWasSuppressed() {
        for (int i = 0; i < 50; i++) {
            log.warn("aborted by {}", i);
        }
        clock.advance(Duration.ofSeconds(10));
        log.warn("aborted by {}", "late");
        log.warn("aborted by {}", "later");

        assertThat(out.lines).hasSize(3 + 1 + 1 + 2);
        assertThat(out.lines.subList(4, 7)).containsExactly(
                "WARN … 47 similar lines suppressed in the last 10 s: \"aborted by {}\"",
                "WARN aborted by late",
                "WARN aborted by later");
    }

    @Test
    void eachPatternHasItsOwnBudget() {
        for (int i = 0; i < 10; i++) {
            log.info("one {}", i);
            log.info("two {}", i);
        }

        assertThat(out.lines).filteredOn(l -> l.startsWith("INFO one")).hasSize(3);
        assertThat(out.lines).filteredOn(l -> l.startsWith("INFO two")).hasSize(3);
        assertThat(out.lines).hasSize(8);
    }

    @Test
    void aQuietIntervalResetsTheBudgetWithoutASummary() {
        log.info("rare {}", 1);
        clock.advance(Duration.ofMinutes(5));
        log.info("rare {}", 2);

        assertThat(out.lines).containsExactly("INFO rare 1", "INFO rare 2");
    }

    @Test
    void linesBelowTheLevelAreNeitherWrittenNorCounted() {
        RecordingLogger warnOnly = new RecordingLogger(Level.WARN);
        RateLimitedLog limited = new RateLimitedLog(warnOnly, 1, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 5; i++) {
            limited.info("chatty {}", i);
        }
        limited.warn("chatty {}", "warned");

        assertThat(warnOnly.lines).containsExactly("WARN chatty warned");
    }

    @Test
    void aTrailingThrowableIsTheLinesExceptionAsInSlf4j() {
        IllegalStateException bug = new IllegalStateException("bug");
        log.error("request {} failed", "r1", bug);

        assertThat(out.lines).containsExactly("ERROR request r1 failed");
        assertThat(out.throwables).containsExactly(bug);
    }

    @Test
    void patternsBeyondTheBoundShareOneWindowInsteadOfGrowingTheMap() {
        RateLimitedLog limited = new RateLimitedLog(out, 1, Duration.ofSeconds(10), clock);
        for (int i = 0; i < RateLimitedLog.MAX_PATTERNS; i++) {
            limited.info("pattern " + i);
        }
        out.lines.clear();
        for (int i = 0; i < 100; i++) {
            limited.info("varying pattern " + i);
        }

        assertThat(out.lines).hasSize(2); // one written, one notice: all the new patterns counted as one
    }

    @Test
    void concurrentWritersStayWithinTheBound() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 10_000; i++) {
                    log.info("flood {}", i);
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out.lines).hasSize(4);
    }
}
