package io.bastion.security.acp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes parsed rules back as {@code m2m:setOfAcrs} JSON (short names), the inverse of {@link AcpParser}: parsing
 * what this writes gives equal rules. Needed where rules leave the CSE, e.g. the {@code pv} of a token's permissions
 * or a DAS's granted privileges. {@code acor} entries are written as they were written; addresses, schedules and
 * regions in their canonical text. Thread-safe.
 */
public final class AcpWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AcpWriter() {
    }

    /** {@code {"acr":[...]}} for the rules, in order. */
    public static ObjectNode setOfAcrs(List<AccessControlRule> rules) {
        ObjectNode set = NODES.objectNode();
        ArrayNode acr = set.putArray("acr");
        for (AccessControlRule rule : rules) {
            acr.add(rule(rule));
        }
        return set;
    }

    /** One {@code m2m:accessControlRule}. */
    public static ObjectNode rule(AccessControlRule rule) {
        ObjectNode r = NODES.objectNode();
        ArrayNode acor = r.putArray("acor");
        rule.originators().forEach(e -> acor.add(e.raw()));
        r.put("acop", rule.operations());
        if (!rule.contexts().isEmpty()) {
            ArrayNode acco = r.putArray("acco");
            for (AccessControlContext c : rule.contexts()) {
                acco.add(context(c));
            }
        }
        if (rule.authenticationRequired()) {
            r.put("acaf", true);
        }
        if (!rule.objectDetails().isEmpty()) {
            ArrayNode acod = r.putArray("acod");
            for (ObjectDetails d : rule.objectDetails()) {
                ObjectNode o = acod.addObject();
                if (d.resourceType() != null) {
                    o.put("ty", d.resourceType());
                }
                if (d.specialization() != null) {
                    ObjectNode spty = o.putObject("spty");
                    if (d.specialization().containerDefinition() != null) {
                        spty.put("cnd", d.specialization().containerDefinition());
                    } else {
                        spty.put("mgd", d.specialization().mgmtDefinition());
                    }
                }
                ArrayNode chty = o.putArray("chty");
                d.childResourceTypes().forEach(chty::add);
            }
        }
        return r;
    }

    private static ObjectNode context(AccessControlContext context) {
        ObjectNode c = NODES.objectNode();
        for (ContextCondition condition : context.conditions()) {
            switch (condition) {
                case TimeWindows w -> {
                    ArrayNode actw = c.putArray("actw");
                    w.entries().forEach(e -> actw.add(e.text()));
                }
                case IpRanges ip -> {
                    ObjectNode acip = c.putObject("acip");
                    if (!ip.ipv4().isEmpty()) {
                        ArrayNode v4 = acip.putArray("ipv4");
                        ip.ipv4().forEach(b -> v4.add(b.toString()));
                    }
                    if (!ip.ipv6().isEmpty()) {
                        ArrayNode v6 = acip.putArray("ipv6");
                        ip.ipv6().forEach(b -> v6.add(b.toString()));
                    }
                }
                case LocationRegion.Circle circle -> c.putObject("aclr").putArray("accr")
                        .add(circle.latitude()).add(circle.longitude()).add(circle.radiusMetres());
                case LocationRegion.Countries countries -> {
                    ArrayNode accc = c.putObject("aclr").putArray("accc");
                    countries.codes().forEach(accc::add);
                }
            }
        }
        return c;
    }
}
