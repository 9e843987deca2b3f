package io.bastion.cse.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.PollingConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The requests and notifications waiting for one polling AE (TS-0001 10.2.5.17): a queue bounded by count and bytes
 * ({@link PollingConfig}), the long polls waiting for something to arrive, and the requests handed to the AE whose
 * answer has not come yet (matched by request identifier, 10.2.5.19). Whatever passes its expiry (its {@code rqet},
 * bounded by {@code polling.expiry-s}) is dropped and its requester answered 4008 REQUEST_TIMEOUT. A primitive is
 * handed to one poll only; one handed to a poll whose connection closed at that moment is lost, as a response lost on
 * the wire is.
 */
final class Mailbox {
    /** One primitive for the AE; {@code requester} is null for a notification, which nobody waits for. */
    record Entry(String rqi, ObjectNode rqp, int bytes, Instant expires, CompletableFuture<Response> requester) {
        boolean settled() {
            return requester != null && requester.isDone();
        }
    }

    private final String owner;
    private final PollingConfig config;
    private final Clock clock;
    private final PollingStats.Counters counters;
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private long waitingBytes;
    /** Handed to the AE, waiting for its answer, by request identifier, oldest first. */
    private final Map<String, Entry> answering = new LinkedHashMap<>();
    private final ArrayDeque<CompletableFuture<Entry>> polls = new ArrayDeque<>();
    private String closed;

