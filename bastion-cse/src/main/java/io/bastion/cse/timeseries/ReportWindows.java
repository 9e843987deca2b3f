package io.bastion.cse.timeseries;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.subscription.MissingDataCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reporting windows of missing-data subscriptions (TS-0001 10.2.4.29, TS-0004 7.5.1.2.9): the first missing point
 * after a subscription starts opens a window of {@code md.dur} at its detection time and counts; when the count reaches
 * {@code md.num} within the window a report goes out, then one for each further point until the window ends; the
 * count starts again at the next point after it. A report's {@code mdlt} holds the points since the subscription's
 * last report, its {@code mdc} the count of the window. Windows live in memory: a restart, an update of the
 * subscription and its deletion start it afresh (TS-0001 table 9.6.8-3: updating {@code md} restarts them).
 */
final class ReportWindows {
    private final Map<String, Window> bySubscription = new ConcurrentHashMap<>();

    private static final class Window {
        final Instant end;
        long count;
        final List<Instant> unreported = new ArrayList<>();

        Window(Instant end) {
            this.end = end;
        }
    }

    /**
     * One missing point, detected at {@code detectedAt}, for a subscription with condition {@code md}: the
     * {@code m2m:tsn} to send, or null when no report is due.
     */
    ObjectNode missing(String subRi, MissingDataCondition md, Instant point, Instant detectedAt) {
        Window w = bySubscription.compute(subRi, (k, old) ->
                old == null || !detectedAt.isBefore(old.end) ? new Window(detectedAt.plus(md.dur())) : old);
        synchronized (w) {
            w.count++;
            w.unreported.add(point);
            if (w.count < md.num()) {
                return null;
            }
            ObjectNode tsn = JsonNodeFactory.instance.objectNode();
            ArrayNode mdlt = tsn.putArray("mdlt");
            for (int i = w.unreported.size() - 1; i >= 0; i--) {
                mdlt.add(Timestamps.format(w.unreported.get(i))); // newest first, as the timeSeries' own mdlt
            }
            tsn.put("mdc", w.count);
            w.unreported.clear();
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.set("m2m:tsn", tsn);
            return root;
        }
    }

    /** The subscription changed or is gone: its window, if any, ends. */
    void forget(String subRi) {
        bySubscription.remove(subRi);
    }

    int size() {
        return bySubscription.size();
    }
}
