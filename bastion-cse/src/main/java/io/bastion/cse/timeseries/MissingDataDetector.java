package io.bastion.cse.timeseries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.AbsRelTimestamp;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.cse.subscription.MissingDataCondition;
import io.bastion.cse.subscription.SubscriptionService;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects the missing data points of every timeSeries with {@code mdd} true, {@code pei} and {@code mdt}
 * (TS-0001 10.2.4.29, TS-0004 7.4.38.2.1): one timer thread for the whole CSE and one scheduled task per timeSeries
 * being monitored, due at its next detection time. At that time the task asks the store whether an instance's
 * {@code dgt} lies within the expected range (an index range look-up), adds the missing points to {@code mdlt} and
 * {@code mdc} (written as bookkeeping: {@code lt} unchanged, no update notification) and reports them to the
 * timeSeries' missing-data subscriptions ({@link ReportWindows}).
 *
 * <p>Monitoring starts at the first instance created (its {@code dgt} is the anchor of the expected times). When it
 * starts on a timeSeries that already has instances (the CSE starts, or {@code mdd} turns true again) the anchor is the
 * {@code dgt} of the latest instance, which lies on the same grid within {@code peid}, and the expected times checked
 * are those after the newest entry of {@code mdlt} and that anchor: a restart neither repeats a reported point nor
 * skips one whose detection time passed while the CSE was down (at most {@link MissingDataList#LOCAL_MAX} of them
 * are checked, the latest). Only absolute {@code dgt}s count: a relative one has no time to compare with.
 */
public final class MissingDataDetector implements Consumer<List<ResourceEvent>>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MissingDataDetector.class);
    /** The most expected times one task checks; older ones (after a long stop) cannot change mdlt. */
    private static final int CATCH_UP_MAX = MissingDataList.LOCAL_MAX;

    private final ResourceStore store;
    private final ResourceLocks locks;
    private final Clock clock;
    private final SubscriptionService subscriptions;
    private final ReportWindows windows = new ReportWindows();
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, Monitor> monitors = new ConcurrentHashMap<>();

    /** The monitoring of one timeSeries: waiting for its first instance (no grid yet), or due at {@code next}. */
    private static final class Monitor {
        DetectionGrid grid;
        long next;
        ScheduledFuture<?> task;
        boolean stopped;
    }

    /** @param locks the locks of resource writes: a detection step holds the timeSeries' as its instance creates do */
    public MissingDataDetector(ResourceStore store, ResourceLocks locks, Clock clock,
                               SubscriptionService subscriptions) {
        this.store = store;
        this.locks = locks;
        this.clock = clock;
        this.subscriptions = subscriptions;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bastion-missing-data");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Resumes the monitoring of every stored timeSeries with {@code mdd} true (at start-up). */
    public void resume(String cseBaseName) {
        List<Resource> found = new ArrayList<>();
        store.discover(new DiscoveryQuery(cseBaseName, null, List.of(ResourceTypes.TS), null, null, null, null, null,
                null, null, null), r -> {
                    if (monitored(r)) {
                        found.add(r);
                    }
                    return true;
                });
        found.forEach(this::begin);
        if (!found.isEmpty()) {
            LOG.info("missing-data detection resumed for {} timeSeries", found.size());
        }
    }

    /** How many timeSeries are monitored (waiting for a first instance or scheduled). */
    public int monitored() {
        return monitors.size();
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            Resource r = e.resource();
            switch (r.ty()) {
                case ResourceTypes.TSI -> {
                    if (e.kind() == ResourceEvent.Kind.CREATED) {
                        Monitor m = monitors.get(r.pi());
                        if (m != null) {
                            anchorOn(r.pi(), m, r);
                        }
                    }
                }
                case ResourceTypes.TS -> timeSeriesChanged(e);
                case ResourceTypes.SUB -> {
                    if (e.kind() != ResourceEvent.Kind.CREATED) {
                        windows.forget(r.ri());
                    }
                }
                default -> {
                }
            }
        }
    }

    private void timeSeriesChanged(ResourceEvent e) {
        Resource ts = e.resource();
        switch (e.kind()) {
            case CREATED -> {
                if (monitored(ts)) {
                    begin(ts);
                }
            }
            case UPDATED -> {
                if (!monitored(ts)) {
                    stop(ts.ri());
                } else if (e.modified() != null && e.modified().has("mdd") || !monitors.containsKey(ts.ri())) {
                    stop(ts.ri()); // mdd set to true again: restart (TS-0004 7.4.38.2.3)
                    begin(ts);
                }
            }
            case DELETED -> stop(ts.ri()); // TS-0004 7.4.38.2.4: its timers end
        }
    }

    private static boolean monitored(Resource ts) {
        return ts.get("mdd") != null && ts.get("mdd").asBoolean() && ts.get("pei") != null && ts.get("mdt") != null;
    }

    private void begin(Resource ts) {
        Monitor m = new Monitor();
        Monitor old = monitors.put(ts.ri(), m);
        if (old != null) {
            cancel(old);
        }
        Instant anchor = store.latestChild(ts.ri(), ResourceTypes.TSI).map(MissingDataDetector::absoluteDgt)
                .orElse(null);
        if (anchor == null) {
            return; // waits for its first instance
        }
        synchronized (m) {
            m.grid = DetectionGrid.of(ts, anchor);
            Instant newest = MissingDataList.newest(ts.attrs());
            m.next = m.grid.firstAfter(newest != null && newest.isAfter(anchor) ? newest : anchor);
            schedule(ts.ri(), m);
        }
    }

    private void anchorOn(String tsRi, Monitor m, Resource instance) {
        Instant anchor = absoluteDgt(instance);
        synchronized (m) {
            if (m.grid != null || m.stopped || anchor == null) {
                return;
            }
            Resource ts = store.get(tsRi).orElse(null);
            if (ts == null || !monitored(ts)) {
                return;
            }
            m.grid = DetectionGrid.of(ts, anchor);
            m.next = 1;
            schedule(tsRi, m);
        }
    }

    private static Instant absoluteDgt(Resource instance) {
        JsonNode dgt = instance.get("dgt");
        if (dgt == null) {
            return null;
        }
        AbsRelTimestamp t = AbsRelTimestamp.of(dgt, "dgt");
        return t.isAbsolute() ? t.instant() : null;
    }

    private void schedule(String tsRi, Monitor m) {
        synchronized (m) {
            if (m.stopped || timer.isShutdown()) {
                return;
            }
            long delay = Duration.between(clock.instant(), m.grid.detectionTime(m.next)).toMillis();
            m.task = timer.schedule(() -> step(tsRi, m), Math.max(0, delay), TimeUnit.MILLISECONDS);
        }
    }

    private void stop(String tsRi) {
        Monitor m = monitors.remove(tsRi);
        if (m != null) {
            cancel(m);
        }
    }

    private static void cancel(Monitor m) {
        synchronized (m) {
            m.stopped = true;
            if (m.task != null) {
                m.task.cancel(false);
            }
        }
    }

    /** One detection step of a timeSeries: every expected time now due, then the next one scheduled. */
    private void step(String tsRi, Monitor m) {
        try {
            Resource ts;
            List<Instant> missing = new ArrayList<>();
            DetectionGrid grid;
            locks.lock(tsRi);
            try {
                ts = store.get(tsRi).orElse(null);
                synchronized (m) {
                    if (m.stopped) {
                        return;
                    }
                    if (ts == null || !monitored(ts)) {
                        monitors.remove(tsRi, m);
                        m.stopped = true;
                        return;
                    }
                    grid = m.grid;
                    long last = grid.lastDue(clock.instant());
                    if (last - m.next >= CATCH_UP_MAX) {
                        m.next = last - CATCH_UP_MAX + 1;
                    }
                    for (long n = m.next; n <= last; n++) {
                        if (!store.hasChildKeyBetween(tsRi, grid.lowKey(n), grid.highKey(n))) {
                            missing.add(grid.expected(n));
                        }
                    }
                    m.next = Math.max(m.next, last + 1);
                }
                if (!missing.isEmpty()) {
                    ObjectNode a = ts.attrsCopy();
                    MissingDataList.add(a, missing);
                    ts = ts.withAttrs(a, ts.expiry());
                    store.write(new WriteBatch().amend(ts)); // never revives a timeSeries deleted meanwhile
                }
            } finally {
                locks.unlock(tsRi);
            }
            report(ts, missing, grid.mdt());
        } catch (RuntimeException e) {
            LOG.warn("missing-data detection of {} failed, tried again in one periodicInterval: {}", tsRi,
                    e.toString());
            synchronized (m) {
                if (!m.stopped && !timer.isShutdown()) {
                    m.task = timer.schedule(() -> step(tsRi, m), m.grid.pei().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            return;
        }
        schedule(tsRi, m);
    }

    /** Each missing point to each missing-data subscription of the timeSeries, through its window. */
    private void report(Resource ts, List<Instant> missing, Duration mdt) {
        if (missing.isEmpty()) {
            return;
        }
        for (Resource sub : subscriptions.subscriptionsOf(ts.ri())) {
            JsonNode md = sub.get("enc") == null ? null : sub.get("enc").get("md");
            if (md == null) {
                continue;
            }
            MissingDataCondition condition;
            try {
                condition = MissingDataCondition.of(md);
            } catch (RuntimeException e) {
                continue; // stored before its checks: never reported, never failing the others
            }
            for (Instant point : missing) {
                ObjectNode tsn = windows.missing(sub.ri(), condition, point, point.plus(mdt));
                if (tsn != null) {
                    subscriptions.sendMissingData(sub, ts, tsn);
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
