package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;

/**
 * A committed change, handed to subscriptions after the write transaction.
 *
 * @param kind what happened
 * @param resource the resource after the change (before it, for a delete)
 * @param modified for an update, the attributes the request changed; otherwise null
 * @param originator who caused it
 */
public record ResourceEvent(Kind kind, Resource resource, ObjectNode modified, String originator) {

    public enum Kind { CREATED, UPDATED, DELETED }
}
