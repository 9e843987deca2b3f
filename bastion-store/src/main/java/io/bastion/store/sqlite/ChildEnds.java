package io.bastion.store.sqlite;

/**
 * The oldest and latest child ri per (parent, type), so that {@code la} and {@code ol} cost a map lookup. Each end
 * is either known (an ri, or null for "no such child") or unknown (asked from the database on next use). Mutations
 * are made only under {@link StoreCache}'s lock.
 */
final class ChildEnds {
    record Key(String pi, int ty) {
    }

    /** One parent's ends for one type; {@code latest}/{@code oldest} are meaningful only when known. */
    record Ends(boolean latestKnown, String latest, boolean oldestKnown, String oldest) {
        static final Ends UNKNOWN = new Ends(false, null, false, null);
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
        ends.put(new Key(pi, ty), new Ends(true, ri, e.oldestKnown(), e.oldest()));
    }

    void learnOldest(String pi, int ty, String ri) {
        Ends e = get(pi, ty);
        ends.put(new Key(pi, ty), new Ends(e.latestKnown(), e.latest(), true, ri));
    }

    /** A new child always has the highest sequence, so it is the latest whatever was known before. */
    void childCreated(String pi, int ty, String ri) {
        Ends e = get(pi, ty);
        boolean onlyChild = e.oldestKnown() && e.oldest() == null;
        ends.put(new Key(pi, ty), new Ends(true, ri, e.oldestKnown(), onlyChild ? ri : e.oldest()));
    }

    /** Forgets an end only if it was the deleted child; deleting the oldest (e.g. mni) keeps the latest known. */
    void childDeleted(String pi, int ty, String ri) {
        Key k = new Key(pi, ty);
        Ends e = ends.get(k);
        if (e == null) {
            return;
        }
        boolean latestGone = e.latestKnown() && ri.equals(e.latest());
        boolean oldestGone = e.oldestKnown() && ri.equals(e.oldest());
        if (latestGone || oldestGone) {
            ends.put(k, new Ends(e.latestKnown() && !latestGone, latestGone ? null : e.latest(),
                    e.oldestKnown() && !oldestGone, oldestGone ? null : e.oldest()));
        }
    }

    void forget(String pi, int ty) {
        ends.remove(new Key(pi, ty));
    }

    void clear() {
        ends.clear();
    }
}
