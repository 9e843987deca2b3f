package io.bastion.store;

import io.bastion.core.resource.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of one request, written in one transaction: new or replaced resources, and deleted subtrees. The
 * deletes are applied before the puts, so one batch can replace a resource by a new one at the same path.
 */
public final class WriteBatch {
    private final List<Resource> puts = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();

    /** Inserts the resource or replaces the stored one with the same ri. */
    public WriteBatch put(Resource r) {
        puts.add(r);
        return this;
    }

    /** Deletes the resource and its whole subtree. */
    public WriteBatch delete(String ri) {
        deletes.add(ri);
        return this;
    }

    public List<Resource> puts() {
        return puts;
    }

    public List<String> deletes() {
        return deletes;
    }

    public boolean isEmpty() {
        return puts.isEmpty() && deletes.isEmpty();
    }
}
