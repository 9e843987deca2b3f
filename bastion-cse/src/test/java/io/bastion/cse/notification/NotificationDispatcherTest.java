package io.bastion.cse.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.DispatcherConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationDispatcherTest {
    private static final String A = "http://a.example/ntfy";
    private static final String B = "http://b.example/ntfy";
    private static final DispatcherConfig FAST = DispatcherConfig.defaults()
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20), 0.2)
            .withCloseGrace(Duration.ofMillis(100));

    private final Notifications notifications = Notifications.of("/id-in", "3");
    private final ScriptedTransport transport = new ScriptedTransport();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private NotificationDispatcher dispatcher(DispatcherConfig config) {
        NotificationDispatcher d = new NotificationDispatcher(transport, config);
        closeables.add(d);
        return d;
    }

    private NotificationJob job(String target, String sub) {
        return NotificationJob.of(target, sub, notifications.deletion(target, sub, null));
    }

    private static DeliveryResult await(CompletableFuture<DeliveryResult> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private static List<String> surs(List<Request> requests) {
        return requests.stream().map(r -> r.pc().at("/m2m:sgn/sur").asText()).toList();
    }

    @Test
    void deliversToOneTargetInSubmissionOrderEvenWhenAnswersTakeVaryingTime() throws Exception {
        ExecutorService answerer = Executors.newFixedThreadPool(4);
        closeables.add(answerer::shutdownNow);
        Random random = new Random(7);
        transport.on(A, rq -> CompletableFuture.supplyAsync(() -> {
            sleep(random.nextInt(3));
            return Response.of(ResponseStatusCode.OK, null);
        }, answerer));
        NotificationDispatcher d = dispatcher(FAST.withSenderThreads(4));

        List<CompletableFuture<DeliveryResult>> futures = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            futures.add(d.submit(job(A, "sub" + i)));
            expected.add("sub" + i);
        }
        for (CompletableFuture<DeliveryResult> f : futures) {
            assertThat(await(f).status()).isEqualTo(DeliveryResult.Status.DELIVERED);
        }

        assertThat(surs(transport.sentTo(A))).containsExactlyElementsOf(expected);
        assertThat(d.stats().delivered()).isEqualTo(60);
    }

    @Test
    void aDeadTargetDelaysNeitherOtherTargetsNorTheSubmitter() throws Exception {
        transport.on(A, rq -> new CompletableFuture<>()); // never answers
        NotificationDispatcher d = dispatcher(FAST.withAttemptTimeout(Duration.ofSeconds(30))
                .withSenderThreads(1).withCapacities(50, 10_000));

        CompletableFuture<DeliveryResult> toDead = d.submit(job(A, "dead"));
        transport.awaitSend();
        long start = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            d.submit(job(A, "more" + i)); // fills and overflows the dead target's queue
        }
        List<CompletableFuture<DeliveryResult>> toLive = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            toLive.add(d.submit(job(B, "live" + i)));
        }
        long submitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        CompletableFuture.allOf(toLive.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(toLive).allMatch(f -> f.join().delivered());
        assertThat(submitMillis).isLessThan(2_000);
        assertThat(toDead).isNotDone();
        assertThat(d.stats().dropped()).isEqualTo(450);
    }

    @Test
    void transportFailuresAreRetriedUpToTheLimitThenReportedAsFailed() throws Exception {
        transport.on(A, rq -> CompletableFuture.failedFuture(new java.net.ConnectException("refused")));
        NotificationDispatcher d = dispatcher(FAST.withMaxAttempts(3));

        DeliveryResult r = await(d.submit(job(A, "sub1")));

        assertThat(r.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.error()).isInstanceOf(java.net.ConnectException.class);
        assertThat(r.countsAsSentNotify()).isFalse();
        assertThat(transport.sentTo(A)).hasSize(3).extracting(Request::rqi).containsOnly(r.notifyRqi());
        assertThat(d.stats()).extracting(DispatcherStats::retried, DispatcherStats::failed, DispatcherStats::delivered)
                .containsExactly(2L, 1L, 0L);
    }

    @Test
    void a5xxxAnswerIsRetriedAndALaterSuccessCounts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        transport.on(A, rq -> ScriptedTransport.answer(calls.incrementAndGet() < 3
                ? ResponseStatusCode.TARGET_NOT_REACHABLE : ResponseStatusCode.OK));
        NotificationDispatcher d = dispatcher(FAST.withMaxAttempts(3));

        DeliveryResult r = await(d.submit(job(A, "sub1")));

        assertThat(r.status()).isEqualTo(DeliveryResult.Status.DELIVERED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.countsAsSentNotify()).isTrue();
        assertThat(d.stats().retried()).isEqualTo(2);
    }

    @Test
    void a4xxxAnswerIsFinalWithoutRetry() throws Exception {
        transport.on(A, rq -> ScriptedTransport.answer(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE));
        NotificationDispatcher d = dispatcher(FAST.withMaxAttempts(5));

        DeliveryResult r = await(d.submit(job(A, "sub1")));

        assertThat(r.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.response().rsc()).isEqualTo(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE);
        assertThat(transport.sentTo(A)).hasSize(1);
        assertThat(d.stats().retried()).isZero();
    }

    @Test
    void anUnansweredAttemptTimesOutAndCountsAsATransportFailure() throws Exception {
        transport.on(A, rq -> new CompletableFuture<>());
        NotificationDispatcher d = dispatcher(FAST.withAttemptTimeout(Duration.ofMillis(50)).withMaxAttempts(2));

        DeliveryResult r = await(d.submit(job(A, "sub1")));

        assertThat(r.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.error()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aTargetNoTransportSupportsFailsAtOnce() throws Exception {
        transport.unsupported("mqtt://broker/x");
        NotificationDispatcher d = dispatcher(FAST);

        DeliveryResult r = await(d.submit(job("mqtt://broker/x", "sub1")));

        assertThat(r.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(transport.sends()).isZero();
    }

    @Test
    void everyRequestCountsOnceWhateverBecameOfItAndAsAnsweredOnlyWhenTheReceiverAnswered() throws Exception {
        transport.on(A, rq -> CompletableFuture.failedFuture(new java.net.ConnectException("refused")));
        transport.on(B, rq -> ScriptedTransport.answer(ResponseStatusCode.NOT_FOUND));
        NotificationDispatcher d = dispatcher(FAST.withMaxAttempts(2));

        DeliveryResult unanswered = await(d.submit(job(A, "sub1")));
        assertThat(unanswered.countsAsRequest()).as("retries are the same request").isTrue();
        assertThat(unanswered.answered()).isFalse();
        DeliveryResult refused = await(d.submit(job(B, "sub1")));
        assertThat(refused.countsAsRequest()).isTrue();
        assertThat(refused.answered()).as("a 4xxx answer is a response received").isTrue();

        transport.unsupported("mqtt://broker/x");
        DeliveryResult noTransport = await(d.submit(job("mqtt://broker/x", "sub1")));
        assertThat(noTransport.countsAsRequest()).isTrue();
        assertThat(noTransport.answered()).isFalse();
    }

    @Test
    void aNotificationDroppedOnArrivalIsARequestNeverSent() throws Exception {
        transport.hold(A);
        NotificationDispatcher d = dispatcher(FAST.withCapacities(100, 1));
        d.submit(job(A, "s0"));
        transport.awaitSend();
        d.submit(job(A, "s1"));

        DeliveryResult dropped = await(d.submit(job(B, "s2")));
        assertThat(dropped.status()).isEqualTo(DeliveryResult.Status.DROPPED);
        assertThat(dropped.countsAsRequest()).isTrue();
        assertThat(dropped.answered()).isFalse();
        assertThat(dropped.countsAsSentNotify()).isFalse();
    }

    @Test
    void aFullTargetQueueDropsItsOldestWaitingNotification() throws Exception {
        BlockingQueue<CompletableFuture<Response>> answers = transport.hold(A);
        NotificationDispatcher d = dispatcher(FAST.withCapacities(3, 1_000));

        CompletableFuture<DeliveryResult> first = d.submit(job(A, "s0"));
        transport.awaitSend(); // s0 is on the wire; the queue is empty again
        List<CompletableFuture<DeliveryResult>> waiting = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            waiting.add(d.submit(job(A, "s" + i)));
        }

        assertThat(await(waiting.get(0)).status()).isEqualTo(DeliveryResult.Status.DROPPED);
        assertThat(await(waiting.get(1)).status()).isEqualTo(DeliveryResult.Status.DROPPED);
        assertThat(d.stats().dropped()).isEqualTo(2);
        assertThat(d.stats().held()).isEqualTo(3);

        for (int i = 0; i < 4; i++) {
            answers.poll(5, TimeUnit.SECONDS).complete(Response.of(ResponseStatusCode.OK, null));
        }
        assertThat(await(first).delivered()).isTrue();
        for (int i = 2; i < 5; i++) {
            assertThat(await(waiting.get(i)).delivered()).isTrue();
        }
        assertThat(surs(transport.sentTo(A))).containsExactly("s0", "s3", "s4", "s5");
    }

    @Test
    void aFullDispatcherDropsTheNewNotification() throws Exception {
        transport.hold(A);
        NotificationDispatcher d = dispatcher(FAST.withCapacities(100, 3));

        d.submit(job(A, "s0"));
        transport.awaitSend();
        List<CompletableFuture<DeliveryResult>> waiting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            waiting.add(d.submit(job(A, "s" + i)));
        }
        CompletableFuture<DeliveryResult> overflow = d.submit(job(B, "s4"));

        assertThat(await(overflow).status()).isEqualTo(DeliveryResult.Status.DROPPED);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        assertThat(d.stats().dropped()).isEqualTo(1);
    }

    @Test
    void latestNotifyReplacesAWaitingNotificationOfTheSameSubscription() throws Exception {
        BlockingQueue<CompletableFuture<Response>> answers = transport.hold(A);
        NotificationDispatcher d = dispatcher(FAST);

        CompletableFuture<DeliveryResult> busy = d.submit(job(A, "other"));
        transport.awaitSend();
        List<CompletableFuture<DeliveryResult>> latest = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Request rq = notifications.event(A, NotificationEvent.of("subL", NotificationEventType.UPDATE_OF_RESOURCE,
                    null).withEventCategory(EventCategory.LATEST).withResourceId("v" + i));
            latest.add(d.submit(NotificationJob.of(A, "subL", rq).withLatestNotify(true)));
            if (i == 1) {
                d.submit(job(A, "between"));
            }
        }

        assertThat(await(latest.get(0)).status()).isEqualTo(DeliveryResult.Status.SUPERSEDED);
        assertThat(await(latest.get(0)).countsAsRequest()).as("replaced: the newer one is the request").isFalse();
        assertThat(await(latest.get(1)).status()).isEqualTo(DeliveryResult.Status.SUPERSEDED);
        for (int i = 0; i < 3; i++) {
            answers.poll(5, TimeUnit.SECONDS).complete(Response.of(ResponseStatusCode.OK, null));
        }
        assertThat(await(busy).delivered()).isTrue();
        DeliveryResult last = await(latest.get(2));
        assertThat(last.countsAsSentNotify()).isTrue();
        // The newest took the place of the first: it still goes out before "between".
        List<Request> sent = transport.sentTo(A);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).rqi()).isEqualTo(last.notifyRqi());
        assertThat(sent.get(1).ec()).isEqualTo(EventCategory.LATEST);
        assertThat(sent.get(2).pc().at("/m2m:sgn/sur").asText()).isEqualTo("between");
        assertThat(d.stats().superseded()).isEqualTo(2);
    }

    @Test
    void eachJobGoesOutInItsSerialization() throws Exception {
        NotificationDispatcher d = dispatcher(FAST);
        await(d.submit(job(A, "sub1").withSerialization(Serialization.CBOR)));
        await(d.submit(job(A, "sub1")));

        assertThat(transport.awaitSend().serialization()).isEqualTo(Serialization.CBOR);
        assertThat(transport.awaitSend().serialization()).isEqualTo(Serialization.JSON);
    }

    @Test
    void undeliverableNotificationsAreCountedWithoutASend() {
        NotificationDispatcher d = dispatcher(FAST);
        d.undeliverable("sub1", "Cae1", "AE Cae1 is not request-reachable");
        d.undeliverable("sub1", "Cae1", "AE Cae1 is not request-reachable");

        assertThat(d.stats().undeliverable()).isEqualTo(2);
        assertThat(d.stats().submitted()).isZero();
        assertThat(transport.sends()).isZero();
    }

    @Test
    void eachDeliveredSingleNotificationCountsOnceForTheExpirationCounter() throws Exception {
        NotificationDispatcher d = dispatcher(FAST);
        AtomicInteger exc = new AtomicInteger(3);

        List<CompletableFuture<Void>> counted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            counted.add(d.submit(job(A, "sub1")).thenAccept(r -> {
                if (r.countsAsSentNotify()) {
                    exc.decrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(counted.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        assertThat(exc.get()).isZero();
    }

    @Test
    void closeCancelsWaitingNotificationsAndLaterSubmissions() throws Exception {
        transport.hold(A);
        NotificationDispatcher d = new NotificationDispatcher(transport, FAST);

        CompletableFuture<DeliveryResult> onWire = d.submit(job(A, "s0"));
        transport.awaitSend();
        CompletableFuture<DeliveryResult> waiting = d.submit(job(A, "s1"));
        long start = System.nanoTime();
        d.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
        assertThat(await(waiting).status()).isEqualTo(DeliveryResult.Status.CANCELLED);
        assertThat(await(onWire).status()).isEqualTo(DeliveryResult.Status.CANCELLED);
        assertThat(await(d.submit(job(A, "s2"))).status()).isEqualTo(DeliveryResult.Status.CANCELLED);
        assertThat(d.stats().held()).isZero();
    }

    @Test
    void backoffDoublesUpToTheCapWithinTheJitter() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), 0.2, new Random(1));

        assertThat(b.delay(1).toMillis()).isBetween(80L, 120L);
        assertThat(b.delay(2).toMillis()).isBetween(160L, 240L);
        assertThat(b.delay(3).toMillis()).isBetween(320L, 480L);
        assertThat(b.delay(10).toMillis()).isBetween(800L, 1_200L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
