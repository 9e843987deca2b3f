package io.bastion.security.acp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Group membership for one decision (TS-0001 9.6.2.1): follows nested groups breadth-first up to a depth bound,
 * never visits a group twice (cycles), stops after a number of lookups, and remembers results so that a group named
 * by several rules is resolved once. Whatever cannot be resolved counts as "not a member". Not thread-safe: one per
 * decision.
 *
 * <p>A deny asks about every literal {@code acor} entry of every rule, which in a large policy is thousands of IDs
 * that are no groups at all; so once the lookups are used up, an ID not yet resolved is answered "not a member" at
 * once (it could only be looked up in vain), without memoizing it or rebuilding the note about the bound; once
 * that has happened while no group had the originator as a member, every answer is "no"
 * ({@link #mayStillFindMembers}), and the engine stops asking.
 */
final class GroupResolver {
    private final GroupMembers groups;
    private final LocalIdentity local;
    private final int maxDepth;
    private int lookupsLeft;
    private final int maxLookups;
    private final Map<String, Boolean> memo = new HashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();
    /** The note about the lookup bound has been written: a lookup was refused, and every later one will be. */
    private boolean boundNoted;
    /** Some group resolved so far has the originator as a member. */
    private boolean anyMember;

    GroupResolver(GroupMembers groups, LocalIdentity local, int maxDepth, int maxLookups) {
        this.groups = groups;
        this.local = local;
        this.maxDepth = maxDepth;
        this.maxLookups = maxLookups;
        this.lookupsLeft = maxLookups;
    }

    /**
     * False once every further {@link #isMember} is bound to answer no: a lookup was refused (so no further one
     * will be made) and no group resolved so far has the originator as a member.
     */
    boolean mayStillFindMembers() {
        return !boundNoted || anyMember;
    }

    /** True when {@code groupId} is a group that has the originator as a member, directly or nested. */
    boolean isMember(String groupId, String canonicalOriginator) {
        if (!mayStillFindMembers()) {
            return false;
        }
        Boolean known = memo.get(groupId);
        if (known != null) {
            return known;
        }
        if (lookupsLeft <= 0) {
            noteBoundReached(); // what lookup() would say, without the lookup it would refuse
            return false;
        }
        boolean member = resolve(groupId, canonicalOriginator);
        memo.put(groupId, member);
        anyMember |= member;
        return member;
    }

    /** What went wrong while resolving (failed lookups, bounds reached), for the deny trail. */
    List<String> notes() {
        return new ArrayList<>(notes);
    }

    private boolean resolve(String groupId, String canonicalOriginator) {
        Optional<List<String>> top = lookup(groupId);
        if (top.isEmpty()) {
            return false;
        }
        Set<String> visited = new HashSet<>();
        visited.add(groupId);
        List<String> level = top.get();
        for (int depth = 1; !level.isEmpty(); depth++) {
            // Direct members first: no lookup is needed to find the originator at this level.
            for (String m : level) {
                if (m != null && canonicalOriginator.equals(local.canonical(m))) {
                    return true;
                }
            }
            if (depth >= maxDepth) {
                notes.add("group " + groupId + ": members nested deeper than " + maxDepth + " levels are not followed");
                return false;
            }
            List<String> next = new ArrayList<>();
            for (String m : level) {
                if (m != null && !m.isEmpty() && visited.add(m)) {
                    lookup(m).ifPresent(next::addAll);
                }
            }
            level = next;
        }
        return false;
    }

    private void noteBoundReached() {
        if (!boundNoted) {
            notes.add("group lookups stopped after " + maxLookups + " (bound reached); unresolved groups do not match");
            boundNoted = true;
        }
    }

    private Optional<List<String>> lookup(String id) {
        if (lookupsLeft <= 0) {
            noteBoundReached();
            return Optional.empty();
        }
        lookupsLeft--;
        try {
            Optional<List<String>> members = groups.membersOf(id);
            return members == null ? Optional.empty() : members;
        } catch (RuntimeException e) {
            // Fail closed: an unreadable group grants nothing (TS-0001 9.6.2.1: reject if it cannot be retrieved).
            notes.add("group " + id + ": lookup failed (" + e.getClass().getSimpleName() + "), treated as no match");
            return Optional.empty();
        }
    }
}
