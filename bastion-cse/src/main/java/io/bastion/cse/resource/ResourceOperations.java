package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.primitive.ResultContent;
import io.bastion.core.resource.AttributePolicy;
import io.bastion.core.resource.AttributeList;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.resource.SecretAttributes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.store.PathConflictException;
import io.bastion.store.ResourceStore;
import io.bastion.store.SiblingKeyConflictException;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import io.bastion.core.text.Excerpt;

/**
 * The generic resource procedures of TS-0004 7.2.2.2 (create, retrieve, update, delete), with the type-specific
 * parts delegated to {@link TypeBehaviour}s. Changes to one parent's children are serialized by
 * {@link ResourceLocks} so that counters such as a container's {@code cni} stay exact.
 */
public final class ResourceOperations {
    private final CseConfig config;
    private final ResourceStore store;
    private final Clock clock;
    private final IdGenerator ids;
    private final TypeBehaviours behaviours;
    private final ResourceDeletion deletion;
    private final BiPredicate<RequestContext, Resource> mayRetrieve;
    private final Consumer<List<ResourceEvent>> events;
    private final ResourceLocks locks;
    private final Function<String, Optional<Resource>> resolve;
    private final AnnouncementCheck announcement;

    /**
     * @param deletion deletes a resource with its subtree, after the checks of a DELETE
     * @param mayRetrieve whether the originator of a request may RETRIEVE a resource (the access control's answer,
     *        not audited): a child listing shows only those children
     * @param locks serialize changes by resource ID; shared with the CSE's bookkeeping writes
     * @param resolve the live resource of this CSE an address names, empty when none (for the links an attribute
     *        must make, {@link AttributePolicy#linksTo()})
     * @param announcement what a request may say in {@code at} and {@code aa}: whether this CSE announces
     */
    public ResourceOperations(CseConfig config, ResourceStore store, Clock clock, IdGenerator ids,
                              TypeBehaviours behaviours, ResourceDeletion deletion,
                              BiPredicate<RequestContext, Resource> mayRetrieve, Consumer<List<ResourceEvent>> events,
                              ResourceLocks locks, Function<String, Optional<Resource>> resolve,
                              AnnouncementCheck announcement) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.behaviours = behaviours;
        this.deletion = deletion;
        this.mayRetrieve = mayRetrieve;
        this.events = events;
        this.locks = locks;
        this.resolve = resolve;
        this.announcement = announcement;
    }

    // ---------------------------------------------------------------------------------------------- create

    public Response create(RequestContext x, Resource parent) {
        Request rq = x.request();
        String given = rootOf(rq.pc());
        ResourceType type = ResourceTypes.forContent(rq.ty(), given);
        // A type open to specializations without a descriptor takes the request's root and answers under it.
        String root = type.open() != null && given != null && ResourceTypes.registry().acceptsRoot(type, given)
                ? given : type.rootName();
        ObjectNode attrs = contentOf(rq.pc(), type, root);
        ResourceType parentType = ResourceTypes.of(parent);
        if (!parentType.allowsChild(type)) {
            throw new OneM2MException(ResponseStatusCode.INVALID_CHILD_RESOURCE_TYPE,
                    root + " cannot be created under " + ResourceTypes.rootNameOf(parent));
        }
        AttributeValidator.validateCreate(type, root, attrs);
        announcement.check(root, attrs);
        checkLinks(type, attrs);
        SecretAttributes secrets = takeSecrets(type, attrs, SecretAttributes.NONE);
        Instant now = clock.instant();
        boolean wantsCreator = attrs.has("cr");
        attrs.remove("cr");

        Resource created;
        List<ResourceEvent> evts;
        TypeBehaviour b = behaviours.of(type);
        locks.lock(parent.ri());
        try {
            // Re-read the parent under the lock: a concurrent child create may have changed its counters.
            Resource p = store.get(parent.ri()).orElseThrow(() -> OneM2MException.notFound("parent vanished"));
            if (type.placement().onePer(ResourceTypes.of(p))) {
                refuseSecond(type, p);
            }
            WriteBatch batch = new WriteBatch();
            CreateContext c = new CreateContext(x, p, attrs, batch, now, () -> ids.next(type.shortName()));
            b.beforeCreate(c);
            String ri = c.resourceId();
            String rn = attrs.has("rn") ? attrs.get("rn").asText() : ri;
            if (ResourceTypes.isReservedName(rn)) {
                throw OneM2MException.badRequest("resource name " + rn + " is reserved for a virtual resource");
            }
            Instant et = boundedByParent(expiry(attrs, now), p);
            ObjectNode full = attrs.objectNode();
            full.put("ty", type.ty());
            full.put("ri", ri);
            full.put("rn", rn);
            full.put("pi", p.ri());
            String ts = Timestamps.format(now);
            full.put("ct", ts);
            full.put("lt", ts);
            full.put("et", Timestamps.format(et));
            if (wantsCreator) {
                full.put("cr", c.creator);
            }
            if (type.hasStateTag() && !attrs.has("st")) {
                full.put("st", 0);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!full.has(e.getKey())) {
                    full.set(e.getKey(), e.getValue());
                }
            }
            created = new Resource(ri, p.ri(), type.ty(), p.path() + "/" + rn, full, c.creator, et,
                    type.open() != null ? root : null, secrets);
            batch.create(created);
            try {
                write(batch, created.path());
            } catch (SiblingKeyConflictException e) {
                throw duplicateKey(type, p);
            }
            evts = new ArrayList<>(c.events);
            evts.add(new ResourceEvent(ResourceEvent.Kind.CREATED, created, null, x.originator(), rq.rqi(),
                    secrets.names()));
        } finally {
            locks.unlock(parent.ri());
        }
        b.afterCreate(x, created);
        events.accept(evts);
        JsonNode body = switch (ResultContent.of(rq)) {
            case NOTHING -> null;
            case HIERARCHICAL_ADDRESS -> Representation.address(created);
            case HIERARCHICAL_ADDRESS_AND_ATTRIBUTES -> Representation.addressAndAttributes(created);
            default -> Representation.of(created);
        };
        return Response.of(ResponseStatusCode.CREATED, body).withLocation(created.path());
    }

    /**
     * 4105 for a second child with the same value of its type's sibling key (TS-0004 7.4.39.2.1: a timeSeriesInstance
     * whose dgt equals another's of the same timeSeries). The type's behaviour checks first under the parent's lock;
     * the store's unique index refuses whatever comes past that.
     */
    public static OneM2MException duplicateKey(ResourceType type, Resource parent) {
        return new OneM2MException(ResponseStatusCode.CONFLICT, "the " + ResourceTypes.of(parent).name()
                + " already has a " + type.name() + " with this " + type.siblingKey());
    }

    private Instant expiry(ObjectNode attrs, Instant now) {
        return config.expiryOf(attrs.has("et") ? attrs.get("et").asText() : null, now);
    }

    /** A child never outlives its parent (TS-0004 7.3.3.3): its expirationTime is cut to the parent's. */
    private static Instant boundedByParent(Instant et, Resource parent) {
        return parent != null && parent.expiry() != null && et.isAfter(parent.expiry()) ? parent.expiry() : et;
    }

    private void write(WriteBatch batch, String path) {
        try {
            store.write(batch);
        } catch (PathConflictException e) {
            throw new OneM2MException(ResponseStatusCode.CONFLICT, "a resource named " + path + " already exists");
        }
    }

    /**
     * A parent holds at most one resource of {@code type} (TS-0001 table 9.6.18-1 multiplicity 0..1): a second is 4105
     * CONFLICT, as for a name already taken, since the texts name no code for it.
     */
    private void refuseSecond(ResourceType type, Resource parent) {
        for (Resource sibling : store.children(parent.ri(), type.ty())) {
            if (ResourceTypes.of(sibling) == type && !sibling.isExpired(clock.instant())) {
                throw new OneM2MException(ResponseStatusCode.CONFLICT, parentName(parent) + " already has a "
                        + type.name() + " (" + type.rootName() + "), and may have only one");
            }
        }
    }

    private static String parentName(Resource parent) {
        return "the " + ResourceTypes.of(parent).name() + " " + parent.path();
    }

    /**
     * The attributes that must name an existing resource of a type ({@link AttributePolicy#linksTo()}, an AE's
     * {@code nl} a {@code <node>}): 4000 naming the attribute when the address names none, another type, or a
     * resource of another CSE.
     */
    private void checkLinks(ResourceType type, ObjectNode attrs) {
        for (AttributePolicy p : type.attributes().values()) {
            JsonNode v = p.linksTo() == null ? null : attrs.get(p.sn());
            if (v == null || v.isNull()) {
                continue;
            }
            Optional<Resource> target = resolve.apply(v.asText());
            if (target.isEmpty() || target.get().ty() != p.linksTo()) {
                String wanted = ResourceTypes.byTy(p.linksTo()).map(ResourceType::name).orElse("resource");
                throw OneM2MException.badRequest("attribute " + type.rootName() + "." + p.sn() + " must name an "
                        + "existing <" + wanted + "> of this CSE");
            }
        }
    }

    /**
     * Moves the type's secret attributes ({@link AttributePolicy#secret()}) out of {@code attrs} into the secrets that
     * {@code current} holds: a value sets one, null removes it. From here on only the store sees them.
     */
    private static SecretAttributes takeSecrets(ResourceType type, ObjectNode attrs, SecretAttributes current) {
        SecretAttributes out = current;
        for (String sn : type.secretAttributes()) {
            JsonNode v = attrs.remove(sn);
            if (v != null) {
                out = out.with(sn, v.isNull() ? null : v.asText());
            }
        }
        return out;
    }

    /** The names of the secret attributes a request writes (sets or removes), before they are taken out. */
    private static Set<String> secretNames(ResourceType type, ObjectNode attrs) {
        Set<String> names = new HashSet<>();
        for (String sn : type.secretAttributes()) {
            if (attrs.has(sn)) {
                names.add(sn);
            }
        }
        return names;
    }

    /** The root element name of a request's content, or null when it is not an object with one member. */
    private static String rootOf(JsonNode pc) {
        return pc != null && pc.isObject() && pc.size() == 1 ? pc.fieldNames().next() : null;
    }

    /**
     * The object under the expected root name, e.g. the value of {@code m2m:cnt}; a mismatch is 4000.
     *
     * @param root the root the content must have: the type's, or for an open type the specialization's (on CREATE
     *        the request's when the type accepts it, on UPDATE the stored resource's)
     */
    static ObjectNode contentOf(JsonNode pc, ResourceType type, String root) {
        if (pc == null || pc.isNull()) {
            throw OneM2MException.badRequest("missing content: expected {\"" + root + "\": {...}}");
        }
        if (!pc.isObject() || pc.size() != 1) {
            throw OneM2MException.badRequest("content must be one object {\"" + root + "\": {...}}");
        }
        String given = pc.fieldNames().next();
        // The type's own root or another it accepts (a TS-0022 object's m2m: form); an open type's resource only
        // under the root it was created with.
        JsonNode inner = given.equals(root) || (type.open() == null && type.acceptsRoot(given)) ? pc.get(given) : null;
        if (inner == null) {
            throw OneM2MException.badRequest("content root " + Excerpt.of(given) + (type.open() != null
                    ? root.equals(type.rootName())
                            ? " cannot name a " + type.name() + " specialization: it must read prefix:name"
                                    + " and not be the root of another resource type"
                            : " does not match the " + type.name() + "'s root " + root
                    : " does not match resource type " + (ResourceTypes.registry().allOf(type.ty()).size() > 1
                            ? type.ty() + " (" + given + " is not one of its specializations this CSE implements)"
                            : root)));
        }
        if (!inner.isObject()) {
            throw OneM2MException.badRequest(root + " must be an object");
        }
        // The content tree was parsed for this request alone, so it can be used without a copy.
        return (ObjectNode) inner;
    }

    // -------------------------------------------------------------------------------------------- retrieve

    public Response retrieve(RequestContext x, Resource r) {
        ResultContent rcn = ResultContent.of(x.request());
        if (rcn == ResultContent.ATTRIBUTES) {
            // A partial RETRIEVE names its attributes (TS-0004 7.3.3.6 case 1); without content this is a null check.
            AttributeList atrl = AttributeList.of(x.request().pc());
            return Response.of(ResponseStatusCode.OK, atrl == null ? Representation.of(r)
                    : atrl.select(ResourceTypes.of(r), ResourceTypes.rootNameOf(r), r));
        }
        ResultPage<Resource> page = visibleChildren(x, r);
        List<Resource> children = page.items();
        JsonNode body = switch (rcn) {
            case ATTRIBUTES_AND_CHILD_RESOURCES -> Representation.withChildren(r, children, true);
            case ATTRIBUTES_AND_CHILD_RESOURCE_REFERENCES -> Representation.withChildReferences(r, children);
            case CHILD_RESOURCE_REFERENCES -> Representation.childReferences(children);
            case CHILD_RESOURCES -> Representation.withChildren(r, children, false);
            default -> throw OneM2MException.badRequest("result content " + rcn.code()
                    + " is not valid for RETRIEVE");
        };
        return page.complete(Response.of(ResponseStatusCode.OK, body));
    }

    /** The children the originator may retrieve, in creation order, after {@code ofst}, up to {@code lim}. */
    private ResultPage<Resource> visibleChildren(RequestContext x, Resource r) {
        ResultPage<Resource> page = ResultPage.of(x.request().fc(), config.limits().retrieveMaxChildren());
        if (!page.wantsAny()) {
            return page;
        }
        Instant now = clock.instant();
        for (Resource c : store.children(r.ri(), null)) {
            if (!c.isExpired(now) && mayRetrieve.test(x, c) && !page.offer(c)) {
                break;
            }
        }
        return page;
    }

    // ---------------------------------------------------------------------------------------------- update

    public Response update(RequestContext x, Resource target) {
        ResourceType type = ResourceTypes.of(target);
        TypeBehaviour b = behaviours.of(type);
        if (!type.updatable()) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    type.rootName() + " cannot be updated");
        }
        String root = ResourceTypes.rootNameOf(target);
        ObjectNode changes = contentOf(x.request().pc(), type, root);
        AttributeValidator.validateUpdate(type, root, changes);
        announcement.check(root, changes);
        checkLinks(type, changes);
        Set<String> secretsWritten = secretNames(type, changes);
        Resource updated;
        Resource before;
        List<ResourceEvent> evts = new ArrayList<>();
        locks.lock(target.ri());
        try {
            Resource current = store.get(target.ri()).orElseThrow(() -> OneM2MException.notFound("resource vanished"));
            before = current;
            Instant now = clock.instant();
            SecretAttributes secrets = takeSecrets(type, changes, current.secrets());
            ObjectNode merged = current.attrsCopy();
            Instant et = current.expiry();
            for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    merged.remove(e.getKey());
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            }
            if (changes.has("et")) {
                et = changes.get("et").isNull() ? now.plus(config.defaultExpiry()) : expiry(changes, now);
                Resource parent = current.pi() == null ? null : parentOf(x, current);
                et = boundedByParent(et, parent);
                merged.put("et", Timestamps.format(et));
            }
            merged.put("lt", Timestamps.format(now));
            if (merged.has("st")) {
                merged.put("st", merged.get("st").asLong() + 1);
            }
            AttributeValidator.checkCustomBounds(type, root, merged);
            UpdateContext u = new UpdateContext(x, current, changes, merged, new WriteBatch(), now, ids::next);
            b.beforeUpdate(u);
            WriteBatch batch = u.batch;
            evts.addAll(u.events);
            updated = current.withAttrs(merged, et).withSecrets(secrets);
            batch.put(updated);
            write(batch, updated.path());
        } finally {
            locks.unlock(target.ri());
        }
        b.afterUpdate(x, updated);
        evts.add(new ResourceEvent(ResourceEvent.Kind.UPDATED, updated, changes, x.originator(), x.request().rqi(),
                secretsWritten, before));
        events.accept(evts);
        JsonNode body = switch (ResultContent.of(x.request())) {
            case NOTHING -> null;
            case MODIFIED_ATTRIBUTES -> modifiedOnly(root, updated, changes);
            default -> Representation.of(updated);
        };
        return Response.of(ResponseStatusCode.UPDATED, body);
    }

    private static ObjectNode modifiedOnly(String root, Resource updated, ObjectNode changes) {
        ObjectNode m = changes.objectNode();
        changes.fieldNames().forEachRemaining(n -> m.set(n, updated.attrs().has(n) ? updated.get(n) : null));
        ObjectNode body = changes.objectNode();
        body.set(root, m);
        return body;
    }

    // ---------------------------------------------------------------------------------------------- delete

    public Response delete(RequestContext x, Resource target) {
        ResourceType type = ResourceTypes.of(target);
        if (!type.deletable()) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, type.rootName() + " cannot be deleted");
        }
        List<ResourceEvent> evts = deletion.delete(x, target);
        behaviours.of(type).afterDelete(x, target);
        events.accept(evts);
        return Response.of(ResponseStatusCode.DELETED,
                ResultContent.of(x.request()) == ResultContent.ATTRIBUTES ? Representation.of(target) : null);
    }

    /** The parent of a resource: as the request's target carries it when it is on the target's chain, else read. */
    private Resource parentOf(RequestContext x, Resource r) {
        Target t = x.target();
        return (t == null ? Optional.<Resource>empty() : t.parentOf(r))
                .or(() -> store.get(r.pi())).orElse(null);
    }
}
