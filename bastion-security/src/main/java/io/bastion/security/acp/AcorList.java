package io.bastion.security.acp;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The {@code acor} entries of one rule ({@link AccessControlRule#originators()}): an immutable list in the order
 * written that also keeps them grouped the way a decision tests them, sorted once when the rule is built rather
 * than on every request:
 * <ul>
 *   <li>whether {@code all} is among them;</li>
 *   <li>the absolute forms of the literal IDs with their hashes, so that an entry naming someone else costs one int
 *       comparison instead of a string comparison, and a 64-bit summary of those hashes, so that most rules are
 *       seen not to name the originator without reading the hashes at all;</li>
 *   <li>the literal IDs as written, in order: only these can name a {@code <group>} or a Role-ID;</li>
 *   <li>the wildcards and SP domains, which need a pattern match, each with the fixed start that every originator
 *       it matches begins with (a wildcard's text before its first {@code *}, a domain itself), so that most
 *       originators are turned away by one {@code startsWith}.</li>
 * </ul>
 * Equal to any list holding the same entries in the same order.
 */
final class AcorList extends AbstractList<AcorEntry> implements RandomAccess {
    private final AcorEntry[] entries;
    private final boolean all;
    private final String[] literalCanonical;
    private final int[] literalHash;
    /** Bit {@code hash & 63} set for each literal: an originator whose bit is clear equals none of them. */
    private final long literalHashBits;
    private final String[] literalRaw;
    private final AcorEntry[] patterns;
    private final String[] patternStart;
    /**
     * The array lengths, kept here so that a rule without literals or patterns is judged without touching those
     * arrays: in a large policy, every memory line a rule does not need is one less to wait for.
     */
    private final int literalCount;
    private final int patternCount;

    private AcorList(AcorEntry[] entries) {
        this.entries = entries;
        boolean anyAll = false;
        List<AcorEntry.Literal> literals = new ArrayList<>(entries.length);
        List<AcorEntry> others = new ArrayList<>();
        for (AcorEntry e : entries) {
            switch (e) {
                case AcorEntry.All a -> anyAll = true;
                case AcorEntry.Literal l -> literals.add(l);
                case AcorEntry.Wildcard w -> others.add(w);
                case AcorEntry.Domain d -> others.add(d);
            }
        }
        this.all = anyAll;
        this.literalCanonical = new String[literals.size()];
        this.literalHash = new int[literals.size()];
        this.literalRaw = new String[literals.size()];
        long hashBits = 0;
        for (int i = 0; i < literals.size(); i++) {
            literalCanonical[i] = literals.get(i).canonical();
            literalHash[i] = literalCanonical[i].hashCode();
            literalRaw[i] = literals.get(i).raw();
            hashBits |= 1L << literalHash[i]; // the shift count is taken modulo 64
        }
        this.literalHashBits = hashBits;
        this.literalCount = literals.size();
        this.patterns = others.toArray(new AcorEntry[0]);
        this.patternCount = patterns.length;
        this.patternStart = new String[patterns.length];
        for (int i = 0; i < patterns.length; i++) {
            patternStart[i] = switch (patterns[i]) {
                case AcorEntry.Wildcard w -> w.canonicalPattern().substring(0, w.canonicalPattern().indexOf('*'));
                default -> patterns[i].raw(); // a domain: an originator in it starts with it
            };
        }
    }

    /** The entries as an {@code AcorList}; refuses null entries, as {@link List#copyOf} does. */
    static AcorList of(List<AcorEntry> entries) {
        if (entries instanceof AcorList prepared) {
            return prepared;
        }
        return new AcorList(List.copyOf(entries).toArray(new AcorEntry[0]));
    }

    @Override
    public AcorEntry get(int index) {
        return entries[index];
    }

    @Override
    public int size() {
        return entries.length;
    }

    /**
     * Some entry matches without any lookup ({@link AcorEntry#matchesDirectly}): {@code all}, an equal literal ID,
     * a wildcard or an SP domain.
     *
     * @param originator absolute and matchable (see {@link AcorEntry#matchesDirectly})
     * @param hash {@code originator.hashCode()}
     */
    boolean matchesDirectly(String originator, int hash) {
        if (all) {
            return true;
        }
        if ((literalHashBits & (1L << hash)) != 0) {
            for (int i = 0; i < literalCount; i++) {
                if (literalHash[i] == hash && literalCanonical[i].equals(originator)) {
                    return true;
                }
            }
        }
        for (int i = 0; i < patternCount; i++) {
            if (startsWith(originator, patternStart[i]) && patterns[i].matchesDirectly(originator)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code text.startsWith(start)}, testing the last character of {@code start} first: the start of a pattern is
     * mostly the ID of a CSE, which the originators of that CSE share, so they differ from it near its end, and this
     * turns most of them away without a comparison of the whole start.
     */
    private static boolean startsWith(String text, String start) {
        int n = start.length();
        return n == 0 || (text.length() >= n && text.charAt(n - 1) == start.charAt(n - 1) && text.startsWith(start));
    }

    /** The entries include {@code all}. */
    boolean namesAll() {
        return all;
    }

    /** The number of wildcards and SP domains. */
    int patternCount() {
        return patternCount;
    }

    /** The fixed start of the one wildcard or domain among the entries, or null when there are none or several. */
    String onlyPatternStart() {
        return patternCount == 1 ? patternStart[0] : null;
    }

    /** Bit {@code hash & 63} set for the hash of each literal's absolute form; clear bits rule an originator out. */
    long literalHashBits() {
        return literalHashBits;
    }

    /** The number of literal IDs, the only entries that may name a group or a role. */
    int literalCount() {
        return literalCount;
    }

    /** The {@code i}-th literal ID as written, in the order of the entries. */
    String literal(int i) {
        return literalRaw[i];
    }
}
