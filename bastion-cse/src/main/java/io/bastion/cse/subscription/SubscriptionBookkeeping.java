package io.bastion.cse.subscription;

import io.bastion.cse.resource.ResourceLocks;
import io.bastion.store.ResourceStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The single thread that settles what became of the notifications of subscriptions (their {@code exc} and their
 * statistics, {@link NotificationStats}) off the dispatcher's threads, which must never wait for the store. Closing
 * runs what is queued, a pending statistics write included, and then writes what the last results counted.
 */
public final class SubscriptionBookkeeping implements AutoCloseable {
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bastion-subscription-bookkeeping");
        t.setDaemon(true);
        return t;
    });
    private final NotificationStats stats;

    /** @param locks the locks resource writes take, so that writing counts never overwrites a concurrent UPDATE */
    public SubscriptionBookkeeping(ResourceStore store, ResourceLocks locks) {
        this.stats = new NotificationStats(store, locks, thread, NotificationStats.WINDOW);
    }

    /** The thread, for work that must not run on the dispatcher's. */
    public ScheduledExecutorService thread() {
        return thread;
    }

    /** The statistics of subscriptions with {@code nse} true. */
    public NotificationStats stats() {
        return stats;
    }

    /** Runs what is queued, then writes the last counts; the store must still be open. */
    @Override
    public void close() {
        thread.shutdown(); // runs what is queued, a pending statistics write included
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stats.flush(); // what the last results counted; the store is still open
    }
}
