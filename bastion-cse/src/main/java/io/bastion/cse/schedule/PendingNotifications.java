package io.bastion.cse.schedule;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.notification.DeliveryResult;
import io.bastion.cse.notification.EventCategory;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.NotificationJob;
import io.bastion.cse.resource.ResourceEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications of subscriptions on their way to the dispatcher, checked against the subscription's
 * notificationSchedule and the receiver's reachability schedule (TS-0004 7.5.1.2.2 step 3.0; TS-0001 10.2.10.7,
 * pendingNotification). Inside both (or without either) a notification goes to the dispatcher at once. Outside, the
 * subscription's {@code pn} decides (step 4.0): absent, it is discarded; 1 (sendLatest), only the newest is kept and
 * goes out with Event Category "latest"; 2 (sendAllPending), all are kept and go out in the order they occurred. Held
 * notifications are sent when both windows are open (step 6.0): a timer checks at the next opening and at least every
 * second (so that a clock moved by a test, or a schedule changed, is seen). A notification whose {@code nec} is
 * immediate (2) ignores the notificationSchedule, never the reachability schedule (step 3.0).
 *
 * <p>Bounded like the dispatcher's queues: at most {@code perTarget} per subscription and target (the oldest dropped
 * beyond) and {@code total} in all (the new one dropped beyond). Removing {@code pn} discards what a subscription holds,
 * changing it from 2 to 1 keeps only the newest, deleting the subscription discards them all (TS-0004 7.4.8.2.3,
 * 7.4.8.2.4). Held notifications live in memory: a restart loses them.
 *
 * <p>Cost for a subscription without schedules, when no schedule exists anywhere and nothing is held: one read of a
 * volatile count and one of a map's emptiness.
 */
