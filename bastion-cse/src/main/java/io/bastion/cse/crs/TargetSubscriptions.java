package io.bastion.cse.crs;

import io.bastion.cse.resource.UniversalAttributes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.IdGenerator;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.subscription.SubscriptionBehaviour;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code <subscription>}s behind a crossResourceSubscription, written in the same transaction as the
 * crossResourceSubscription itself (TS-0001 10.2.10.22, TS-0004 7.4.58.2.1 Recv-6.5): for each regular target
 * ({@code rrat}) a new subscription under it, owned by the originator, with the entry of {@code encs} for it,
 * {@code nu} and {@code acrs} naming the crossResourceSubscription, its {@code nec} and expirationTime; each
 * subscription target ({@code srat}) joined by adding the crossResourceSubscription to its {@code nu} and {@code acrs}.
 * The checks are those the target host would make of the originator: RETRIEVE on each regular target (4103, the check
 * TS-0001 names), CREATE of a subscription under it and RETRIEVE and UPDATE of each subscription target (5221
 * CROSS_RESOURCE_OPERATION_FAILURE, the code TS-0004 gives when such a step fails); each decision is audited and can be
 * explained. Only resources of this CSE can be targets.
 */
final class TargetSubscriptions {
    /** At most this many targets, regular and subscription targets together. */
    static final int MAX_TARGETS = 32;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final TargetResolver resolver;
    private final AccessControl access;
    private final IdGenerator ids;

    TargetSubscriptions(TargetResolver resolver, AccessControl access, IdGenerator ids) {
        this.resolver = resolver;
        this.access = access;
        this.ids = ids;
    }

    /**
     * Adds to {@code c}'s batch a subscription under each regular target and the joining of each subscription target,
     * and sets {@code rrats}.
     *
     * @param self the crossResourceSubscription's resource identifier as its subscriptions name it ({@code /cse-id/ri})
     * @param et the crossResourceSubscription's expirationTime
     */
    void create(CreateContext c, String self, Instant et) {
        List<String> rrat = list(c.attrs, "rrat");
        List<String> srat = list(c.attrs, "srat");
        if (rrat.isEmpty() && srat.isEmpty()) {
            throw OneM2MException.badRequest("a crossResourceSubscription needs regularResourcesAsTarget (rrat) or "
                    + "subscriptionResourcesAsTarget (srat), with at least one entry (TS-0004 7.4.58.2.1)");
        }
        if (rrat.size() + srat.size() > MAX_TARGETS) {
            throw OneM2MException.badRequest("rrat and srat name more than " + MAX_TARGETS + " targets together");
        }
        List<JsonNode> criteria = criteria(c.attrs, rrat.size());
        Set<String> seen = new HashSet<>();
        ArrayNode rrats = JSON.arrayNode();
        for (int i = 0; i < rrat.size(); i++) {
            String where = "rrat[" + i + "]";
            Resource target = regularTarget(c, rrat.get(i), where);
            if (!seen.add(target.ri())) {
                throw OneM2MException.badRequest(where + " names a target listed before");
            }
            Resource sub = subscriptionUnder(c, target, criteria.get(criteria.size() == 1 ? 0 : i),
                    criteria.size() == 1 ? "encs.encn[0]" : "encs.encn[" + i + "]", self, et, where);
            c.batch.create(sub);
            c.events.add(new ResourceEvent(ResourceEvent.Kind.CREATED, sub, null, c.request.originator()));
            rrats.add(self.substring(0, self.lastIndexOf('/') + 1) + sub.ri());
        }
        for (int i = 0; i < srat.size(); i++) {
            String where = "srat[" + i + "]";
            Resource sub = subscriptionTarget(c, srat.get(i), where);
            if (!seen.add(sub.ri())) {
                throw OneM2MException.badRequest(where + " names a target listed before");
            }
            Resource joined = joined(sub, self, where);
            c.batch.put(joined);
            c.events.add(new ResourceEvent(ResourceEvent.Kind.UPDATED, joined, null, c.request.originator()));
        }
        if (!rrat.isEmpty()) {
            c.attrs.set("rrats", rrats);
        }
    }

