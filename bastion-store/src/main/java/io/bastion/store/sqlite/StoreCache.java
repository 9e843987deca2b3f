package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import java.util.List;
import java.util.Objects;

/**
 * The resource cache and the child-ends cache, kept coherent with the database.
 *
 * <p>The hazard is a reader that loads a row, gets overtaken by a commit that changes that row, and then puts its
 * stale copy into the cache after the writer has updated it. The guard is a generation counter: the writer bumps
 * it (after COMMIT, under {@link #lock}) each time it applies a commit's effects; a reader notes the generation
 * before it queries and may offer what it loaded only while the generation is unchanged (checked under the same
 * lock). A reader whose query started after a commit's effects were applied sees that commit in its snapshot, so
 * whatever it is allowed to insert is current. Applying a commit's effects is idempotent, so a reader that saw a
 * commit before its effects were applied does no harm either. Cache hits take no global lock.
 */
final class StoreCache {
    private final Object lock = new Object();
    private final ResourceCache resources;
    private final ChildEnds ends;
    private volatile long generation;

    /** @param maxWeight the weight bound of the resource cache ({@link ResourceCache}) */
    StoreCache(int capacity, long maxWeight) {
        resources = new ResourceCache(capacity, maxWeight);
        // One (parent, type) entry per container-like parent is far fewer than resources; a tenth is plenty.
        ends = new ChildEnds(Math.max(1024, capacity / 10));
    }

    long generation() {
        return generation;
    }

    Resource get(String ri) {
        return resources.get(ri);
    }

    Resource getByPath(String path) {
        return resources.getByPath(path);
    }

    ChildEnds.Ends ends(String pi, int ty) {
        return ends.get(pi, ty);
    }

    /**
     * Caches a resource loaded by a reader that noted {@code gen} before its query; {@code jsonLength} is the length
     * of the attribute text it was parsed from.
     */
    void offer(long gen, Resource r, long jsonLength) {
        synchronized (lock) {
            if (gen == generation) {
                resources.put(r, jsonLength);
            }
        }
    }

    void offerLatest(long gen, String pi, int ty, String ri) {
        synchronized (lock) {
            if (gen == generation) {
                ends.learnLatest(pi, ty, ri);
            }
        }
    }

    /**
     * Offers the oldest children a reader found. A partial list is taken even when commits happened meanwhile:
     * children created since are newer than all of it, and one deleted since is found missing by the next
     * lookup, which then asks the database again. A complete list (every child) is taken only if nothing was
     * committed meanwhile, since it would hide a child created in between.
     */
    void offerOldest(long gen, String pi, int ty, java.util.List<String> ris, boolean complete) {
        synchronized (lock) {
            if (gen == generation || !complete) {
                ends.learnOldest(pi, ty, ris, complete);
            }
        }
    }

    /** Applies the effects of committed batches, in commit order. Called by the writer only. */
    void applyCommitted(List<BatchEffects> committed) {
        synchronized (lock) {
            generation++;
            try {
                for (BatchEffects fx : committed) {
                    for (BatchEffects.Deleted d : fx.deleted) {
                        resources.remove(d.ri());
                        if (d.pi() != null) {
                            ends.childDeleted(d.pi(), d.ty(), d.ri());
                        }
                    }
                    for (BatchEffects.Stored s : fx.stored) {
                        Resource r = s.resource();
                        resources.put(r, s.jsonLength());
                        if (s.created()) {
                            if (r.pi() != null) {
                                ends.childCreated(r.pi(), r.ty(), r.ri());
                            }
                        } else if (!Objects.equals(s.oldPi(), r.pi()) || s.oldTy() != r.ty()) {
                            // Re-parenting is not a oneM2M operation, but if it happens both sides are re-read.
                            if (s.oldPi() != null) {
                                ends.forget(s.oldPi(), s.oldTy());
                            }
                            if (r.pi() != null) {
                                ends.forget(r.pi(), r.ty());
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                // Never leave a half-applied state behind: an empty cache is always coherent.
                resources.clear();
                ends.clear();
                throw e;
            }
        }
    }

    void clear() {
        synchronized (lock) {
            generation++;
            resources.clear();
            ends.clear();
        }
    }

    long weight() {
        return resources.weight();
    }

    int size() {
        return resources.size();
    }
}
