package io.bastion.cse.timeseries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * A timeSeries' {@code mdlt} and {@code mdc} (TS-0001 9.6.36, 10.2.4.29): the expected times of missing points, the
 * newest first; once {@code mdc} would exceed {@code mdn} the oldest entry goes and {@code mdc} stays at {@code mdn}.
 * Without {@code mdn} the list keeps at most {@link #LOCAL_MAX} entries (local policy: the texts set no bound, and a
 * resource must stay bounded).
 */
final class MissingDataList {
    static final int LOCAL_MAX = 1000;

    private MissingDataList() {
    }

    /** Adds the points (oldest first) to the attributes' {@code mdlt} and sets {@code mdc}. */
    static void add(ObjectNode attrs, List<Instant> points) {
        long cap = Math.min(attrs.path("mdn").asLong(LOCAL_MAX), LOCAL_MAX);
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (int i = points.size() - 1; i >= 0 && list.size() < cap; i--) {
            list.add(Timestamps.format(points.get(i)));
        }
        JsonNode old = attrs.get("mdlt");
        if (old != null && old.isArray()) {
            for (JsonNode e : old) {
                if (list.size() >= cap) {
                    break;
                }
                list.add(e);
            }
        }
        attrs.set("mdlt", list);
        attrs.put("mdc", list.size());
    }

    /** Clears {@code mdlt} and {@code mdc} (detection restarted, or its parameters changed while paused). */
    static void clear(ObjectNode attrs) {
        attrs.remove("mdlt");
        attrs.put("mdc", 0);
    }

    /** The newest entry of {@code mdlt}, or null. */
    static Instant newest(JsonNode attrs) {
        JsonNode l = attrs.get("mdlt");
        return l != null && l.isArray() && !l.isEmpty() ? Timestamps.parse(l.get(0).asText(), "mdlt") : null;
    }
}