    /**
     * {@code encs}: {@code {"encn": [...]}}, one entry for every regular target or one for all (TS-0004 7.4.58.2.1
     * Recv-6.5 c i, table 6.3.5.66-1); needed when there are regular targets.
     */
    private static List<JsonNode> criteria(ObjectNode attrs, int regular) {
        JsonNode encs = attrs.get("encs");
        if (regular == 0) {
            return List.of();
        }
        if (encs == null) {
            throw OneM2MException.badRequest("eventNotificationCriteriaSet (encs) is needed with "
                    + "regularResourcesAsTarget (rrat) (TS-0004 7.4.58.2.1)");
        }
        JsonNode encn = encs.get("encn");
        if (encs.size() != 1 || encn == null || !encn.isArray() || encn.isEmpty()) {
            throw OneM2MException.badRequest("eventNotificationCriteriaSet (encs) must be {\"encn\": [...]} with one "
                    + "or more eventNotificationCriteria (TS-0004 table 6.3.5.66-1)");
        }
        if (encn.size() != 1 && encn.size() != regular) {
            throw OneM2MException.badRequest("eventNotificationCriteriaSet (encs) must hold one eventNotificationCriteria"
                    + " for all regular targets or one for each of the " + regular + " (it holds " + encn.size() + ")");
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < encn.size(); i++) {
            if (!encn.get(i).isObject()) {
                throw OneM2MException.badRequest("encs.encn[" + i + "] must be an eventNotificationCriteria object");
            }
            out.add(encn.get(i));
        }
        return out;
    }

    /** A regular target: a subscribable resource of this CSE the originator may RETRIEVE. */
    private Resource regularTarget(CreateContext c, String address, String where) {
        Resource target = resolver.resource(address).orElseThrow(() -> OneM2MException.badRequest(where + " "
                + Excerpt.of(address) + " names no resource of this CSE"));
        ResourceType type = ResourceTypes.of(target);
        if (!type.allowsChild(ResourceTypes.SUB)) {
            throw OneM2MException.badRequest(where + " names a " + type.name() + ", which cannot be subscribed to");
        }
        access.require(c.request, target, Operation.RETRIEVE, "the regular target " + where + " (needed to "
                + "subscribe to it)");
        try {
            access.authorize(c.request, target, Operation.CREATE, ResourceTypes.SUB);
        } catch (OneM2MException e) {
            throw failure(where, "the <subscription> under it cannot be created: " + e.getMessage());
        }
        return target;
    }

    /** The new subscription under a regular target, checked as a subscription CREATE would check it. */
    private Resource subscriptionUnder(CreateContext c, Resource target, JsonNode enc, String encWhere, String self,
                                       Instant et, String where) {
        ObjectNode a = JSON.objectNode();
        a.set("enc", enc.deepCopy());
        a.set("nu", JSON.arrayNode().add(self));
        if (c.attrs.has("nec")) {
            a.set("nec", c.attrs.get("nec"));
        }
        try {
            SubscriptionBehaviour.checkAndComplete(() -> target, a);
        } catch (OneM2MException e) {
            if (e.status() != ResponseStatusCode.BAD_REQUEST) {
                throw e;
            }
            throw OneM2MException.badRequest(encWhere + " for " + where + ": " + e.getMessage());
        }
        a.set("acrs", JSON.arrayNode().add(self));
        String ri = ids.next("sub");
        Instant subEt = target.expiry() != null && target.expiry().isBefore(et) ? target.expiry() : et;
        UniversalAttributes.put(a, ResourceTypes.SUB, ri, ri, target.ri(), c.now, subEt);
        return new Resource(ri, target.ri(), ResourceTypes.SUB, target.path() + "/" + ri, a, c.request.originator(),
                subEt);
    }

