package io.bastion.security.acp;

import java.util.List;
import java.util.Optional;

/**
 * Looks up {@code <group>} membership for {@code acor} entries that are group resource IDs (TS-0001 9.6.2.1). The
 * CSE implements it over its store; the engine bounds how deep and how often it is called.
 */
@FunctionalInterface
public interface GroupMembers {

    /** No groups at all: every lookup says "not a group". */
    GroupMembers NONE = id -> Optional.empty();

    /**
     * The members of the group addressed by {@code id} (as written in the policy or in a parent group's
     * {@code mid}), or empty when {@code id} is not a retrievable group. Members are AE-IDs or CSE-IDs in any form
     * {@link LocalIdentity#canonical} understands, or resource IDs of nested groups; an implementation should
     * translate {@code <remoteCSE>} resource IDs into the CSE-IDs they stand for. Throwing counts as unresolvable.
     */
    Optional<List<String>> membersOf(String id);
}
