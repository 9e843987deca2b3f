package io.bastion.cse.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Builds the NOTIFY request primitives this CSE sends (TS-0004 7.5.1): event notifications, subscription
 * verification requests and subscription deletion notifications, each carrying an {@code m2m:sgn}
 * (notification, table 6.3.5.13-1), and the {@code m2m:agn} (aggregatedNotification, table 6.3.5.12-1) of a batch.
 */
public final class Notifications {
    /** Root member of a single notification: {@code notification} is a global element, short name {@code sgn}. */
    public static final String SGN = "m2m:sgn";
    /** Root member of a batch. Its {@code notification} children refer to the global element, so keep the prefix. */
    public static final String AGN = "m2m:agn";
    /** Global element of {@code rep} for {@code nct=3} ({@code m2m:URI}, short name {@code uri}, TS-0004 6.3.5.62). */
    public static final String URI = "m2m:uri";
    /** Root member of a response primitive sent as a notification's content ({@code m2m:responsePrimitive}). */
    public static final String RSP = "m2m:rsp";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String cseId;
    private final String rvi;
    private final Supplier<String> requestIds;

    /**
     * @param cseId this CSE's ID, the {@code fr} of every NOTIFY
     * @param rvi the release version indicator to send
     * @param requestIds source of unique request identifiers
     */
    public Notifications(String cseId, String rvi, Supplier<String> requestIds) {
        this.cseId = Objects.requireNonNull(cseId, "cseId");
        this.rvi = rvi;
        this.requestIds = Objects.requireNonNull(requestIds, "requestIds");
    }

    /** A builder whose request IDs are {@code ntfy-<start time>-<counter>}: unique within and across runs. */
    public static Notifications of(String cseId, String rvi) {
        String prefix = "ntfy-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        AtomicLong counter = new AtomicLong();
        return new Notifications(cseId, rvi, () -> prefix + counter.incrementAndGet());
    }

    /**
     * The {@code sur} of a subscription's notifications: its resource ID in the unstructured SP-relative form
     * {@code /<cse-id>/<ri>}. TS-0004 7.5.1.2.4 b) asks for "the resource identifier of the &lt;subscription&gt;
     * resource"; the SP-relative form (TS-0001 7.2) stays unambiguous at a receiver outside this CSE, and it does
     * not change when a parent is renamed or reveal the resource tree.
     */
    public String subscriptionReference(String subscriptionRi) {
        return cseId + "/" + Objects.requireNonNull(subscriptionRi, "subscriptionRi");
    }

    /** {@code {"m2m:sgn":{"nev":{"rep":…,"net":…},"sur":…,"cr":…}}} for one subscription event (TS-0004 7.5.1.2.2). */
    public Request event(String to, NotificationEvent event) {
        ObjectNode nev = JSON.objectNode();
        JsonNode rep = representation(event);
        if (rep != null) {
            nev.set("rep", rep);
        }
        nev.put("net", event.type().code());
        ObjectNode sgn = JSON.objectNode();
        sgn.set("nev", nev);
        sgn.put("sur", event.subscriptionRef());
        if (event.creator() != null) {
            sgn.put("cr", event.creator());
        }
        return notify(to, sgn).ec(event.eventCategory()).build();
    }

    /**
     * {@code {"m2m:sgn":{"vrq":true,"sur":…,"cr":…}}}: the verification request of a subscription CREATE (TS-0004
     * 7.5.1.2.3), with {@code cr} the originator of that CREATE.
     */
    public Request verification(String to, String subscriptionRef, String creator) {
        ObjectNode sgn = JSON.objectNode();
        sgn.put("vrq", true);
        sgn.put("sur", Objects.requireNonNull(subscriptionRef, "subscriptionRef"));
        sgn.put("cr", Objects.requireNonNull(creator, "creator"));
        return notify(to, sgn).build();
    }

    /**
     * {@code {"m2m:sgn":{"sud":true,"sur":…,"cr":…}}}: tells the subscriber its subscription is gone (TS-0004
     * 7.5.1.2.4). {@code cr} is the subscription's creator attribute, carried as in its event notifications
     * (TS-0004 table 6.3.5.13-1); null when the subscription has none.
     */
    public Request deletion(String to, String subscriptionRef, String creator) {
        ObjectNode sgn = JSON.objectNode();
        sgn.put("sud", true);
        sgn.put("sur", Objects.requireNonNull(subscriptionRef, "subscriptionRef"));
        if (creator != null) {
            sgn.put("cr", creator);
        }
        return notify(to, sgn).build();
    }

    /**
     * {@code {"m2m:rsp":{…}}}: the result of a nonBlockingRequestAsynch request (TS-0004 7.5.1.2.5 d), the response
     * primitive's elements by short name.
     */
    public Request result(String to, ObjectNode rsp) {
        ObjectNode pc = JSON.objectNode();
        pc.set(RSP, Objects.requireNonNull(rsp, "rsp"));
        return Request.builder(Operation.NOTIFY, Objects.requireNonNull(to, "to"))
                .fr(cseId)
                .rqi(requestIds.get())
                .rvi(rvi)
                .pc(pc)
                .build();
    }

    /**
     * {@code {"m2m:sgn":{"sur":…,"cr":…}}}: a cross-resource notification (TS-0004 7.5.1.2.18: "Set the
     * subscriptionReference element to the URI of the &lt;crossResourceSubscription&gt; resource"; the clause gives it
     * no other element), with the crossResourceSubscription's {@code cr} when it has one and its {@code nec} as the
     * event category.
     */
    public Request crossResource(String to, String crossResourceRef, String creator, String eventCategory) {
        ObjectNode sgn = JSON.objectNode();
        sgn.put("sur", Objects.requireNonNull(crossResourceRef, "crossResourceRef"));
        if (creator != null) {
            sgn.put("cr", creator);
        }
        return notify(to, sgn).ec(eventCategory).build();
    }

