package io.bastion.bindings.coap;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.KeyMID;
import org.eclipse.californium.core.network.deduplication.Deduplicator;

/**
 * The CoAP doors' message deduplication (RFC 7252 4.5) with memory bounded three ways: an exchange is remembered for
 * {@code lifetime}, at most {@code perPeer} of one peer's most recent ones, and at most {@code total} in all (the
 * oldest go first). Californium's own deduplicators bound only the time (247 s by default, at several thousand
 * requests per second hundreds of thousands of exchanges of about 3 KB each, which filled a 512 MB heap in 15–20 s)
 * or time and peer (many source addresses, which plain UDP makes cheap, still fill the heap).
 *
 * <p>Within those bounds deduplication is exact: a retransmitted confirmable request gets the remembered exchange's
 * response again and is not executed a second time. The price of the bounds: a peer that sends more than
 * {@code perPeer} newer messages before retransmitting one (far beyond RFC 7252's NSTART = 1), or a door receiving more
 * than {@code total} messages within a retransmission window, may see a late retransmission executed again.
 *
 * <p>Lookups are lock-free; adding takes one short lock to keep the arrival order for eviction.
 */
final class BoundedDeduplicator implements Deduplicator {
    /** How often remembered exchanges past their lifetime are released while no new message arrives. */
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

    private final long lifetimeNanos;
    private final int perPeer;
    private final int total;
    private final ConcurrentHashMap<KeyMID, Entry> entries = new ConcurrentHashMap<>();
    /** Every added entry in arrival order, some already evicted (skipped when reached); guarded by this. */
    private final ArrayDeque<Entry> arrivals = new ArrayDeque<>();
    /** Each peer's live entries in arrival order; guarded by this. */
    private final Map<Object, ArrayDeque<Entry>> byPeer = new HashMap<>();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> sweeper;

    BoundedDeduplicator(Duration lifetime, int perPeer, int total) {
        if (lifetime.isNegative() || lifetime.isZero() || perPeer < 1 || total < perPeer) {
            throw new IllegalArgumentException("deduplication needs a lifetime > 0 and 1 <= perPeer <= total");
        }
        this.lifetimeNanos = lifetime.toNanos();
        this.perPeer = perPeer;
        this.total = total;
    }

    /**
     * One remembered exchange. Once evicted or replaced it is no longer live and lets go of its exchange at once,
     * though {@link #arrivals} may still hold the entry itself for a while.
     */
    private static final class Entry {
        final KeyMID key;
        final long arrived;
        volatile Exchange exchange;
        boolean live = true; // guarded by the deduplicator

        Entry(KeyMID key, Exchange exchange, long arrived) {
            this.key = key;
            this.exchange = exchange;
            this.arrived = arrived;
        }
    }

    @Override
    public Exchange findPrevious(KeyMID key, Exchange exchange) {
        Entry added = new Entry(key, exchange, System.nanoTime());
        while (true) {
            Entry previous = entries.putIfAbsent(key, added);
            if (previous == null) {
                remember(added);
                return null;
            }
            Exchange found = previous.exchange;
            if (found != null) {
                return found;
            }
            entries.remove(key, previous); // evicted while we looked: try again
        }
    }

    @Override
    public boolean replacePrevious(KeyMID key, Exchange previous, Exchange exchange) {
        Entry old = entries.get(key);
        if (old == null || old.exchange != previous) {
            return false;
        }
        Entry added = new Entry(key, exchange, System.nanoTime());
        if (!entries.replace(key, old, added)) {
            return false;
        }
        synchronized (this) {
            if (old.live) {
                ArrayDeque<Entry> peer = byPeer.get(key.getPeer());
                if (peer != null) {
                    peer.remove(old);
                }
                old.live = false;
                old.exchange = null;
            }
        }
        remember(added);
        return true;
    }

    @Override
    public Exchange find(KeyMID key) {
        Entry e = entries.get(key);
        return e == null ? null : e.exchange;
    }

    /** Records the arrival of a newly added entry, then evicts what is beyond the bounds. */
    private synchronized void remember(Entry added) {
        if (entries.get(added.key) != added) {
            return; // replaced or cleared meanwhile
        }
        arrivals.addLast(added);
        ArrayDeque<Entry> peer = byPeer.computeIfAbsent(added.key.getPeer(), p -> new ArrayDeque<>());
        peer.addLast(added);
        while (peer.size() > perPeer) {
            evict(peer.pollFirst());
        }
        expire(added.arrived);
        if (arrivals.size() > 2 * total) {
            arrivals.removeIf(e -> !e.live); // a busy peer's evictions: at most once per total additions
        }
    }

    /** Drops entries past their lifetime and, oldest first, those beyond the total. Caller holds the lock. */
    private void expire(long now) {
        Entry head;
        while ((head = arrivals.peekFirst()) != null
                && (!head.live || entries.size() > total || now - head.arrived > lifetimeNanos)) {
            arrivals.pollFirst();
            if (head.live) {
                ArrayDeque<Entry> peer = byPeer.get(head.key.getPeer());
                if (peer != null) {
                    peer.remove(head); // the head of the peer's queue too: both are in arrival order
                    if (peer.isEmpty()) {
                        byPeer.remove(head.key.getPeer());
                    }
                }
                evict(head);
            }
        }
    }

    /** Forgets an entry found in a peer's queue (its place in {@link #arrivals} is skipped later). */
    private void evict(Entry e) {
        e.live = false;
        e.exchange = null;
        entries.remove(e.key, e);
    }

    private synchronized void sweep() {
        expire(System.nanoTime());
    }

    @Override
    public synchronized void setExecutor(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public synchronized void start() {
        if (sweeper == null && executor != null) {
            long every = SWEEP_INTERVAL.toMillis();
            sweeper = executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        clear();
    }

    @Override
    public synchronized void clear() {
        entries.clear();
        arrivals.clear();
        byPeer.clear();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public int size() {
        return entries.size();
    }
}
