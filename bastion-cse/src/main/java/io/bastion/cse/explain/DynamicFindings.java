package io.bastion.cse.explain;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.cse.dynamic.DacResolver;
import io.bastion.security.dynamic.DasAddress;
import io.bastion.cse.dynamic.DynamicAuthorization;
import io.bastion.cse.dynamic.DynamicGrants;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.DynamicGrant;
import io.bastion.security.acp.GrantingToken;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What dynamic authorization holds, or would do, for an explained request, read without side effects: the live grant
 * (or DAS tokens) or refusal remembered for (originator, target, operation), and for a deny what
 * the dynamic authorization fallback would do next ({@code DasFallback}) — deny at once on a held refusal, or consult
 * the DASs of the enabled dacs that the daci walk finds ({@link DacResolver}). No DAS is asked and nothing is remembered.
 */
final class DynamicFindings {
    private final DynamicAuthorization dynamic;

    DynamicFindings(DynamicAuthorization dynamic) {
        this.dynamic = dynamic;
    }

    /** One line each; empty when dynamic authorization is off or the originator is the admin. */
    List<String> describe(RequestContext x, Resource target, Operation op, AccessDecision d) {
        List<String> out = new ArrayList<>();
        if (dynamic == null || x.admin()) {
            return out;
        }
        DynamicGrants.Entry held = dynamic.grants().peek(dynamic.key(x, target, op), x.received());
        if (held instanceof DynamicGrants.Granted g) {
            for (DynamicGrant grant : g.grants()) {
                out.add("holds a dynamic grant for this originator, target and operation from dac " + grant.dacRi()
                        + ", until " + grant.expires());
            }
            for (GrantingToken t : g.tokens()) {
                out.add("holds token " + t.tokenId() + " returned by a DAS for this originator, target and "
                        + "operation, until " + t.notAfter());
            }
        } else if (held instanceof DynamicGrants.Refused r) {
            out.add("holds a refusal for this originator, target and operation until " + r.until() + ": "
                    + r.reason());
        }
        if (d.permitted()) {
            return out;
        }
        DacResolver.Resolution res = dynamic.resolve(target);
        String where = res.linkedBy() == null ? "the system default (das.default-dac)" : "daci of " + res.linkedBy();
        if (res.found().isEmpty()) {
            out.add("no dynamicAuthorizationConsultation applies (no daci on the target or its ancestors, no system "
                    + "default): no DAS would be consulted");
        } else if (res.enabled().isEmpty()) {
            out.add("the dac(s) found through " + where + " (" + String.join(", ", ris(res.found()))
                    + ") are disabled (dae false): no DAS would be consulted");
        } else if (held instanceof DynamicGrants.Refused) {
            out.add("a real request would be denied on the held refusal, without consulting the DAS again");
        } else {
            for (Resource dac : res.enabled()) {
                List<String> daps = new ArrayList<>();
                for (String entry : dac.getList("dap")) {
                    URI das = DasAddress.tryParse(entry);
                    if (das != null) {
                        daps.add(das.toString());
                    }
                }
                out.add("would consult dac " + dac.ri() + " (found through " + where + "): "
                        + (daps.isEmpty() ? "it has no usable DAS address (dap)" : "the DAS at "
                        + String.join(", then ", daps)) + "; explain consults no DAS");
            }
        }
        return out;
    }

    private static List<String> ris(List<Resource> dacs) {
        return dacs.stream().map(Resource::ri).toList();
    }
}
