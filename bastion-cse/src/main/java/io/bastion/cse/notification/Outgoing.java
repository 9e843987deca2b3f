package io.bastion.cse.notification;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One NOTIFY primitive on its way to one target, with the futures of the jobs it carries (one, or a whole batch).
 * While it waits in a queue, the dispatcher's lock guards it; once taken for sending, only the sending path uses it.
 */
final class Outgoing {
    final String target;
    final String subscriptionRi;
    /** Under latestNotify a newer primitive of the same subscription replaces this one while it waits. */
    final boolean latest;
    private Request request;
    private Serialization serialization;
    private List<CompletableFuture<DeliveryResult>> futures;
    private int attempts;
    /** True while the transport has it (not while it waits for a retry): close() waits only for these. */
    volatile boolean onWire;
    private final AtomicBoolean settled = new AtomicBoolean();

    Outgoing(String target, String subscriptionRi, boolean latest, Request request, Serialization serialization,
             List<CompletableFuture<DeliveryResult>> futures) {
        this.target = target;
        this.subscriptionRi = subscriptionRi;
        this.latest = latest;
        this.request = request;
        this.serialization = serialization;
        this.futures = new ArrayList<>(futures);
    }

    static Outgoing of(NotificationJob job, CompletableFuture<DeliveryResult> future) {
        return new Outgoing(job.target(), job.subscriptionRi(), job.latestNotify(), job.request(),
                job.serialization(), List.of(future));
    }

    Request request() {
        return request;
    }

    Serialization serialization() {
        return serialization;
    }

    /** How many submitted jobs this primitive carries. */
    int jobs() {
        return futures.size();
    }

    int attempts() {
        return attempts;
    }

    int nextAttempt() {
        return ++attempts;
    }

    /** Takes over a newer primitive's content and jobs; returns the futures of the jobs it replaced. */
    List<CompletableFuture<DeliveryResult>> replaceWith(Outgoing newer) {
        List<CompletableFuture<DeliveryResult>> old = futures;
        request = newer.request;
        serialization = newer.serialization;
        futures = new ArrayList<>(newer.futures);
        return old;
    }

    /**
     * Completes every carried job with the outcome, once; returns false when it was already settled (e.g. close()
     * cancelled it while the transport was still answering).
     */
    boolean settle(DeliveryResult.Status status, Response response, Throwable error) {
        return settle(status, response, error, () -> { });
    }

    /** As {@link #settle(DeliveryResult.Status, Response, Throwable)}, running {@code count} before completing. */
    boolean settle(DeliveryResult.Status status, Response response, Throwable error, Runnable count) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        // Counters first: whoever waits on a future sees statistics that already include it.
        count.run();
        String rqi = attempts > 0 ? request.rqi() : null;
        for (int i = 0; i < futures.size(); i++) {
            boolean lead = i == futures.size() - 1;
            futures.get(i).complete(new DeliveryResult(status, target, subscriptionRi, rqi, attempts, response, error,
                    lead));
        }
        return true;
    }

    /** The result of a job that never joined a primitive: it is the lead of the request it would have been. */
    static DeliveryResult unsent(DeliveryResult.Status status, NotificationJob job) {
        return new DeliveryResult(status, job.target(), job.subscriptionRi(), null, 0, null, null, true);
    }
}
