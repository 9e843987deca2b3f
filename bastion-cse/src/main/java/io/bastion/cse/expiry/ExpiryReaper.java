package io.bastion.cse.expiry;

import io.bastion.core.resource.Resource;
import io.bastion.cse.resource.ResourceEvent;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired resources with their subtrees, in the background and in bounded batches. Reads already treat
 * an expired resource (or one below an expired resource) as gone, so the reaper only reclaims storage and sends
 * the delete notifications.
 */
public final class ExpiryReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReaper.class);
    private static final int BATCH = 200;

    private final Function<Integer, List<Resource>> expired;
    private final Function<Resource, List<ResourceEvent>> delete;
    private final Consumer<List<ResourceEvent>> events;
    private final ScheduledExecutorService timer;

    /**
     * @param expired lists up to n resources whose expiry has passed (by the CSE's clock)
     * @param delete deletes one with its subtree and returns the events
     */
    public ExpiryReaper(Function<Integer, List<Resource>> expired, Function<Resource, List<ResourceEvent>> delete,
                        Consumer<List<ResourceEvent>> events) {
        this.expired = expired;
        this.delete = delete;
        this.events = events;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bastion-expiry");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(long periodMillis) {
        timer.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** One pass; returns how many resources were deleted. */
    public int sweep() {
        int n = 0;
        try {
            for (Resource r : expired.apply(BATCH)) {
                events.accept(delete.apply(r));
                n++;
            }
        } catch (RuntimeException e) {
            LOG.error("expiry sweep failed", e);
        }
        return n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
