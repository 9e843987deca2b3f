package io.bastion.trust.das;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.security.acp.CidrBlock;
import io.bastion.security.acp.ScheduleEntry;

/**
 * The privileges a rule grants, as an {@code m2m:setOfAcrs}: one rule for the originator with the rule's operations,
 * and the rule's conditions carried along as an {@code acco} (schedule as {@code actw}, ranges as {@code acip}) so
 * that the Hosting CSE keeps enforcing them for the whole lifetime of the grant.
 */
final class GrantedPrivileges {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GrantedPrivileges() {
    }

    static ObjectNode setOfAcrs(DasRule rule, String originator) {
        ObjectNode acr = NODES.objectNode();
        acr.putArray("acor").add(originator);
        acr.put("acop", rule.operations());
        if (!rule.schedule().isEmpty() || !rule.ipBlocks().isEmpty()) {
            ObjectNode context = acr.putArray("acco").addObject();
            if (!rule.schedule().isEmpty()) {
                ArrayNode actw = context.putArray("actw");
                rule.schedule().stream().map(ScheduleEntry::text).forEach(actw::add);
            }
            if (!rule.ipBlocks().isEmpty()) {
                ObjectNode acip = context.putObject("acip");
                for (CidrBlock b : rule.ipBlocks()) {
                    (acip.has(b.isIpv4() ? "ipv4" : "ipv6") ? (ArrayNode) acip.get(b.isIpv4() ? "ipv4" : "ipv6")
                            : acip.putArray(b.isIpv4() ? "ipv4" : "ipv6")).add(b.toString());
                }
            }
        }
        ObjectNode set = NODES.objectNode();
        set.putArray("acr").add(acr);
        return set;
    }
}
