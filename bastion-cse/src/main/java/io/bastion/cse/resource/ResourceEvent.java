package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import java.util.Set;

/**
 * A committed change, handed to subscriptions (and to the audit of sensitive types) after the write transaction.
 *
 * @param kind what happened
 * @param resource the resource after the change (before it, for a delete)
 * @param modified for an update, the attributes the request changed (never a secret one); otherwise null
 * @param originator who caused it
 * @param rqi the request that caused it, or null when the CSE did it on its own
 * @param secretsWritten the names of the secret attributes the change set or removed (for the audit; their values
 *        are in no event)
 * @param previous for an update, the resource before it (for those that act on what left, e.g. a CSE-ID removed from
 *        {@code at}); otherwise null
 */
public record ResourceEvent(Kind kind, Resource resource, ObjectNode modified, String originator, String rqi,
                            Set<String> secretsWritten, Resource previous) {

    /**
     * What happened. {@link #REMOVED_WITH_ANCESTOR} is reported only for a sensitive resource ({@code
     * ResourceType#sensitive}) that went with a deleted ancestor, so that its removal is audited; subscriptions learn of
     * such removals through the ancestor's events, as before.
     */
    public enum Kind { CREATED, UPDATED, DELETED, REMOVED_WITH_ANCESTOR }

    public ResourceEvent {
        secretsWritten = secretsWritten == null ? Set.of() : Set.copyOf(secretsWritten);
    }

    public ResourceEvent(Kind kind, Resource resource, ObjectNode modified, String originator, String rqi,
                         Set<String> secretsWritten) {
        this(kind, resource, modified, originator, rqi, secretsWritten, null);
    }

    public ResourceEvent(Kind kind, Resource resource, ObjectNode modified, String originator) {
        this(kind, resource, modified, originator, null, Set.of());
    }

    public ResourceEvent(Kind kind, Resource resource, ObjectNode modified, String originator, String rqi) {
        this(kind, resource, modified, originator, rqi, Set.of());
    }
}
