package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.notification.BatchPolicy;
import io.bastion.cse.notification.NotificationContentType;
import io.bastion.cse.notification.NotificationEventType;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.security.acp.AccessDecision;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code <subscription>} (TS-0004 7.4.8.2.1): checks the subscriber may RETRIEVE the subscribed-to resource, validates
 * {@code enc}, {@code nct} (against the event types, TS-0001 table 9.6.8-4, filling its default) and {@code bn} on
 * create and update, and has each new notification target checked before the subscription exists or changes
 * ({@link NotificationTargetCheck}: a URL target verified, a local one by the subscriber's NOTIFY privilege). It keeps
 * {@code nsi} in line with {@code nse} and {@code nu} ({@link NotificationStatsInfo}).
 */
public final class SubscriptionBehaviour implements TypeBehaviour {
    /**
     * Event types this CSE raises: update, delete, create of child, delete of child, and missing data points of a
     * timeSeries.
     */
    static final Set<Integer> SUPPORTED_NET = Set.of(1, 2, 3, 4, 8);
    private static final Set<Integer> SUPPORTED_NCT = Set.of(1, 2, 3, 5);
    /** The most notification targets one subscription may have. */
    public static final int MAX_NU = 32;

    private final ResourceStore store;
    private final AccessControl access;
    private final NotificationTargetCheck targets;
    private final NotificationStats stats;
    private final SelfReference selfReference;

    /** @param selfReference what the subscription's ntsr does (the notification target removal) */
    public SubscriptionBehaviour(ResourceStore store, AccessControl access, NotificationTargetCheck targets,
                                 NotificationStats stats, SelfReference selfReference) {
        this.store = store;
        this.access = access;
        this.targets = targets;
        this.stats = stats;
        this.selfReference = selfReference;
    }

    /**
     * Who may use {@code ntsr}: its privileges are fixed by the system (TS-0001 9.6.1.3), a notification target of the
     * subscription may DELETE it. Other operations pass here and are refused with 4005 by {@link #onVirtualChild}
     * (TS-0004 7.4.33.2.1 to 7.4.33.2.3 refuse them on receipt, whoever asks).
     */
    @Override
    public AccessDecision virtualChildAccess(RequestContext x, Target t) {
        if (x.request().op() != Operation.DELETE) {
            return AccessDecision.byDefault("ntsr", "only DELETE is served on ntsr (TS-0004 7.4.33.2)");
        }
        return selfReference.access(x, t.resource());
    }

    /** A DELETE of {@code ntsr} removes the originator as its policy says; anything else is 4005. */
    @Override
    public Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        if (x.request().op() != Operation.DELETE) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "notificationTargetSelfReference "
                    + "(ntsr) answers DELETE only (TS-0004 7.4.33.2)");
        }
        return selfReference.remove(x, t.resource());
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.SUB);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        RequestContext x = c.request;
        access.require(x, c.parent, Operation.RETRIEVE, "the subscribed-to resource (needed to subscribe to it)");
        checkAndComplete(() -> c.parent, c.attrs);
        String su = c.attrs.path("su").asText("");
        if (NotificationTargets.isUrl(su)) {
            NotificationTargetCheck.url(su); // the deletion notice goes there in the serialization it asks for
        }
        targets.check(x, c.attrs.get("nu"), c.resourceId());
        NotificationStatsInfo.created(c.attrs);
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        // The subscribed-to resource is the parent the request's target carries; read only when not on its chain.
        checkAndComplete(() -> (x.target() == null ? Optional.<Resource>empty() : x.target().parentOf(current))
                .or(() -> store.get(current.pi())).orElseThrow(
                () -> OneM2MException.notFound("the subscribed-to resource no longer exists")), merged);
        if (changes.has("nu")) {
            targets.check(x, changes.get("nu"), current.ri());
        }
        // Under the subscription's lock: the counts not written yet go into this write.
        NotificationStatsInfo.updated(current.attrs(), merged, stats.drain(current.ri()));
    }

    /**
     * Checks a subscription's attributes as they will be stored (after a create, or an update merged in) and fills
     * the default {@code nct}. {@code subscribedTo} is asked for only when {@code enc.chty} needs it. Also for the
     * subscriptions a crossResourceSubscription makes on its targets.
     */
    public static void checkAndComplete(Supplier<Resource> subscribedTo, ObjectNode attrs) {
        checkNotificationUris(attrs.get("nu"));
        JsonNode enc = attrs.get("enc");
        if (enc != null) {
            for (Iterator<String> it = enc.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("net") && !f.equals("chty") && !f.equals("md")) {
                    throw OneM2MException.badRequest("eventNotificationCriteria member enc." + f
                            + " is not supported by this CSE");
                }
            }
            checkIntList(enc.get("net"), "enc.net", SUPPORTED_NET);
        }
        List<NotificationEventType> nets = eventTypes(enc);
        JsonNode chty = enc == null ? null : enc.get("chty");
        if (chty != null) {
            checkIntList(chty, "enc.chty", null);
            // TS-0001 table 9.6.8-3: childResourceType "is only applicable when notificationEventType has a value
            // of" creation or deletion of a direct child
            if (nets.stream().noneMatch(NotificationEventType::isChildEvent)) {
                throw OneM2MException.badRequest("enc.chty applies only to child events: enc.net must include 3 "
                        + "(create of direct child) or 4 (delete of direct child)");
            }
            // TS-0004 7.4.8.2.1 and 7.4.8.2.3: a child type the subscribed-to resource cannot have is refused
            ResourceType parentType = ResourceTypes.of(subscribedTo.get());
            for (JsonNode t : chty) {
                if (!parentType.allowsChild(t.asInt())) {
                    throw OneM2MException.badRequest("enc.chty " + t.asInt()
                            + " is not a child type of the subscribed-to resource");
                }
            }
        }
        checkMissingData(subscribedTo, enc, nets);
        if (!attrs.has("nct")) {
            attrs.put("nct", defaultContentType(nets).code());
        }
        if (!(attrs.get("nct").canConvertToInt() && SUPPORTED_NCT.contains(attrs.get("nct").asInt()))) {
            throw OneM2MException.badRequest("notificationContentType (nct) must be 1, 2, 3 or 5");
        }
        NotificationContentType nct = NotificationContentType.fromCode(attrs.get("nct").asInt());
        for (NotificationEventType net : nets) {
            if (!net.allows(nct)) {
                throw OneM2MException.badRequest("notificationContentType (nct) " + nct.code()
                        + " is not allowed with notificationEventType (net) " + net.code()
                        + " (TS-0001 table 9.6.8-4)");
            }
        }
        if (attrs.has("bn")) {
            BatchPolicy.fromJson(attrs.get("bn"), Duration.ofSeconds(1)); // 4000 naming the member when malformed
        }
    }

    /**
     * A {@code notificationURI} as it will be stored: at least one non-blank entry, at most {@link #MAX_NU} (of a
     * subscription or a crossResourceSubscription).
     */
    public static void checkNotificationUris(JsonNode nu) {
        if (nu == null || nu.isNull() || nu.isEmpty()) {
            throw OneM2MException.badRequest("notificationURI (nu) must name at least one target");
        }
        if (nu.size() > MAX_NU) {
            throw OneM2MException.badRequest("notificationURI (nu) has more than " + MAX_NU + " targets");
        }
        for (JsonNode n : nu) {
            if (n.asText().isBlank()) {
                throw OneM2MException.badRequest("notificationURI (nu) contains an empty target");
            }
        }
    }

    /**
     * The missing-data event (net 8) and its condition {@code md} go together, on a {@code <timeSeries>} only
     * (TS-0004 6.3.5.40: "The condition only applies to subscribed-to resources of type <timeSeries>"; 7.4.8.2.1:
     * net 8 without md is 4000). The Originator-side note of 7.4.8.2.1 that a {@code dur} longer than the timeSeries'
     * {@code pei} generates no notification is not applied: TS-0001 10.2.4.29 has no such rule.
     */
    private static void checkMissingData(Supplier<Resource> subscribedTo, JsonNode enc,
                                         List<NotificationEventType> nets) {
        boolean missingEvent = nets.contains(NotificationEventType.REPORT_ON_MISSING_DATA_POINTS);
        JsonNode md = enc == null ? null : enc.get("md");
        if (!missingEvent && md == null) {
            return;
        }
        if (subscribedTo.get().ty() != ResourceTypes.TS) {
            throw OneM2MException.badRequest("enc.md and enc.net 8 (missing data points) apply only to a "
                    + "<timeSeries>");
        }
        if (md == null) {
            throw OneM2MException.badRequest("enc.net 8 (missing data points) needs the condition enc.md");
        }
        if (!missingEvent) {
            throw OneM2MException.badRequest("enc.md applies only with enc.net 8 (missing data points)");
        }
        MissingDataCondition.of(md);
    }

    /**
     * The {@code nct} of a subscription that gives none: the default of TS-0001 table 9.6.8-4 for its first event type
     * (TS-0004 7.4.8.2.1 Recv-6.5; nct has multiplicity 1, so it is stored and represented).
     */
    static NotificationContentType defaultContentType(List<NotificationEventType> nets) {
        return nets.get(0).defaultContentType();
    }

    /** The event types of {@code enc.net}; without it, "update of resource" (TS-0004 7.5.1.2.2 step 1.0). */
    static List<NotificationEventType> eventTypes(JsonNode enc) {
        JsonNode net = enc == null ? null : enc.get("net");
        if (net == null || net.isEmpty()) {
            return List.of(NotificationEventType.UPDATE_OF_RESOURCE);
        }
        List<NotificationEventType> out = new ArrayList<>(net.size());
        net.forEach(n -> out.add(NotificationEventType.fromCode(n.asInt())));
        return out;
    }

    private static void checkIntList(JsonNode list, String where, Set<Integer> allowed) {
        if (list == null) {
            return;
        }
        if (!list.isArray() || list.isEmpty()) {
            throw OneM2MException.badRequest(where + " must be a non-empty list of integers");
        }
        for (JsonNode v : list) {
            if (!v.isIntegralNumber() || !v.canConvertToInt() || (allowed != null && !allowed.contains(v.asInt()))) {
                throw OneM2MException.badRequest(where + " value " + v + " is not supported; supported: "
                        + (allowed == null ? "resource types" : allowed));
            }
        }
    }
}
