package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rules for a subscription's {@code notificationStatsEnable} ({@code nse}) and {@code notificationStatsInfo}
 * ({@code nsi}, a list of {@code m2m:notificationStatsInfo}: {@code tg} target, {@code rqs} requestsSent,
 * {@code rsr} responsesReceived), Release 4 attributes of {@code <subscription>} whose TS-0004 text is not available
 * here (only the short names of TS-0004 V4.8.0). What this CSE does, from those names and the known semantics:
 * <ul>
 *   <li>{@code nse} true collects, false (or absent) does not; {@code nse} is not stored unless given;</li>
 *   <li>collecting from the start (CREATE with {@code nse} true) or again (an UPDATE from false or absent to true)
 *       starts {@code nsi} afresh: one entry per distinct {@code nu} entry, as given, with zero counts; an UPDATE
 *       that sets {@code nse} true while it is true changes nothing (not confirmed against the text: another CSE
 *       resets then too);</li>
 *   <li>stopping keeps the last values; while collecting, an UPDATE of {@code nu} keeps the counts of the targets
 *       that stay, drops those of targets removed and adds new targets with zero counts.</li>
 * </ul>
 * What the counts mean and when they are written: {@link NotificationStats}.
 */
public final class NotificationStatsInfo {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NotificationStatsInfo() {
    }

    /** Counts to add to one target's entry. */
    public record Tally(long requests, long responses) {
        public Tally plus(Tally o) {
            return new Tally(requests + o.requests, responses + o.responses);
        }
    }

    /** Whether a subscription's attributes ask for statistics ({@code nse} true). */
    public static boolean enabled(JsonNode attrs) {
        JsonNode nse = attrs == null ? null : attrs.get("nse");
        return nse != null && nse.isBoolean() && nse.booleanValue();
    }

    /** CREATE: a subscription that collects from the start gets an {@code nsi} of zero counts. */
    public static void created(ObjectNode attrs) {
        if (enabled(attrs)) {
            attrs.set("nsi", follow(null, attrs.get("nu")));
        }
    }

    /**
     * UPDATE: {@code merged} (the stored attributes with the changes in) gets the {@code nsi} the change leads to,
     * with {@code pending} (counts not yet written, by target) added first unless the statistics restart.
     */
    public static void updated(JsonNode current, ObjectNode merged, Map<String, Tally> pending) {
        boolean was = enabled(current);
        boolean is = enabled(merged);
        if (is && !was) {
            merged.set("nsi", follow(null, merged.get("nu"))); // collecting again: afresh
            return;
        }
        JsonNode nsi = merged.get("nsi");
        if (nsi != null && !pending.isEmpty()) {
            nsi = counted(nsi, current.get("nu"), pending);
        }
        if (is) {
            nsi = follow(nsi, merged.get("nu"));
        }
        if (nsi != null) {
            merged.set("nsi", nsi);
        }
    }

    /**
     * {@code nsi} with {@code tallies} added to the entries of their targets; a target without an entry gets one when
     * it is an entry of {@code nu}, otherwise (removed from {@code nu} since) its counts are dropped. A missing
     * {@code nsi} starts from zero counts for {@code nu}.
     */
    public static ArrayNode counted(JsonNode nsi, JsonNode nu, Map<String, Tally> tallies) {
        Map<String, ObjectNode> entries = entries(nsi == null ? follow(null, nu) : nsi);
        Set<String> targets = targets(nu);
        for (Map.Entry<String, Tally> t : tallies.entrySet()) {
            ObjectNode e = entries.get(t.getKey());
            if (e == null && targets.contains(t.getKey())) {
                e = entry(t.getKey());
                entries.put(t.getKey(), e);
            }
            if (e != null) {
                e.put("rqs", e.path("rqs").asLong() + t.getValue().requests());
                e.put("rsr", e.path("rsr").asLong() + t.getValue().responses());
            }
        }
        ArrayNode out = F.arrayNode();
        entries.values().forEach(out::add);
        return out;
    }

    /** One entry per distinct {@code nu} entry, in its order: the counts of {@code nsi} where it has them, else 0. */
    static ArrayNode follow(JsonNode nsi, JsonNode nu) {
        Map<String, ObjectNode> kept = entries(nsi);
        ArrayNode out = F.arrayNode();
        for (String tg : targets(nu)) {
            ObjectNode e = kept.get(tg);
            out.add(e == null ? entry(tg) : e);
        }
        return out;
    }

    private static ObjectNode entry(String tg) {
        ObjectNode e = F.objectNode();
        e.put("tg", tg);
        e.put("rqs", 0L);
        e.put("rsr", 0L);
        return e;
    }

    /** The entries of {@code nsi} by target, as copies. */
    private static Map<String, ObjectNode> entries(JsonNode nsi) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        if (nsi != null && nsi.isArray()) {
            for (JsonNode e : nsi) {
                if (e.isObject() && e.path("tg").isTextual()) {
                    out.putIfAbsent(e.get("tg").asText(), ((ObjectNode) e).deepCopy());
                }
            }
        }
        return out;
    }

    private static Set<String> targets(JsonNode nu) {
        Set<String> out = new LinkedHashSet<>();
        if (nu != null && nu.isArray()) {
            nu.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
