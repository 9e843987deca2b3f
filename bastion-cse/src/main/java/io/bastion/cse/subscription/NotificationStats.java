package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.notification.DeliveryResult;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.cse.subscription.NotificationStatsInfo.Tally;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the notifications of subscriptions that collect statistics ({@code nse} true) per notification target and
 * writes the counts into their {@code notificationStatsInfo} ({@link NotificationStatsInfo} for the attribute rules),
 * so that a subscriber can see what did not reach a target: {@code rqs} greater than {@code rsr}.
 *
 * <p><b>What counts.</b> {@code rqs} (requestsSent) counts the NOTIFY requests this CSE issued for the target, one per
 * notification (a batch of {@code bn} is one request, a retry is the same request), including those it could not
 * send: to an AE that is not request-reachable ({@code rr} false) or takes only serializations this CSE does not
 * write, to an address no transport reaches, dropped because a queue was full, or failed. A notification replaced
 * under {@code latestNotify} is no request. {@code rsr} (responsesReceived) counts the requests the target answered,
 * whatever the status code (an answer of 4xxx is a response received). Not counted: the verification request (its
 * outcome is the answer to the CREATE or UPDATE that sent it) and the deletion notice (it goes to {@code su}, and
 * the subscription holding the counts is gone).
 *
 * <p><b>Cost.</b> Nothing is done for subscriptions without {@code nse}. Otherwise counting is a map update, done where
 * the dispatcher's result is handled (the bookkeeping thread) or, for a notification that is not sent, on the request
 * thread; the counts of each subscription are written at most once per {@link #WINDOW}, by the single bookkeeping
 * thread, as one amendment of the subscription that changes neither {@code lt} nor notifies anyone. Counts wait in
 * memory for at most {@link #MAX_PENDING} targets; beyond that they are lost. Statistics are best effort: counts not
 * yet written when the process stops abruptly are lost (an orderly close writes them), and notifications still in
 * flight when the statistics restart are counted in the new period.
 */
public final class NotificationStats {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationStats.class);
    /** How long counts gather before they are written. */
    public static final Duration WINDOW = Duration.ofMillis(250);
    /** Most (subscription, target) pairs whose counts wait to be written. */
    static final int MAX_PENDING = 65_536;

    private record Key(String subscriptionRi, String target) {
    }

    private final ResourceStore store;
    private final ResourceLocks locks;
    private final ScheduledExecutorService bookkeeping;
    private final Duration window;
    private final Map<Key, Tally> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final LongAdder lost = new LongAdder();

    /**
     * @param locks the locks resource writes take, so that writing counts never overwrites a concurrent UPDATE
     * @param bookkeeping the single thread that writes the counts
     */
    public NotificationStats(ResourceStore store, ResourceLocks locks, ScheduledExecutorService bookkeeping,
                             Duration window) {
        this.store = store;
        this.locks = locks;
        this.bookkeeping = bookkeeping;
        this.window = window;
    }

    /** A notification of the subscription for {@code target} (its {@code nu} entry) that was never handed over. */
    public void notSent(String subscriptionRi, String target) {
        add(subscriptionRi, target, new Tally(1, 0));
    }

    /** How a notification handed to the dispatcher for {@code target} (its {@code nu} entry) ended. */
    public void settled(String subscriptionRi, String target, DeliveryResult result) {
        if (result.countsAsRequest()) {
            add(subscriptionRi, target, new Tally(1, result.answered() ? 1 : 0));
        }
    }

    /** Takes the counts of a subscription not written yet, by target (for an UPDATE that writes them itself). */
    public Map<String, Tally> drain(String subscriptionRi) {
        Map<String, Tally> out = new HashMap<>();
        for (Iterator<Key> it = pending.keySet().iterator(); it.hasNext(); ) {
            Key k = it.next();
            if (k.subscriptionRi().equals(subscriptionRi)) {
                Tally t = pending.remove(k);
                if (t != null) {
                    out.merge(k.target(), t, Tally::plus);
                }
            }
        }
        return out;
    }

    /** Counts lost because too many waited to be written. */
    public long lost() {
        return lost.sum();
    }

    private void add(String subscriptionRi, String target, Tally t) {
        Key k = new Key(subscriptionRi, target);
        if (pending.size() >= MAX_PENDING && !pending.containsKey(k)) {
            lost.increment();
            return;
        }
        pending.merge(k, t, Tally::plus);
        if (scheduled.compareAndSet(false, true)) {
            try {
                bookkeeping.schedule(this::scheduledFlush, window.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // closing: the final flush writes them
            }
        }
    }

    private void scheduledFlush() {
        scheduled.set(false); // counts added from now on schedule the next write
        flush();
    }

    /** Writes every waiting count now; the bookkeeping thread does this, and the CSE once more when it closes. */
    public void flush() {
        Map<String, Map<String, Tally>> bySubscription = new HashMap<>();
        for (Key k : pending.keySet()) {
            Tally t = pending.remove(k);
            if (t != null) {
                bySubscription.computeIfAbsent(k.subscriptionRi(), s -> new HashMap<>()).merge(k.target(), t,
                        Tally::plus);
            }
        }
        for (Map.Entry<String, Map<String, Tally>> e : bySubscription.entrySet()) {
            try {
                write(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                LOG.warn("notification statistics of subscription {} not written: {}", e.getKey(), ex.toString());
            }
        }
    }

    private void write(String subscriptionRi, Map<String, Tally> tallies) {
        locks.lock(subscriptionRi);
        try {
            Resource sub = store.get(subscriptionRi).filter(r -> r.ty() == ResourceTypes.SUB).orElse(null);
            if (sub == null || !NotificationStatsInfo.enabled(sub.attrs())) {
                return; // deleted, or no longer collecting: its last values stay as they are
            }
            ObjectNode a = sub.attrsCopy();
            a.set("nsi", NotificationStatsInfo.counted(sub.get("nsi"), sub.get("nu"), tallies));
            store.write(new WriteBatch().amend(sub.withAttrs(a, sub.expiry())));
        } finally {
            locks.unlock(subscriptionRi);
        }
    }
}