public final class PendingNotifications implements Consumer<List<ResourceEvent>>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingNotifications.class);
    /** The longest a held notification waits after its window opened, whatever the clock does. */
    static final Duration RECHECK = Duration.ofSeconds(1);
    /** How many held keys the timer computes the exact opening of; the others wait for the recheck. */
    private static final int EXACT_WAKE_KEYS = 16;
    private static final int SEND_LATEST = 1;
    private static final int SEND_ALL_PENDING = 2;

    private final NotificationDispatcher dispatcher;
    private final ScheduleWindows windows;
    private final Clock clock;
    private final int perTarget;
    private final int total;
    private final ScheduledThreadPoolExecutor timer;

    private final Object lock = new Object();
    /** Per subscription and target, in arrival order; guarded by {@link #lock}. */
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private ScheduledFuture<?> wake;
    private boolean closed;

    /** One notification waiting, with the future its submitter holds. */
    private record Waiting(NotificationJob job, CompletableFuture<DeliveryResult> result) {
    }

    /** The notifications of one subscription for one target, and what decides when they may go. */
    private static final class Held {
        final String subscriptionRi;
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        int pn;
        boolean immediate;
        String receiverOwner;

        Held(String subscriptionRi) {
            this.subscriptionRi = subscriptionRi;
        }
    }

    /**
     * @param perTarget notifications held per subscription and target
     * @param total notifications held in all
     */
    public PendingNotifications(NotificationDispatcher dispatcher, ScheduleWindows windows, Clock clock,
                                int perTarget, int total) {
        this.dispatcher = dispatcher;
        this.windows = windows;
        this.clock = clock;
        this.perTarget = perTarget;
        this.total = total;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bastion-schedule");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Sends a notification of {@code sub} now, holds it, or discards it, as the schedules and {@code pn} say. The
     * future completes as {@link NotificationDispatcher#submit}'s does once it is sent; a discarded or dropped one
     * completes as DROPPED, one replaced under sendLatest as SUPERSEDED.
     *
     * @param receiverOwner the resource whose schedule is the receiver's reachability schedule (the node an AE links
     *        with {@code nl}), asked only when some node has a schedule; it may answer null
     */
    public CompletableFuture<DeliveryResult> submit(NotificationJob job, Resource sub, Supplier<String> receiverOwner) {
        if (count.get() == 0 && windows.isEmpty()) {
            return dispatcher.submit(job);
        }
        String owner = windows.hasNodeSchedules() ? receiverOwner.get() : null;
        boolean immediate = EventCategory.IMMEDIATE.equals(sub.getText("nec"));
        Instant now = clock.instant();
        boolean open = open(sub.ri(), immediate, owner, now);
        String key = sub.ri() + " " + job.target();
        List<Waiting> first = List.of();
        Waiting dropped = null;
        CompletableFuture<DeliveryResult> result = null;
        synchronized (lock) {
            Held h = held.get(key);
            if (open) {
                if (h != null) {
                    first = release(key, h); // the older ones keep their place ahead of this one
                }
            } else {
                int pn = (int) sub.getLong("pn", 0);
                if (pn != SEND_LATEST && pn != SEND_ALL_PENDING || closed) {
                    result = CompletableFuture.completedFuture(unsent(DeliveryResult.Status.DROPPED, job, true));
                    LOG.debug("notification of subscription {} to {} discarded: outside its schedules and no "
                            + "pendingNotification", sub.ri(), job.target());
                } else if (count.get() >= total && (h == null || pn == SEND_ALL_PENDING)) {
                    result = CompletableFuture.completedFuture(unsent(DeliveryResult.Status.DROPPED, job, true));
                    LOG.debug("notification of subscription {} to {} dropped: {} held", sub.ri(), job.target(), total);
                } else {
                    if (h == null) {
                        h = new Held(sub.ri());
                        held.put(key, h);
                    }
                    h.pn = pn;
                    h.immediate = immediate;
                    h.receiverOwner = owner;
                    Waiting w = new Waiting(job, new CompletableFuture<>());
                    if (pn == SEND_LATEST) {
                        Waiting older = h.waiting.pollLast();
                        if (older != null) {
                            count.decrementAndGet();
                            older.result.complete(unsent(DeliveryResult.Status.SUPERSEDED, older.job, false));
                        }
                    } else if (h.waiting.size() >= perTarget) {
                        dropped = h.waiting.pollFirst();
                        count.decrementAndGet();
                    }
                    h.waiting.addLast(w);
                    count.incrementAndGet();
                    result = w.result;
                    scheduleWake(now);
                }
            }
        }
        if (dropped != null) {
            dropped.result.complete(unsent(DeliveryResult.Status.DROPPED, dropped.job, true));
        }
        send(first);
        return result != null ? result : dispatcher.submit(job);
    }

    /** How many notifications are held now. */
    public int held() {
        return count.get();
    }

    private boolean open(String subRi, boolean immediate, String owner, Instant now) {
        return (immediate || windows.inside(subRi, now)) && (owner == null || windows.inside(owner, now));
    }

    /** Takes a key's notifications out, in order; under the lock. */
    private List<Waiting> release(String key, Held h) {
        held.remove(key);
        count.addAndGet(-h.waiting.size());
        List<Waiting> out = new ArrayList<>(h.waiting);
        if (h.pn == SEND_LATEST) {
            // TS-0004 7.5.1.2.2 step 4.0: the one kept under sendLatest carries the Event Category "latest".
            out.replaceAll(w -> new Waiting(latest(w.job), w.result));
        }
        return out;
    }

    private static NotificationJob latest(NotificationJob j) {
        return new NotificationJob(j.target(), j.subscriptionRi(),
                j.request().toBuilder().ec(EventCategory.LATEST).build(), j.batch(), j.latestNotify(),
                j.serialization());
    }

    private void send(List<Waiting> ws) {
        for (Waiting w : ws) {
            dispatcher.submit(w.job).thenAccept(w.result::complete);
        }
    }

    /** Wakes the timer at the earliest opening, at most {@link #RECHECK} from now; under the lock. */
    private void scheduleWake(Instant now) {
        if (closed || (wake != null && !wake.isDone())) {
            return;
        }
        long delay = RECHECK.toMillis();
        int looked = 0;
        for (Held h : held.values()) {
            if (++looked > EXACT_WAKE_KEYS) {
                break; // beyond a few, the periodic recheck is close enough
            }
            Instant sub = h.immediate ? now : windows.nextOpening(h.subscriptionRi, now);
            Instant rcv = h.receiverOwner == null ? now : windows.nextOpening(h.receiverOwner, now);
            if (sub != null && rcv != null) {
                Instant at = sub.isAfter(rcv) ? sub : rcv;
                delay = Math.min(delay, Math.max(0, Duration.between(now, at).toMillis()));
            }
        }
        wake = timer.schedule(this::recheck, Math.max(10, delay), TimeUnit.MILLISECONDS);
    }

    /** Sends what may go now and waits again for the rest. */
    void recheck() {
        List<Waiting> out = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (lock) {
            wake = null;
            List<String> ready = new ArrayList<>();
            for (Map.Entry<String, Held> e : held.entrySet()) {
                Held h = e.getValue();
                if (open(h.subscriptionRi, h.immediate, h.receiverOwner, now)) {
                    ready.add(e.getKey());
                }
            }
            for (String key : ready) {
                out.addAll(release(key, held.get(key)));
            }
            if (!held.isEmpty()) {
                scheduleWake(now);
            }
        }
        send(out);
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        boolean schedulesChanged = false;
        List<Waiting> discarded = new ArrayList<>();
        for (ResourceEvent e : events) {
            Resource r = e.resource();
            if (r.ty() == ResourceTypes.SCH) {
                schedulesChanged = true;
            } else if (r.ty() == ResourceTypes.SUB && e.kind() != ResourceEvent.Kind.CREATED && count.get() > 0) {
                synchronized (lock) {
                    discarded.addAll(pnChanged(r, e.kind() == ResourceEvent.Kind.DELETED));
                }
            }
        }
        for (Waiting w : discarded) {
            w.result.complete(unsent(DeliveryResult.Status.DROPPED, w.job, true));
        }
        if (schedulesChanged && count.get() > 0) {
            // a schedule removed or widened may open a window now: look at once rather than at the next wake
            try {
                timer.execute(this::recheck);
            } catch (RuntimeException ignored) {
                // closed
            }
        }
    }

    /**
     * What a subscription's change does to what it holds (TS-0004 7.4.8.2.3 Recv-6.5 and 7.4.8.2.4): deleted or
     * without {@code pn}, all of it goes; from sendAllPending to sendLatest, all but the newest. Under the lock.
     */
    private List<Waiting> pnChanged(Resource sub, boolean deleted) {
        List<Waiting> out = new ArrayList<>();
        int pn = deleted ? 0 : (int) sub.getLong("pn", 0);
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (!h.subscriptionRi.equals(sub.ri())) {
                continue;
            }
            if (pn != SEND_LATEST && pn != SEND_ALL_PENDING) {
                out.addAll(h.waiting);
                count.addAndGet(-h.waiting.size());
                it.remove();
            } else if (pn == SEND_LATEST) {
                while (h.waiting.size() > 1) {
                    out.add(h.waiting.pollFirst());
                    count.decrementAndGet();
                }
                h.pn = pn;
            } else {
                h.pn = pn;
            }
        }
        return out;
    }

    private static DeliveryResult unsent(DeliveryResult.Status status, NotificationJob job, boolean lead) {
        return new DeliveryResult(status, job.target(), job.subscriptionRi(), null, 0, null, null, lead);
    }

    /** Stops the timer; what is held is cancelled. */
    @Override
    public void close() {
        List<Waiting> out = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (Held h : held.values()) {
                out.addAll(h.waiting);
            }
            held.clear();
            count.set(0);
        }
        timer.shutdownNow();
        for (Waiting w : out) {
            w.result.complete(unsent(DeliveryResult.Status.CANCELLED, w.job, true));
        }
    }
}
