package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a type's update hook may read and change: the stored resource, the request's changes, the attributes after
 * them, and extra writes and events (a flexContainer's new instance and the instances it pushes out).
 */
public final class UpdateContext {
    public final RequestContext request;
    /** The stored resource, read under its lock. */
    public final Resource current;
    /** The attributes the request gives (nulls remove). */
    public final ObjectNode changes;
    /** The attributes after the change, to be completed. */
    public final ObjectNode merged;
    public final WriteBatch batch;
    public final Instant now;
    /** Events of the extra writes, reported with the update's own after the commit. */
    public final List<ResourceEvent> events = new ArrayList<>();
    private final UnaryOperator<String> newId;

    /** @param newId makes a resource ID with the given prefix (a type's short name) for a resource the hook adds */
    public UpdateContext(RequestContext request, Resource current, ObjectNode changes, ObjectNode merged,
                         WriteBatch batch, Instant now, UnaryOperator<String> newId) {
        this.request = request;
        this.current = current;
        this.changes = changes;
        this.merged = merged;
        this.batch = batch;
        this.now = now;
        this.newId = newId;
    }

    /** A new resource ID with the prefix {@code shortName}, for a resource the hook creates. */
    public String newId(String shortName) {
        return newId.apply(shortName);
    }
}
