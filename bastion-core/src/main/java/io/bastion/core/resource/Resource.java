package io.bastion.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored resource: its short-name attributes plus the bookkeeping the store indexes. The attribute tree is
 * treated as immutable once a {@code Resource} is built: changes make a new tree ({@link #attrsCopy()}).
 *
 * @param ri resource ID
 * @param pi parent resource ID (null for CSEBase)
 * @param ty resource type
 * @param path structured CSE-relative path, e.g. {@code cse-in/ae1/cnt1}
 * @param attrs all attributes by short name, including ri, pi, ty, rn, ct, lt
 * @param creator the originator of the successful CREATE (for the default access rule)
 * @param expiry expirationTime, or null for never
 * @param root the root element name of its representation when its type does not fix one (a flexContainer of a
 *        specialization the CSE has no descriptor for keeps the root its CREATE named, e.g. {@code cod:tempe}), else
 *        null; set at creation and never changed ({@link ResourceTypes#rootNameOf})
 * @param secrets the values of the type's secret attributes ({@link AttributePolicy#secret()}), which are not among
 *        {@code attrs} and so never represented; {@link SecretAttributes#NONE} for most resources
 */
public record Resource(String ri, String pi, int ty, String path, ObjectNode attrs, String creator, Instant expiry,
                       String root, SecretAttributes secrets) {

    public Resource {
        secrets = secrets == null ? SecretAttributes.NONE : secrets;
    }

    /** A resource whose type fixes its root element name, without secrets: nearly every resource. */
    public Resource(String ri, String pi, int ty, String path, ObjectNode attrs, String creator, Instant expiry) {
        this(ri, pi, ty, path, attrs, creator, expiry, null, SecretAttributes.NONE);
    }

    public String rn() {
        return attrs.path("rn").asText(null);
    }

    public JsonNode get(String sn) {
        return attrs.get(sn);
    }

    public long getLong(String sn, long dflt) {
        JsonNode n = attrs.get(sn);
        return n != null && n.canConvertToLong() ? n.asLong() : dflt;
    }

    public String getText(String sn) {
        JsonNode n = attrs.get(sn);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** A list-of-strings attribute (lbl, acpi, nu…), empty when absent. */
    public List<String> getList(String sn) {
        JsonNode n = attrs.get(sn);
        if (n == null || !n.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(n.size());
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    public boolean isExpired(Instant now) {
        return expiry != null && !expiry.isAfter(now);
    }

    /**
     * A new top-level attribute map to build the next version of this resource from. Nested values (lists,
     * objects) are shared with this version, so callers replace attributes and never change them in place.
     */
    public ObjectNode attrsCopy() {
        ObjectNode copy = attrs.objectNode();
        copy.setAll(attrs);
        return copy;
    }

    public Resource withAttrs(ObjectNode newAttrs, Instant newExpiry) {
        return new Resource(ri, pi, ty, path, newAttrs, creator, newExpiry, root, secrets);
    }

    public Resource withSecrets(SecretAttributes s) {
        return new Resource(ri, pi, ty, path, attrs, creator, expiry, root, s);
    }
}
