package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What a type's create hook may read and change: the new attributes, its IDs, and extra writes and events. */
public final class CreateContext {
    public final RequestContext request;
    public final Resource parent;
    public final ObjectNode attrs;
    public final WriteBatch batch;
    public final Instant now;
    public final List<ResourceEvent> events = new ArrayList<>();
    /** Resource ID to use; a hook may set it (an AE's ri is its AE-ID-Stem). */
    public String ri;
    /** The creator recorded for the default access rule. */
    public String creator;
    private final Supplier<String> newId;

    /** @param newId makes a resource ID for the new resource when no hook chooses one */
    public CreateContext(RequestContext request, Resource parent, ObjectNode attrs, WriteBatch batch, Instant now,
                         Supplier<String> newId) {
        this.request = request;
        this.parent = parent;
        this.attrs = attrs;
        this.batch = batch;
        this.now = now;
        this.creator = request.originator();
        this.newId = newId;
    }

    /**
     * The new resource's ID: the one a hook chose, or one assigned now. A hook that must name the resource before
     * it exists (a subscription's verification request carries its reference) takes it here.
     */
    public String resourceId() {
        if (ri == null) {
            ri = newId.get();
        }
        return ri;
    }
}
