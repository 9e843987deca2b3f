package io.bastion.core.resource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What tells one specialization of a resource type from the others sharing its number: a mgmtObj (ty 13) by its
 * {@code mgd} (1001 firmware, root {@code m2m:fwr}), a flexContainer (ty 28) by its {@code cnd}. A request names the
 * specialization by the root element of its content; a stored resource by this attribute's value.
 *
 * @param attribute the short name of the discriminating attribute, e.g. {@code mgd}
 * @param value its value for this specialization, as text (a number too: {@code "1001"})
 */
public record Specialization(String attribute, String value) {

    /** Whether a resource with these attributes is of this specialization. */
    public boolean matches(Resource r) {
        JsonNode v = r.get(attribute);
        return v != null && !v.isNull() && value.equals(v.asText());
    }
}
