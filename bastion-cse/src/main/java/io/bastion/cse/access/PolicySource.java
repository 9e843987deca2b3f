package io.bastion.cse.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AcpCache;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.SetOfAcrs;
import io.bastion.store.ResourceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the rules for a decision come from (TS-0003 7.1, TS-0001 9.6.1.3 acpi): the {@code pv} of every ACP in the
 * target's {@code acpi}; the {@code pvs} of an ACP for the ACP itself and for changing {@code acpi}; for a resource
 * without {@code acpi}, the creator alone; for a type that has no {@code acpi} attribute (contentInstance), its
 * parent's rules; for a request to a group's {@code fopt}, the {@code pv} of the group's {@code macp}
 * ({@link Rules#MACP}). Parsed policies are cached by ACP resource ID and last-modified time, so no JSON is parsed per
 * request, and forgotten when their ACP changes or goes ({@link #changed}).
 */
public final class PolicySource {
    private static final Logger LOG = LoggerFactory.getLogger(PolicySource.class);
    private static final int MAX_WALK = 64;

    private final AcpCache cache;
    private final AcpParser parser;
    private final ResourceStore store;
    private final String cseId;

    /** @param cseId this CSE's ID: {@code acpi} may name a policy by its SP-relative address */
    public PolicySource(ResourceStore store, AcpParser parser, String cseId) {
        this.cache = new AcpCache(parser);
        this.parser = parser;
        this.store = store;
        this.cseId = cseId;
    }

    /** Which rules of the target decide a request. */
    public enum Rules {
        /** {@code pv} of the policies in {@code acpi} (the creator alone when there are none): any other request. */
        ACPI,
        /** {@code pvs} of the policies in {@code acpi}: an UPDATE that changes {@code acpi} (TS-0001 9.6.2.1). */
        ACPI_SELF,
        /**
         * A request to the group's {@code fopt}: {@code pv} of the policies in the group's
         * membersAccessControlPolicyIDs ({@code macp}), of its {@code acpi} when {@code macp} is not provided (TS-0004
         * 7.4.14.3.2 to 7.4.14.3.5, additions to Recv-6.3; TS-0001 10.2.7.6 to 10.2.7.10). The fanOutPoint is
         * not the group: a dynamic grant or DAS consultation for the group does not cover it (no DAS is consulted for
         * it), and a token's permission applies only when its {@code ris} names the fanOutPoint.
         */
        MACP;

        /**
         * The rules of an UPDATE: {@link #ACPI_SELF} when it changes {@code acpi}, which must then come alone (4000
         * when other attributes come with it); {@link #ACPI} otherwise.
         */
        public static Rules ofUpdate(Request rq, Resource target) {
            ResourceType type = ResourceTypes.of(target);
            // The content under any root the resource is updated by: its own (a flexContainer's specialization's) or
            // another its descriptor accepts (a TS-0022 object's m2m: form), so that no spelling of the root lets an
            // acpi change be decided by pv. A root the update then refuses (4000) is decided here as if accepted.
            JsonNode inner = contentUnderRoot(rq.pc(), target, type);
            if (inner instanceof ObjectNode o && o.has("acpi") && type.hasAcpi()) {
                if (o.size() > 1) {
                    throw OneM2MException.badRequest("accessControlPolicyIDs (acpi) must be updated on its own");
                }
                return ACPI_SELF;
            }
            return ACPI;
        }

        private static JsonNode contentUnderRoot(JsonNode pc, Resource target, ResourceType type) {
            if (pc == null || !pc.isObject() || pc.size() != 1) {
                return null;
            }
            String given = pc.fieldNames().next();
            return given.equals(ResourceTypes.rootNameOf(target)) || type.acceptsRoot(given) ? pc.get(given) : null;
        }
    }

    /**
     * The rules found for one decision.
     *
     * @param holder the resource whose rules govern the target: itself, or for a type without acpi its nearest parent
     * @param source which rules apply
     * @param privileges {@code pv} or {@code pvs} when policies apply, else null
     * @param consulted the parsed policies, in {@code acpi} (or {@code macp}) order; empty for {@link
     *        Assessment.Source#CREATOR}, and when none of the linked ones exists or can be evaluated
     * @param missing the linked IDs that name no unexpired accessControlPolicy or one that cannot be evaluated
     */
    public record Policies(Resource holder, Assessment.Source source, PrivilegeSet privileges,
                           List<AccessControlPolicy> consulted, List<String> missing) {

        /** The attribute that linked the policies: {@code macp} or {@code acpi}. */
        public String attribute() {
            return source == Assessment.Source.MACP ? "macp" : "acpi";
        }
    }

    /** The rules that decide {@code target} by {@code rules} for the request {@code x}, at its request time. */
    public Policies of(RequestContext x, Resource target, Rules rules) {
        Resource holder = holder(x, target);
        Instant at = x.received();
        if (isPolicy(holder)) {
            Optional<AccessControlPolicy> own = policy(holder).or(() -> selfPrivilegesOnly(holder));
            return new Policies(holder, Assessment.Source.SELF, PrivilegeSet.PVS, own.map(List::of).orElse(List.of()),
                    List.of());
        }
        boolean members = rules == Rules.MACP && !holder.getList("macp").isEmpty();
        List<String> ids = holder.getList(members ? "macp" : "acpi");
        if (ids.isEmpty()) {
            return new Policies(holder, Assessment.Source.CREATOR, null, List.of(), List.of());
        }
        boolean self = rules == Rules.ACPI_SELF;
        List<AccessControlPolicy> linked = new ArrayList<>(ids.size());
        List<String> missing = List.of();
        for (String id : ids) {
            Optional<AccessControlPolicy> acp = acpResource(id, at)
                    .flatMap(r -> self ? policy(r).or(() -> selfPrivilegesOnly(r)) : policy(r));
            if (acp.isPresent()) {
                linked.add(acp.get());
            } else {
                missing = missing.isEmpty() ? new ArrayList<>(1) : missing;
                missing.add(id);
            }
        }
        return new Policies(holder, members ? Assessment.Source.MACP
                : self ? Assessment.Source.ACPI_SELF : Assessment.Source.ACPI,
                self ? PrivilegeSet.PVS : PrivilegeSet.PV, linked, missing);
    }

    /**
     * The resource whose rules govern {@code r}: itself, or for a type without acpi, its nearest parent (but a
     * registree's resource, {@code ResourceType#registreeOnly}, which governs itself). Two
     * resources with the same holder get the same decision for the same request, which discovery exploits. A parent
     * the request resolved already (its target, such as the container of the instances a listing or a discovery
     * decides on, or one of the target's ancestors, such as the container of a contentInstance) is not read again.
     */
    public Resource holder(RequestContext x, Resource r) {
        Resource cur = r;
        for (int i = 0; i < MAX_WALK; i++) {
            ResourceType type = ResourceTypes.get(cur.ty());
            // A registree's resource (a pollingChannel) has no acpi, yet is governed by itself, not by its parent.
            if (isPolicy(cur) || type.hasAcpi() || type.registreeOnly() || cur.pi() == null) {
                return cur;
            }
            Resource parent = resolved(x, cur.pi());
            if (parent == null) {
                parent = store.get(cur.pi()).orElse(null);
            }
            if (parent == null) {
                return cur;
            }
            cur = parent;
        }
        return cur;
    }

    /** The resource {@code ri} if the request resolved it as its target or read it as one of its ancestors. */
    private static Resource resolved(RequestContext x, String ri) {
        Target t = x.target();
        return t == null ? null : t.known(ri).orElse(null);
    }

    /** Forgets the parsed policies of the accessControlPolicies a committed change updated or deleted. */
    public void changed(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            if (isPolicy(e.resource()) && e.kind() != ResourceEvent.Kind.CREATED) {
                cache.invalidate(e.resource().ri());
            }
        }
    }

    /**
     * The unexpired accessControlPolicy resources linked to {@code target} by {@code acpi} (of its holder), for the
     * attributes beside the rules ({@code adri}, {@code apri}, {@code airi}); read from the store, so only for requests
     * the rules denied.
     */
    public List<Resource> linkedResources(RequestContext x, Resource target) {
        Resource holder = holder(x, target);
        if (isPolicy(holder)) {
            return List.of();
        }
        List<Resource> out = new ArrayList<>(2);
        for (String id : holder.getList("acpi")) {
            acpResource(id, x.received()).ifPresent(out::add);
        }
        return out;
    }

    /** An ACP by resource ID or by its structured or SP-relative address, unexpired at the request time. */
    private Optional<Resource> acpResource(String id, Instant at) {
        Optional<Resource> r = store.get(id);
        if (r.isEmpty()) {
            String rel = id;
            String prefix = cseId + "/";
            if (rel.startsWith(prefix)) {
                rel = rel.substring(prefix.length());
                r = store.get(rel);
            }
            if (r.isEmpty() && rel.contains("/")) {
                r = store.getByPath(rel);
            }
        }
        return r.filter(a -> isPolicy(a) && !a.isExpired(at));
    }

    /**
     * An accessControlPolicy, or its announced variant: an {@code <accessControlPolicyAnnc>} governs the announced
     * resources whose {@code acpi} names it (TS-0001 9.6.26.3, table 9.6.26.3-1) and itself by its {@code pvs}, as
     * the original does on its CSE.
     */
    static boolean isPolicy(Resource r) {
        return r.ty() == ResourceTypes.ACP || r.ty() == ResourceTypes.ACP_ANNC;
    }

    /**
     * The parsed rules of a stored policy. A policy stored under older, laxer validation may not parse any
     * more; it then permits nothing (the request is denied, never failed with a client error).
     */
    private Optional<AccessControlPolicy> policy(Resource acp) {
        try {
            return Optional.of(cache.get(acp));
        } catch (OneM2MException e) {
            LOG.warn("accessControlPolicy {} cannot be evaluated and permits nothing: {}", acp.ri(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * When a stored policy's {@code pv} no longer parses, its {@code pvs} alone still governs the policy itself
     * (and {@code acpi} changes), so that its owner can repair it; {@code pv} then permits nothing.
     */
    private Optional<AccessControlPolicy> selfPrivilegesOnly(Resource acp) {
        try {
            return Optional.of(new AccessControlPolicy(acp.ri(), SetOfAcrs.EMPTY,
                    parser.parseSetOfAcrs(acp.get("pvs"), "pvs", false)));
        } catch (OneM2MException e) {
            return Optional.empty();
        }
    }
}
