package io.bastion.store;

import io.bastion.core.resource.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes of one request, written in one transaction: new or replaced resources, and deleted subtrees. The
 * deletes are applied before the puts, so one batch can replace a resource by a new one at the same path.
 */
public final class WriteBatch {
    private final List<Resource> puts = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();
    private final Set<String> created = new HashSet<>();
    private final Set<String> amended = new HashSet<>();
    private final Map<String, Resource> known = new HashMap<>();

    /**
     * Inserts a resource that is new: its ri was just made, so the store need not look for a stored version. A
     * clash on the path fails the batch with {@link PathConflictException}.
     */
    public WriteBatch create(Resource r) {
        puts.add(r);
        created.add(r.ri());
        return this;
    }

    /** Whether {@link #create} added this ri (no stored version exists). */
    public boolean isCreate(String ri) {
        return !created.isEmpty() && created.contains(ri);
    }

    /** Inserts the resource or replaces the stored one with the same ri. */
    public WriteBatch put(Resource r) {
        puts.add(r);
        return this;
    }

    /**
     * Replaces the stored resource with the same ri only if it is still stored: when it has been deleted meanwhile
     * (e.g. with its parent's subtree), nothing is written for it. For bookkeeping the CSE writes on a resource it read
     * earlier without holding its parent (counters, statistics), which must never bring a deleted resource back.
     */
    public WriteBatch amend(Resource r) {
        puts.add(r);
        amended.add(r.ri());
        return this;
    }

    /** Whether {@link #amend} added this ri (written only over a stored version). */
    public boolean isAmend(String ri) {
        return !amended.isEmpty() && amended.contains(ri);
    }

    /** Deletes the resource and its whole subtree. */
    public WriteBatch delete(String ri) {
        deletes.add(ri);
        return this;
    }

    /**
     * Deletes a resource the caller has just read (its current version), with its subtree. Knowing it lets the
     * store delete a resource that cannot have children without looking it up first.
     */
    public WriteBatch delete(Resource r) {
        deletes.add(r.ri());
        known.put(r.ri(), r);
        return this;
    }

    /** The resource given to {@link #delete(Resource)} for this ri, or null. */
    public Resource deleted(String ri) {
        return known.isEmpty() ? null : known.get(ri);
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
