package io.bastion.store.sqlite;

import java.util.ArrayList;
import java.util.List;


/**
 * The latest child ri and the few oldest child ris per (parent, type), so that {@code la}, {@code ol} and the
 * eviction of the oldest instance of a full container cost a map lookup. The latest end is either known (an ri,
 * or null for "no such child") or unknown. The oldest end is a short list in creation order, prefetched from the
 * database: deleting its head (the common eviction) leaves the next oldest known. Mutations are made only under
 * {@link StoreCache}'s lock.
 */
final class ChildEnds {
    /** How many of the oldest children are prefetched at once. */
    static final int OLDEST_PREFETCH = 32;

    record Key(String pi, int ty) {
    }

    /**
     * One parent's ends for one type.
     *
     * @param oldest the oldest children's ris in creation order, or null when unknown
     * @param oldestComplete whether {@code oldest} holds every child (so an empty list means "none")
     */
    record Ends(boolean latestKnown, String latest, List<String> oldest, boolean oldestComplete) {
        static final Ends UNKNOWN = new Ends(false, null, null, false);

        boolean oldestKnown() {
            return oldest != null && (!oldest.isEmpty() || oldestComplete);
        }

        /** The oldest child's ri (null for none); meaningful only when {@link #oldestKnown()}. */
        String oldestRi() {
            return oldest == null || oldest.isEmpty() ? null : oldest.get(0);
        }
    }

    private final BoundedLru<Key, Ends> ends;

    ChildEnds(int capacity) {
        ends = new BoundedLru<>(capacity, (k, v) -> {
        });
    }

    Ends get(String pi, int ty) {
        Ends e = ends.get(new Key(pi, ty));
        return e == null ? Ends.UNKNOWN : e;
    }

    void learnLatest(String pi, int ty, String ri) {
        Ends e = get(pi, ty);
        ends.put(new Key(pi, ty), new Ends(true, ri, e.oldest(), e.oldestComplete()));
    }

    /** The oldest children as read from the database; {@code complete} when fewer than asked for exist. */
    void learnOldest(String pi, int ty, List<String> ris, boolean complete) {
        Ends e = get(pi, ty);
        ends.put(new Key(pi, ty), new Ends(e.latestKnown(), e.latest(), List.copyOf(ris), complete));
    }

    /** A new child always has the highest sequence: it is the latest, and joins a list that holds every child. */
    void childCreated(String pi, int ty, String ri) {
        Ends e = get(pi, ty);
        List<String> oldest = e.oldest();
        boolean complete = e.oldestComplete();
        if (oldest != null && complete) {
            if (oldest.size() < OLDEST_PREFETCH) {
                List<String> grown = new ArrayList<>(oldest);
                grown.add(ri);
                oldest = List.copyOf(grown);
            } else {
                complete = false; // still the oldest ones, but no longer all of them
            }
        }
        ends.put(new Key(pi, ty), new Ends(true, ri, oldest, complete));
    }

    /** Forgets the latest end if it was the deleted child, and takes the child out of the oldest list. */
    void childDeleted(String pi, int ty, String ri) {
        Key k = new Key(pi, ty);
        Ends e = ends.get(k);
        if (e == null) {
            return;
        }
        boolean latestGone = e.latestKnown() && ri.equals(e.latest());
        List<String> oldest = e.oldest();
        boolean inOldest = oldest != null && oldest.contains(ri);
        if (!latestGone && !inOldest) {
            return;
        }
        if (inOldest) {
            List<String> shrunk = new ArrayList<>(oldest);
            shrunk.remove(ri);
            // An emptied list of only some children says nothing about the rest: unknown again.
            oldest = shrunk.isEmpty() && !e.oldestComplete() ? null : List.copyOf(shrunk);
        }
        ends.put(k, new Ends(e.latestKnown() && !latestGone, latestGone ? null : e.latest(), oldest,
                oldest != null && e.oldestComplete()));
    }

    void forget(String pi, int ty) {
        ends.remove(new Key(pi, ty));
    }

    void clear() {
        ends.clear();
    }
}
