package io.bastion.cse.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.Request;
import io.bastion.cse.config.DispatcherConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.bastion.core.time.MutableClock;

class BatchNotifyTest {
    private static final String A = "http://a.example/ntfy";
    private static final String B = "http://b.example/ntfy";
    private static final Duration LONG = Duration.ofHours(1);

    private final Notifications notifications = Notifications.of("/id-in", "3");
    private final ScriptedTransport transport = new ScriptedTransport();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final NotificationDispatcher dispatcher = new NotificationDispatcher(transport,
            DispatcherConfig.defaults().withMaxBatchSize(5).withCloseGrace(Duration.ofMillis(100)), clock,
            new Random(1));

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private NotificationJob event(String target, String sub, int n, BatchPolicy bn, boolean ln) {
        Request rq = notifications.event(target, NotificationEvent.of(sub, NotificationEventType.UPDATE_OF_RESOURCE,
                null).withContentType(NotificationContentType.RESOURCE_ID).withResourceId("v" + n)
                .withEventCategory(ln ? EventCategory.LATEST : null));
        return NotificationJob.of(target, sub, rq).withBatch(bn).withLatestNotify(ln);
    }

    private static List<String> versions(JsonNode agn) {
        List<String> out = new ArrayList<>();
        agn.at("/m2m:agn/m2m:sgn").forEach(s -> out.add(s.at("/nev/rep/m2m:uri").asText()));
        return out;
    }

    private static List<DeliveryResult> awaitAll(List<CompletableFuture<DeliveryResult>> futures) throws Exception {
        List<DeliveryResult> out = new ArrayList<>();
        for (CompletableFuture<DeliveryResult> f : futures) {
            out.add(f.get(5, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void aBatchIsSentAsOneAggregatedNotificationWhenNumIsReached() throws Exception {
        BatchPolicy bn = new BatchPolicy(3, LONG);
        List<CompletableFuture<DeliveryResult>> futures = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            futures.add(dispatcher.submit(event(A, "sub1", i, bn, false)));
        }

        List<DeliveryResult> results = awaitAll(futures);
        List<Request> sent = transport.sentTo(A);
        assertThat(sent).hasSize(1);
        assertThat(versions(sent.get(0).pc())).containsExactly("v1", "v2", "v3");
        assertThat(sent.get(0).pc().at("/m2m:agn/m2m:sgn/0/sur").asText()).isEqualTo("sub1");
        assertThat(results).allMatch(DeliveryResult::delivered)
                .allMatch(r -> r.notifyRqi().equals(sent.get(0).rqi()));
        // One primitive: the expirationCounter goes down once, not three times; one request, one response.
        assertThat(results).filteredOn(DeliveryResult::countsAsSentNotify).hasSize(1);
        assertThat(results).filteredOn(DeliveryResult::countsAsRequest).hasSize(1);
        assertThat(results).filteredOn(DeliveryResult::answered).hasSize(1);
        assertThat(dispatcher.stats().delivered()).isEqualTo(1);
        assertThat(dispatcher.stats().openBatches()).isZero();
    }

    @Test
    void aBatchIsSentWhenItsDurationHasPassedSinceTheFirstNotification() throws Exception {
        BatchPolicy bn = new BatchPolicy(0, Duration.ofSeconds(10));
        CompletableFuture<DeliveryResult> f1 = dispatcher.submit(event(A, "sub1", 1, bn, false));
        clock.advance(Duration.ofSeconds(6));
        CompletableFuture<DeliveryResult> f2 = dispatcher.submit(event(A, "sub1", 2, bn, false));

        clock.advance(Duration.ofSeconds(3)); // 9 s after the first: not yet
        dispatcher.flushDueBatches();
        assertThat(dispatcher.stats().openBatches()).isEqualTo(1);
        assertThat(transport.sends()).isZero();

        clock.advance(Duration.ofSeconds(1));
        dispatcher.flushDueBatches();
        awaitAll(List.of(f1, f2));
        assertThat(versions(transport.sentTo(A).get(0).pc())).containsExactly("v1", "v2");

        // The next notification starts a new batch with a new timer.
        CompletableFuture<DeliveryResult> f3 = dispatcher.submit(event(A, "sub1", 3, bn, false));
        clock.advance(Duration.ofSeconds(10));
        dispatcher.flushDueBatches();
        awaitAll(List.of(f3));
        assertThat(versions(transport.sentTo(A).get(1).pc())).containsExactly("v3");
    }

    @Test
    void theBatchTimerSendsWithoutAnyoneAsking() throws Exception {
        NotificationDispatcher real = new NotificationDispatcher(transport, DispatcherConfig.defaults());
        try {
            BatchPolicy bn = new BatchPolicy(100, Duration.ofMillis(150));
            long start = System.nanoTime();
            CompletableFuture<DeliveryResult> f1 = real.submit(event(A, "sub1", 1, bn, false));
            CompletableFuture<DeliveryResult> f2 = real.submit(event(A, "sub1", 2, bn, false));

            awaitAll(List.of(f1, f2));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
            // Normally one batch; a very slow machine may have let the timer fire between the two submissions.
            List<String> all = new ArrayList<>();
            transport.sentTo(A).forEach(rq -> all.addAll(versions(rq.pc())));
            assertThat(all).containsExactly("v1", "v2");
        } finally {
            real.close();
        }
    }

    @Test
    void withLatestNotifyABatchSendsOnlyItsNewestNotification() throws Exception {
        BatchPolicy bn = new BatchPolicy(3, LONG);
        List<CompletableFuture<DeliveryResult>> futures = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            futures.add(dispatcher.submit(event(A, "sub1", i, bn, true)));
        }

        List<DeliveryResult> results = awaitAll(futures);
        List<Request> sent = transport.sentTo(A);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).pc().at("/m2m:sgn/nev/rep/m2m:uri").asText()).isEqualTo("v3");
        assertThat(sent.get(0).ec()).isEqualTo(EventCategory.LATEST);
        assertThat(results).extracting(DeliveryResult::status).containsExactly(DeliveryResult.Status.SUPERSEDED,
                DeliveryResult.Status.SUPERSEDED, DeliveryResult.Status.DELIVERED);
        assertThat(dispatcher.stats().superseded()).isEqualTo(2);
        assertThat(dispatcher.stats().held()).isZero();
    }

