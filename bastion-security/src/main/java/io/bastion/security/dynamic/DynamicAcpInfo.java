package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.SetOfAcrs;
import java.util.Set;

/**
 * {@code dai}, the dynamicACPInfo of a {@code dres} (TS-0004 6.3.5.47; TS-0003 table 7.3.2.2-2): the privileges a
 * DAS grants and for how long. A Hosting CSE turns it into a dynamic {@code <accessControlPolicy>} whose {@code pv}
 * is {@code gp} and whose {@code et} is {@code pl} (TS-0004 7.5.1.2.10).
 *
 * <p>{@code gp} is kept as the JSON received, so that it can be stored as {@code pv} unchanged; it is validated on
 * construction with the ACP engine's parser (so a malformed set never gets this far). Relative originator IDs in
 * {@code acor} are resolved only by {@link #grantedPrivileges(AcpParser)}, with the Hosting CSE's own identity.
 *
 * @param gp grantedPrivileges, an {@code m2m:setOfAcrs} ({@code {"acr":[...]}}), or null
 * @param pl privilegesLifetime ({@code m2m:absRelTimestamp}), or null
 */
public record DynamicAcpInfo(JsonNode gp, String pl) {
    private static final Set<String> MEMBERS = Set.of("gp", "pl");
    /** Only structure is checked here; this identity resolves nothing the caller will see. */
    private static final AcpParser STRUCTURE = new AcpParser(new LocalIdentity("//validation.invalid", "/validation"));

    public DynamicAcpInfo {
        if (gp != null) {
            gp = gp.deepCopy();
            parse(STRUCTURE, gp, "dai.gp");
        }
        if (pl != null) {
            Members.checkAbsRel(pl, "dai.pl");
        }
    }

    /** The granted privileges parsed for evaluation, with relative {@code acor} IDs resolved by {@code parser}. */
    public SetOfAcrs grantedPrivileges(AcpParser parser) {
        return gp == null ? SetOfAcrs.EMPTY : parse(parser, gp, "dai.gp");
    }

    ObjectNode toJson() {
        ObjectNode o = Members.NODES.objectNode();
        if (gp != null) {
            o.set("gp", gp.deepCopy());
        }
        if (pl != null) {
            o.put("pl", pl);
        }
        return o;
    }

    static DynamicAcpInfo fromJson(JsonNode node, String path) {
        Members.requireObject(node, path, "an object (dynamicACPInfo)");
        Members.rejectUnknown(node, path, MEMBERS);
        JsonNode gp = node.get("gp");
        if (gp != null && !gp.isNull()) {
            parse(STRUCTURE, gp, path + ".gp");
        } else {
            gp = null;
        }
        return new DynamicAcpInfo(gp, Members.absRel(node.get("pl"), path + ".pl"));
    }

    private static SetOfAcrs parse(AcpParser parser, JsonNode gp, String path) {
        try {
            return parser.parseSetOfAcrs(gp, path, true);
        } catch (OneM2MException e) {
            throw new MalformedSecurityInfoException(e.getMessage());
        }
    }
}