    Mailbox(String owner, PollingConfig config, Clock clock, PollingStats.Counters counters) {
        this.owner = owner;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Hands {@code e} to a waiting poll, or queues it.
     *
     * @throws OneM2MException 5207 NOT_ACCEPTABLE when the queue is full (TS-0004 7.4.7.2.1 answers a bounded
     *         store that cannot take a primitive so), 4105 CONFLICT when a request with its identifier already
     *         waits for this AE, 4004 when the channel is gone
     */
    void offer(Entry e) {
        while (true) {
            CompletableFuture<Entry> poll;
            List<Entry> expired;
            synchronized (this) {
                if (closed != null) {
                    throw new OneM2MException(ResponseStatusCode.NOT_FOUND, closed);
                }
                expired = purge(clock.instant());
                if (answering.containsKey(e.rqi()) || isWaiting(e.rqi())) {
                    settleLater(expired);
                    throw new OneM2MException(ResponseStatusCode.CONFLICT, "a request with identifier "
                            + e.rqi() + " already waits for AE " + owner);
                }
                poll = polls.poll();
                if (poll == null) {
                    if (waiting.size() >= config.maxQueued() || waitingBytes + e.bytes() > config.maxQueuedBytes()) {
                        counters.refused.increment();
                        settleLater(expired);
                        throw new OneM2MException(ResponseStatusCode.NOT_ACCEPTABLE, "the pollingChannel of AE "
                                + owner + " is full (" + waiting.size() + " primitives, " + waitingBytes
                                + " bytes waiting; polling.max-queued " + config.maxQueued()
                                + ", polling.max-queued-bytes " + config.maxQueuedBytes() + ")");
                    }
                    waiting.addLast(e);
                    waitingBytes += e.bytes();
                    counters.queued.increment();
                } else {
                    answering.put(e.rqi(), e);
                }
            }
            settleLater(expired);
            if (poll == null) {
                return;
            }
            // Outside the lock: completing a poll writes its answer.
            if (poll.complete(e)) {
                counters.queued.increment();
                counters.handed.increment();
                trimAnswering();
                return;
            }
            synchronized (this) {
                answering.remove(e.rqi(), e); // that poll's connection closed: the next one, or the queue
            }
        }
    }

    /**
     * The oldest waiting primitive now, or a future completed with the next one to arrive; the caller bounds the wait
     * ({@code completeOnTimeout(null, …)}) and may cancel it. Exceptionally with 4004 when the channel is deleted.
     */
    CompletableFuture<Entry> poll() {
        CompletableFuture<Entry> f;
        List<Entry> expired;
        Entry now = null;
        synchronized (this) {
            if (closed != null) {
                return CompletableFuture.failedFuture(new OneM2MException(ResponseStatusCode.NOT_FOUND, closed));
            }
            expired = purge(clock.instant());
            Entry e;
            while ((e = waiting.pollFirst()) != null) {
                waitingBytes -= e.bytes();
                if (!e.settled()) { // a requester that timed out in real time before the clock said so
                    now = e;
                    answering.put(e.rqi(), e);
                    break;
                }
            }
            if (now == null) {
                f = new CompletableFuture<>();
                polls.addLast(f);
                CompletableFuture<Entry> mine = f;
                // A poll that ends without a primitive (timeout, closed connection) leaves the line.
                f.whenComplete((got, err) -> {
                    if (got == null) {
                        synchronized (this) {
                            polls.remove(mine);
                        }
                    }
                });
            } else {
                f = CompletableFuture.completedFuture(now);
            }
        }
        settleLater(expired);
        if (now != null) {
            counters.handed.increment();
            trimAnswering();
        }
        return f;
    }

    /**
     * The AE's answer to the primitive it was handed with request identifier {@code rqi} (TS-0001 10.2.5.19): goes
     * to its requester, if one waits.
     *
     * @throws OneM2MException 4004 when no primitive with that identifier waits for the AE's answer
     */
    void answer(String rqi, Response response) {
        Entry e;
        synchronized (this) {
            e = answering.remove(rqi);
        }
        if (e == null) {
            throw new OneM2MException(ResponseStatusCode.NOT_FOUND, "no request with identifier " + rqi
                    + " waits for an answer of AE " + owner + " (it was answered, has expired or never came)");
        }
        counters.answered.increment();
        if (e.requester() != null) {
            e.requester().complete(response);
        }
    }

    /** The channel is gone: every requester and poll is told so, and nothing is taken any more. */
    void close(String why) {
        List<Entry> gone;
        List<CompletableFuture<Entry>> waitingPolls;
        synchronized (this) {
            closed = why;
            gone = new ArrayList<>(waiting);
            gone.addAll(answering.values());
            waiting.clear();
            answering.clear();
            waitingBytes = 0;
            waitingPolls = new ArrayList<>(polls);
            polls.clear();
        }
        for (Entry e : gone) {
            if (e.requester() != null) {
                e.requester().complete(Response.error(ResponseStatusCode.TARGET_NOT_REACHABLE, why));
            }
        }
        OneM2MException notFound = new OneM2MException(ResponseStatusCode.NOT_FOUND, why);
        waitingPolls.forEach(p -> p.completeExceptionally(notFound));
    }

    /**
     * How many long polls wait for a primitive (for tests and the stats): those not yet answered, since a poll that
     * timed out leaves the line only after its answer went out.
     */
    synchronized int polls() {
        int n = 0;
        for (CompletableFuture<Entry> f : polls) {
            if (!f.isDone()) {
                n++;
            }
        }
        return n;
    }

    /** How many primitives wait for a poll (for tests and the stats). */
    synchronized int waiting() {
        return waiting.size();
    }

    private boolean isWaiting(String rqi) {
        for (Entry w : waiting) {
            if (w.rqi().equals(rqi)) {
                return true;
            }
        }
        return false;
    }

    /** Removes what expired at {@code now}; the caller answers their requesters after releasing the lock. */
    private List<Entry> purge(Instant now) {
        List<Entry> out = null;
        for (Iterator<Entry> it = waiting.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.expires().isAfter(now)) {
                it.remove();
                waitingBytes -= e.bytes();
                out = out == null ? new ArrayList<>() : out;
                out.add(e);
            }
        }
        for (Iterator<Entry> it = answering.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.expires().isAfter(now)) {
                it.remove();
                out = out == null ? new ArrayList<>() : out;
                out.add(e);
            }
        }
        return out == null ? List.of() : out;
    }

    /** Bounds the primitives handed to the AE and not answered: the oldest beyond the bound is given up. */
    private void trimAnswering() {
        List<Entry> dropped = null;
        synchronized (this) {
            Iterator<Entry> it = answering.values().iterator();
            while (answering.size() > config.maxQueued() && it.hasNext()) {
                Entry e = it.next();
                it.remove();
                dropped = dropped == null ? new ArrayList<>() : dropped;
                dropped.add(e);
            }
        }
        if (dropped != null) {
            settleLater(dropped);
        }
    }

    private void settleLater(List<Entry> expired) {
        for (Entry e : expired) {
            counters.expired.increment();
            if (e.requester() != null) {
                e.requester().complete(Response.error(ResponseStatusCode.REQUEST_TIMEOUT,
                        "AE " + owner + " did not answer through its pollingChannel before the request expired"));
            }
        }
    }
}
