package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import io.bastion.store.WriteBatch;
import java.util.List;

/**
 * The behaviour that is truly specific to one resource type; the generic procedures of
 * {@link ResourceOperations} call these hooks. Each hook refuses by throwing {@code OneM2MException}.
 */
public interface TypeBehaviour {

    int ty();

    /** Checks and completes a new resource's attributes; may add writes (e.g. to the parent) to the batch. */
    default void beforeCreate(CreateContext c) {
    }

    /** Called after the create committed, e.g. to start deliveries. */
    default void afterCreate(RequestContext x, Resource created) {
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

    /** Adds the writes a delete implies beyond the subtree (e.g. the parent container's counters). */
    default void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
    }

    /** Whether an UPDATE of this type is allowed at all (contentInstance and CSEBase have none): 4005 otherwise. */
    default boolean updatable() {
        return true;
    }

    /** Whether a DELETE of this type is allowed at all (the CSEBase has none): 4005 otherwise. */
    default boolean deletable() {
        return true;
    }
}