    /** A subscription target: a subscription of this CSE the originator may RETRIEVE and UPDATE. */
    private Resource subscriptionTarget(CreateContext c, String address, String where) {
        Resource sub = resolver.resource(address).orElseThrow(() -> OneM2MException.badRequest(where + " "
                + Excerpt.of(address) + " names no resource of this CSE"));
        if (sub.ty() != ResourceTypes.SUB) {
            throw OneM2MException.badRequest(where + " names a " + ResourceTypes.of(sub).name()
                    + ", not a <subscription>");
        }
        access.require(c.request, sub, Operation.RETRIEVE, "the subscription target " + where);
        try {
            access.authorize(c.request, sub, Operation.UPDATE, null);
        } catch (OneM2MException e) {
            throw failure(where, "the <subscription> cannot be updated: " + e.getMessage());
        }
        return sub;
    }

    /** A subscription target with the crossResourceSubscription added to its {@code nu} and {@code acrs}. */
    private static Resource joined(Resource sub, String self, String where) {
        ObjectNode a = sub.attrsCopy();
        ArrayNode nu = a.withArray("nu");
        if (nu.size() >= SubscriptionBehaviour.MAX_NU) {
            throw failure(where, "the <subscription> already has " + SubscriptionBehaviour.MAX_NU + " notification targets");
        }
        nu.add(self);
        a.withArray("acrs").add(self);
        return sub.withAttrs(a, sub.expiry());
    }

    /**
     * The writes that undo {@link #create} when the crossResourceSubscription {@code crs} is deleted (TS-0004
     * 7.4.58.2.4 c, d): its subscriptions deleted, and it removed from the {@code nu} and {@code acrs} of each
     * subscription target; failures are ignored (one already gone is skipped). The deleted subscriptions are reported
     * without their {@code acrs}, so that they do not tell the crossResourceSubscription being deleted.
     */
    void delete(Resource crs, String self, java.util.function.Function<String, java.util.Optional<Resource>> read,
                WriteBatch batch, List<ResourceEvent> events, String originator) {
        for (String ref : crs.getList("rrats")) {
            read.apply(ref).filter(s -> s.ty() == ResourceTypes.SUB && s.getList("acrs").contains(self))
                    .ifPresent(sub -> {
                        batch.delete(sub);
                        ObjectNode a = sub.attrsCopy();
                        a.remove("acrs");
                        events.add(new ResourceEvent(ResourceEvent.Kind.DELETED, sub.withAttrs(a, sub.expiry()),
                                null, originator));
                    });
        }
        for (String ref : crs.getList("srat")) {
            read.apply(ref).filter(s -> s.ty() == ResourceTypes.SUB && s.getList("acrs").contains(self))
                    .ifPresent(sub -> {
                        Resource left = left(sub, self);
                        batch.put(left);
                        events.add(new ResourceEvent(ResourceEvent.Kind.UPDATED, left, null, originator));
                    });
        }
    }

    /**
     * A subscription target without the crossResourceSubscription in {@code acrs} and {@code nu}; its last
     * notification target is kept (a subscription has at least one), to no effect: the crossResourceSubscription is
     * gone and notifications for it are counted undeliverable.
     */
    private static Resource left(Resource sub, String self) {
        ObjectNode a = sub.attrsCopy();
        ArrayNode acrs = JSON.arrayNode();
        sub.getList("acrs").stream().filter(e -> !e.equals(self)).forEach(acrs::add);
        if (acrs.isEmpty()) {
            a.remove("acrs");
        } else {
            a.set("acrs", acrs);
        }
        List<String> nu = sub.getList("nu").stream().filter(e -> !e.equals(self)).toList();
        if (!nu.isEmpty()) {
            ArrayNode kept = JSON.arrayNode();
            nu.forEach(kept::add);
            a.set("nu", kept);
        }
        return sub.withAttrs(a, sub.expiry());
    }

    private static OneM2MException failure(String where, String why) {
        return new OneM2MException(ResponseStatusCode.CROSS_RESOURCE_OPERATION_FAILURE, where + ": " + why);
    }

    private static List<String> list(ObjectNode attrs, String sn) {
        JsonNode v = attrs.get(sn);
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return out;
    }
}
