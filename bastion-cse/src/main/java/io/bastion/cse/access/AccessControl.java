package io.bastion.cse.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.CseConfig;
import io.bastion.cse.pipeline.Exchange;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpCache;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the rules for a request come from (TS-0003 7.1, TS-0001 9.6.1.3 acpi) and the decision over them: the
 * {@code pv} of every ACP in the target's {@code acpi}; the {@code pvs} of an ACP for the ACP itself and for
 * changing {@code acpi}; for a resource without {@code acpi}, the creator alone; for a type that has no
 * {@code acpi} attribute (contentInstance), its parent's rules. The admin originator is always permitted. Parsed
 * policies are cached by ACP resource ID and last-modified time, so no JSON is parsed per request.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    private static final int MAX_WALK = 64;

    private final CseConfig config;
    private final ResourceStore store;
    private final AccessDecisionEngine engine;
    private final AcpCache policies;
    private final Clock clock;

    public AccessControl(CseConfig config, ResourceStore store, AccessDecisionEngine engine, AcpParser parser,
                         Clock clock) {
        this.config = config;
        this.store = store;
        this.engine = engine;
        this.policies = new AcpCache(parser);
        this.clock = clock;
    }

    /** Decides, throwing 4103 with the decision's summary on deny. */
    public AccessDecision authorize(Exchange x, Resource target, Operation op, Integer childTy) {
        AccessDecision d = decide(x, target, op, childTy);
        if (!d.permitted()) {
            throw OneM2MException.noPrivilege(d.summary());
        }
        return d;
    }

    /** Whether the originator may do {@code op} on {@code r} (child listings, discovery results). */
    public boolean permits(Exchange x, Resource r, Operation op) {
        return decide(x, r, op, null).permitted();
    }

    /**
     * An UPDATE: {@code acpi} must be the only attribute changed and needs UPDATE in a {@code pvs} of the currently
     * linked ACPs (the creator, when none is linked); other attributes need UPDATE in {@code pv}.
     */
    public AccessDecision authorizeUpdate(Exchange x, Resource target) {
        JsonNode pc = x.request().pc();
        ResourceType type = ResourceTypes.get(target.ty());
        JsonNode inner = pc == null ? null : pc.get(type.rootName());
        if (inner instanceof ObjectNode o && o.has("acpi") && type.hasAcpi()) {
            if (o.size() > 1) {
                throw OneM2MException.badRequest("accessControlPolicyIDs (acpi) must be updated on its own");
            }
            AccessDecision d = x.admin() ? AccessDecision.admin() : decideOn(x, target, Operation.UPDATE, null, true);
            log(x, target, Operation.UPDATE, d);
            if (!d.permitted()) {
                throw OneM2MException.noPrivilege("changing acpi needs UPDATE in selfPrivileges of the linked "
                        + "policies: " + d.summary());
            }
            return d;
        }
        return authorize(x, target, Operation.UPDATE, null);
    }

    public AccessDecision decide(Exchange x, Resource target, Operation op, Integer childTy) {
        AccessDecision d = x.admin() ? AccessDecision.admin() : decideOn(x, target, op, childTy, false);
        log(x, target, op, d);
        return d;
    }

    /** The NOTIFY right of a subscriber on a notification target of this CSE (4101 when missing). */
    public void requireNotify(Exchange x, Resource notificationTarget) {
        if (!permits(x, notificationTarget, Operation.NOTIFY)) {
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE,
                    "subscriber " + x.originator() + " has no NOTIFY privilege on " + notificationTarget.ri());
        }
    }

    private AccessDecision decideOn(Exchange x, Resource target, Operation op, Integer childTy, boolean acpiUpdate) {
        Resource holder = policyHolder(target);
        RequestFacts.Builder facts = RequestFacts.builder(x.originator(), op)
                .authenticated(x.peer().authentication().authenticated())
                .remoteIp(x.peer().address())
                .at(clock.instant())
                .roleIds(x.request().rids());
        if (childTy != null) {
            facts.create(childTy, target.ty());
        }
        if (holder.ty() == ResourceTypes.ACP) {
            return engine.decide(facts.build(), List.of(policy(holder)), PrivilegeSet.PVS);
        }
        List<String> acpi = holder.getList("acpi");
        if (acpi.isEmpty()) {
            return x.originator().equals(holder.creator()) && !x.originator().isEmpty()
                    ? AccessDecision.creator()
                    : AccessDecision.deny("no acpi on " + holder.ri() + " and the originator is not its creator");
        }
        List<AccessControlPolicy> linked = new ArrayList<>(acpi.size());
        for (String id : acpi) {
            acpResource(id).map(this::policy).ifPresent(linked::add);
        }
        if (linked.isEmpty()) {
            return AccessDecision.deny("none of the policies in acpi of " + holder.ri() + " exists");
        }
        return engine.decide(facts.build(), linked, acpiUpdate ? PrivilegeSet.PVS : PrivilegeSet.PV);
    }

    /**
     * The resource whose rules govern {@code r}: itself, or for a type without acpi, its nearest parent. Two
     * resources with the same holder get the same decision for the same request, which discovery exploits.
     */
    public Resource policyHolder(Resource r) {
        Resource cur = r;
        for (int i = 0; i < MAX_WALK; i++) {
            if (cur.ty() == ResourceTypes.ACP || ResourceTypes.get(cur.ty()).hasAcpi() || cur.pi() == null) {
                return cur;
            }
            Resource parent = store.get(cur.pi()).orElse(null);
            if (parent == null) {
                return cur;
            }
            cur = parent;
        }
        return cur;
    }

    /** An ACP by resource ID or by its structured or SP-relative address. */
    private Optional<Resource> acpResource(String id) {
        Optional<Resource> r = store.get(id);
        if (r.isEmpty()) {
            String rel = id;
            String prefix = config.cseId() + "/";
            if (rel.startsWith(prefix)) {
                rel = rel.substring(prefix.length());
                r = store.get(rel);
            }
            if (r.isEmpty() && rel.contains("/")) {
                r = store.getByPath(rel);
            }
        }
        return r.filter(a -> a.ty() == ResourceTypes.ACP && !a.isExpired(clock.instant()));
    }

    private AccessControlPolicy policy(Resource acp) {
        return policies.get(acp);
    }

    /** Forgets a parsed policy, e.g. after its ACP was deleted. */
    public void invalidate(String acpRi) {
        policies.invalidate(acpRi);
    }

    private void log(Exchange x, Resource target, Operation op, AccessDecision d) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("access rqi={} fr={} op={} target={}: {}", x.request().rqi(), x.originator(), op, target.ri(),
                    d.explain());
        }
    }
}