    /**
     * {@code {"m2m:sgn":{"sur":…,"ntt":…,"trr":true}}}: tells a subscription's creator that the notification target
     * {@code target} asks to be removed from it (TS-0004 7.4.33.2.4, table 6.3.5.13-1 notificationTarget and
     * targetRemovalRequest).
     */
    public Request targetRemoval(String to, String subscriptionRef, String target) {
        ObjectNode sgn = JSON.objectNode();
        sgn.put("sur", Objects.requireNonNull(subscriptionRef, "subscriptionRef"));
        sgn.put("ntt", Objects.requireNonNull(target, "target"));
        sgn.put("trr", true);
        return notify(to, sgn).build();
    }

    private Request.Builder notify(String to, ObjectNode sgn) {
        ObjectNode pc = JSON.objectNode();
        pc.set(SGN, sgn);
        return Request.builder(Operation.NOTIFY, Objects.requireNonNull(to, "to"))
                .fr(cseId)
                .rqi(requestIds.get())
                .rvi(rvi)
                .pc(pc);
    }

    /**
     * The {@code rep} of an event per its content type (TS-0004 table 6.3.5.62-1), or null when there is nothing to
     * represent. All and modified attributes keep the resource's root name; a resource ID is an {@code m2m:uri}.
     */
    public static JsonNode representation(NotificationEvent event) {
        JsonNode resource = event.resource();
        return switch (event.contentType()) {
            case ALL_ATTRIBUTES -> resource == null ? null : resource.deepCopy();
            case MODIFIED_ATTRIBUTES -> resource == null ? null : modifiedOnly(resource, event);
            case RESOURCE_ID -> {
                String id = event.resourceId() != null ? event.resourceId() : innerRi(resource);
                if (id == null) {
                    throw new IllegalArgumentException("nct=3 needs a resource ID or a resource with ri");
                }
                ObjectNode uri = JSON.objectNode();
                uri.put(URI, id);
                yield uri;
            }
            // The caller hands over the ready m2m:tgp / m2m:tsn object for these two.
            case TRIGGER_PAYLOAD, TIME_SERIES_NOTIFICATION -> resource == null ? null : resource.deepCopy();
        };
    }

    private static JsonNode modifiedOnly(JsonNode resource, NotificationEvent event) {
        if (event.modifiedAttributes() == null) {
            // Nothing says what changed (e.g. a create): every attribute is new.
            return resource.deepCopy();
        }
        Map.Entry<String, JsonNode> root = rootOf(resource);
        ObjectNode partial = JSON.objectNode();
        for (String name : event.modifiedAttributes().stream().sorted().toList()) {
            JsonNode v = root.getValue().get(name);
            // An attribute the update deleted is absent from the new representation: report it as null.
            partial.set(name, v == null ? NullNode.getInstance() : v.deepCopy());
        }
        ObjectNode out = JSON.objectNode();
        out.set(root.getKey(), partial);
        return out;
    }

    private static String innerRi(JsonNode resource) {
        if (resource == null || !resource.isObject() || resource.size() != 1) {
            return null;
        }
        JsonNode ri = rootOf(resource).getValue().get("ri");
        return ri == null || ri.isNull() ? null : ri.asText();
    }

    private static Map.Entry<String, JsonNode> rootOf(JsonNode resource) {
        Iterator<Map.Entry<String, JsonNode>> it = resource.properties().iterator();
        if (!resource.isObject() || resource.size() != 1 || !it.hasNext()) {
            throw new IllegalArgumentException("a resource representation has exactly one root member, e.g. m2m:cin");
        }
        Map.Entry<String, JsonNode> root = it.next();
        if (!root.getValue().isObject()) {
            throw new IllegalArgumentException("the root member " + root.getKey() + " is not an object");
        }
        return root;
    }

    /** True when the content is a single {@code m2m:sgn}: the only kind a batch may aggregate. */
    public static boolean isSingleNotification(JsonNode pc) {
        return pc != null && pc.isObject() && pc.size() == 1 && pc.path(SGN).isObject();
    }

    /**
     * One NOTIFY carrying {@code {"m2m:agn":{"m2m:sgn":[…]}}} with the notifications of {@code parts} in order.
     * Parameters (to, fr, rvi, ec, rqi) come from the newest part: its rqi was never sent on its own. Aggregated
     * parts are flattened, since aggregated notifications are not nested (TS-0004 7.5.1.2.6).
     */
    public static Request aggregate(List<Request> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to aggregate");
        }
        ArrayNode list = JSON.arrayNode();
        for (Request part : parts) {
            JsonNode pc = part.pc();
            if (isSingleNotification(pc)) {
                list.add(pc.get(SGN));
            } else if (pc != null && pc.path(AGN).path(SGN).isArray()) {
                pc.get(AGN).get(SGN).forEach(list::add);
            } else {
                throw new IllegalArgumentException("not a notification: " + part.rqi());
            }
        }
        ObjectNode agn = JSON.objectNode();
        agn.set(SGN, list);
        ObjectNode pc = JSON.objectNode();
        pc.set(AGN, agn);
        return parts.get(parts.size() - 1).toBuilder().pc(pc).build();
    }
}
