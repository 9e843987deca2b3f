package io.bastion.security.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import io.bastion.security.acp.AccessControlRule;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.AcpWriter;
import io.bastion.security.acp.SetOfAcrs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code m2m:tokenPermissions} ({@code tkps}): {@code {"pm":[{"ris":[...],"pv":{"acr":[...]},"rids":[...]}, ...]}},
 * the same JSON in a JWT claim and in a {@code <token>} resource. Parsing is strict (unknown members, wrong types
 * and more than {@link #MAX_ITEMS} entries are refused) and throws {@link IllegalArgumentException} with a one-line
 * message naming the element, e.g. {@code tkps.pm[0].pv.acr[1].acop: must be an integer 1..63}.
 */
public record TokenPermissions(List<TokenPermission> permissions) {
    /** No permissions. */
    public static final TokenPermissions NONE = new TokenPermissions(List.of());
    /** The most permissions, resource IDs or Role-IDs one list may hold. */
    public static final int MAX_ITEMS = 256;
    private static final Set<String> PERMISSION_MEMBERS = Set.of("ris", "pv", "rids");

    public TokenPermissions {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    /** Parses the JSON form; relative IDs in {@code acor} are resolved as {@code parser} does for policies. */
    public static TokenPermissions fromJson(JsonNode node, AcpParser parser) {
        String path = "tkps";
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be an object (m2m:tokenPermissions)");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("pm")) {
                throw new IllegalArgumentException(path + "." + Excerpt.of(name) + ": unknown member");
            }
        }
        JsonNode pm = node.get("pm");
        if (pm == null) {
            return NONE;
        }
        if (!pm.isArray() || pm.size() > MAX_ITEMS) {
            throw new IllegalArgumentException(path + ".pm: must be a list of at most " + MAX_ITEMS + " permissions");
        }
        List<TokenPermission> out = new ArrayList<>(pm.size());
        for (int i = 0; i < pm.size(); i++) {
            out.add(permission(pm.get(i), path + ".pm[" + i + "]", parser));
        }
        return new TokenPermissions(out);
    }

    private static TokenPermission permission(JsonNode node, String path, AcpParser parser) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be an object (m2m:tokenPermission)");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!PERMISSION_MEMBERS.contains(name)) {
                throw new IllegalArgumentException(path + "." + Excerpt.of(name) + ": unknown member");
            }
        }
        List<String> ris = strings(node.get("ris"), path + ".ris");
        List<String> rids = strings(node.get("rids"), path + ".rids");
        List<AccessControlRule> pv = List.of();
        JsonNode pvNode = node.get("pv");
        if (pvNode != null && !pvNode.isNull()) {
            try {
                SetOfAcrs set = parser.parseSetOfAcrs(pvNode, path + ".pv", true);
                pv = set.rules();
            } catch (OneM2MException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        try {
            return new TokenPermission(ris, pv, rids);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    static List<String> strings(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_ITEMS) {
            throw new IllegalArgumentException(path + ": must be a list of at most " + MAX_ITEMS + " strings");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            if (!e.isTextual() || e.textValue().isEmpty() || e.textValue().length() > TokenClaims.MAX_ID_LENGTH) {
                throw new IllegalArgumentException(path + "[" + i + "]: must be a non-empty string of at most "
                        + TokenClaims.MAX_ID_LENGTH + " characters");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** The JSON form, as {@link #fromJson} reads it. */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode pm = root.putArray("pm");
        for (TokenPermission p : permissions) {
            ObjectNode o = pm.addObject();
            if (!p.resourceIds().isEmpty()) {
                ArrayNode ris = o.putArray("ris");
                p.resourceIds().forEach(ris::add);
            }
            if (!p.privileges().isEmpty()) {
                o.set("pv", AcpWriter.setOfAcrs(p.privileges()));
            }
            if (!p.roleIds().isEmpty()) {
                ArrayNode rids = o.putArray("rids");
                p.roleIds().forEach(rids::add);
            }
        }
        return root;
    }
}
