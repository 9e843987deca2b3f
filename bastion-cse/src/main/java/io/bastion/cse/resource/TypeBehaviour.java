package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.security.acp.AccessDecision;
import io.bastion.store.WriteBatch;
import java.util.List;

/**
 * The behaviour that is truly specific to one resource type, beside its descriptor ({@link #type()}), which holds what
 * is data (attribute policies, children, virtual children, which operations a request may perform); the generic
 * procedures of {@link ResourceOperations} and the execute stage call these hooks. Each hook refuses by throwing
 * {@code OneM2MException}. A type without specific behaviour needs no class: {@link TypeBehaviours} answers for it
 * with hooks that do nothing.
 */
public interface TypeBehaviour {

    /** The descriptor of the type (of the specialization, for a type number that has several). */
    ResourceType type();

    /**
     * Refuses a request on a resource of this type before the generic procedure runs (e.g. the instances of a
     * container whose {@code disr} is true are neither retrieved nor deleted); not called for a virtual child.
     *
     * @param t the resolved target: the resource with its ancestors
     */
    default void beforeRequest(RequestContext x, Target t) {
    }

    /**
     * Answers a request to one of the type's virtual children ({@link ResourceType#virtualChildren()}), addressed by
     * {@code t}: the resolver only accepts those the descriptor declares.
     *
     * @param generic the generic procedures, e.g. to retrieve the instance {@code la} stands for
     */
    default Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        throw new IllegalStateException(type().rootName() + " has no virtual child " + t.virtual().rn());
    }

    /**
     * Who may use one of the type's virtual children that decides its own access
     * ({@link io.bastion.core.resource.VirtualChild#ownAccess()}, a subscription's {@code ntsr}), instead of the
     * policies of the resource it belongs to; the authorize stage audits the decision and refuses with 4103 when it
     * denies, and {@code explain} shows it. Pure: it neither audits nor refuses itself.
     */
    default AccessDecision virtualChildAccess(RequestContext x, Target t) {
        return AccessDecision.deny(type().rootName() + " decides no access to a virtual child " + t.virtual().rn());
    }

    /**
     * Answers an UPDATE of a resource of this type instead of the generic procedure, or returns null to let the generic
     * procedure run: a procedure bound to the resource (TS-0003 7.5.1: "An UPDATE operation on these resources will
     * trigger the bound procedures", the decision, policy and information points of {@code io.bastion.cse.pdp}).
     * Called after the request was authorized and {@link #beforeRequest}.
     */
    default Response onUpdate(RequestContext x, Target t) {
        return null;
    }

    /** Checks and completes a new resource's attributes; may add writes (e.g. to the parent) to the batch. */
    default void beforeCreate(CreateContext c) {
    }

    /** Called after the create committed, e.g. to start deliveries. */
    default void afterCreate(RequestContext x, Resource created) {
    }

    /**
     * Checks an update and completes the merged attributes; may add writes and their events. By default the
     * narrower hook below, which most types need.
     */
    default void beforeUpdate(UpdateContext u) {
        beforeUpdate(u.request, u.current, u.changes, u.merged, u.batch);
    }

    /**
     * Checks an update and completes the merged attributes.
     *
     * @param current the stored resource
     * @param changes the attributes the request gives (nulls remove)
     * @param merged the attributes after the change, to be completed
     */
    default void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                              WriteBatch batch) {
    }

    /** Called after an update by a request committed, e.g. to audit the change. */
    default void afterUpdate(RequestContext x, Resource updated) {
    }

    /** Called after a delete by a request committed (not after a deletion by expiry), e.g. to audit it. */
    default void afterDelete(RequestContext x, Resource deleted) {
    }

    /** Adds the writes a delete implies beyond the subtree (e.g. the parent container's counters). */
    default void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
    }

    /**
     * Adds the writes and events that the removal of {@code r} implies beyond the subtree when it goes with a deleted
     * ancestor (a crossResourceSubscription's subscriptions on its targets elsewhere); nothing by default, since
     * most such writes (a parent's counters) concern resources deleted as well.
     */
    default void beforeRemovalWithAncestor(RequestContext x, Resource r, WriteBatch batch,
                                           List<ResourceEvent> events) {
    }
}
