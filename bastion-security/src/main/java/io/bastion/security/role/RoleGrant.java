package io.bastion.security.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.Objects;

/**
 * A role assignment as a {@code <role>} resource states it (TS-0001 9.6.38; TS-0003 7.4): the Role-ID, who issued
 * it, who holds it and when it is valid. Not yet verified: {@link RoleCheck#verify} decides whether it may be used.
 *
 * @param roleId {@code rlid} (m2m:roleID, {@code issuerRelativeID@issuer-fqdn})
 * @param issuer {@code tkis}
 * @param holder {@code tkhd}
 * @param notBefore {@code tknb}
 * @param notAfter {@code tkna}
 * @param name {@code rlnm}, or null
 * @param tokenLink {@code rltl}: the address of the {@code <token>} that describes this assignment (TS-0003 7.4.2.3),
 *     or null
 */
public record RoleGrant(String roleId, String issuer, String holder, Instant notBefore, Instant notAfter,
                        String name, String tokenLink) {
    public RoleGrant {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /**
     * Reads the attributes of a {@code <role>} resource ({@code rlid, tkis, tkhd, tknb, tkna, rlnm, rltl}; others,
     * such as the common attributes, are ignored).
     *
     * @throws IllegalArgumentException naming the missing or malformed attribute
     */
    public static RoleGrant fromShortNames(JsonNode role) {
        if (role == null || !role.isObject()) {
            throw new IllegalArgumentException("a role must be a JSON object");
        }
        return new RoleGrant(text(role, "rlid", true), text(role, "tkis", true), text(role, "tkhd", true),
                time(role, "tknb"), time(role, "tkna"), text(role, "rlnm", false), text(role, "rltl", false));
    }

    /** The attributes as a {@code <role>} resource holds them. */
    public ObjectNode toShortNames() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("rlid", roleId);
        o.put("tkis", issuer);
        o.put("tkhd", holder);
        o.put("tknb", Timestamps.format(notBefore));
        o.put("tkna", Timestamps.format(notAfter));
        if (name != null) {
            o.put("rlnm", name);
        }
        if (tokenLink != null) {
            o.put("rltl", tokenLink);
        }
        return o;
    }

    private static String text(JsonNode o, String name, boolean mandatory) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            if (mandatory) {
                throw new IllegalArgumentException(name + ": missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > 2048) {
            throw new IllegalArgumentException(name + ": must be a non-empty string");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(name + ": must be an m2m:timestamp");
        }
        try {
            return Timestamps.parse(v.textValue(), name);
        } catch (OneM2MException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