    @Test
    void batchesAreKeptPerSubscriptionAndTarget() throws Exception {
        BatchPolicy bn = new BatchPolicy(2, LONG);
        List<CompletableFuture<DeliveryResult>> futures = new ArrayList<>();
        futures.add(dispatcher.submit(event(A, "sub1", 1, bn, false)));
        futures.add(dispatcher.submit(event(B, "sub1", 2, bn, false)));
        futures.add(dispatcher.submit(event(A, "sub2", 3, bn, false)));
        futures.add(dispatcher.submit(event(A, "sub1", 4, bn, false)));
        futures.add(dispatcher.submit(event(B, "sub1", 5, bn, false)));

        awaitAll(List.of(futures.get(0), futures.get(1), futures.get(3), futures.get(4)));
        assertThat(transport.sentTo(A)).hasSize(1);
        assertThat(versions(transport.sentTo(A).get(0).pc())).containsExactly("v1", "v4");
        assertThat(versions(transport.sentTo(B).get(0).pc())).containsExactly("v2", "v5");
        assertThat(futures.get(2)).isNotDone();
        assertThat(dispatcher.stats().openBatches()).isEqualTo(1);
    }

    @Test
    void flushingASubscriptionSendsItsOpenBatchAtOnce() throws Exception {
        BatchPolicy bn = new BatchPolicy(10, LONG);
        CompletableFuture<DeliveryResult> f1 = dispatcher.submit(event(A, "sub1", 1, bn, false));
        CompletableFuture<DeliveryResult> other = dispatcher.submit(event(A, "sub2", 2, bn, false));

        dispatcher.flushBatches("sub1");

        assertThat(f1.get(5, TimeUnit.SECONDS).delivered()).isTrue();
        assertThat(other).isNotDone();
    }

    @Test
    void aBatchThatReachesTheSizeLimitIsSentEarly() throws Exception {
        BatchPolicy bn = new BatchPolicy(0, LONG); // count never ends it; maxBatchSize (5) does
        List<CompletableFuture<DeliveryResult>> futures = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            futures.add(dispatcher.submit(event(A, "sub1", i, bn, false)));
        }

        awaitAll(futures);
        assertThat(versions(transport.sentTo(A).get(0).pc())).containsExactly("v1", "v2", "v3", "v4", "v5");
    }

    @Test
    void closeCancelsOpenBatches() throws Exception {
        CompletableFuture<DeliveryResult> f = dispatcher.submit(event(A, "sub1", 1, new BatchPolicy(5, LONG), false));

        dispatcher.close();

        assertThat(f.get(5, TimeUnit.SECONDS).status()).isEqualTo(DeliveryResult.Status.CANCELLED);
        assertThat(transport.sends()).isZero();
    }
}
