package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.config.CseConfig;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.Grants;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import io.bastion.security.acp.SetOfAcrs;
import io.bastion.cse.role.RoleRepository;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PDP bound to every {@code <authorizationDecision>} (TS-0003 7.5.2, TS-0004 7.4.43.2.3). Where it gets policies
 * and
 * information is left open by the texts; Bastion's choice gives the ACP attributes {@code apri} and {@code airi} their
 * effect here: the policies linked to the {@code <authorizationDecision>} ({@code acpi}, the ones that say who may ask
 * it) name its PRPs in {@code apri} and its PIPs in {@code airi}, asked in order (7.5.3/7.5.4: NOT_APPLICABLE,
 * the next).
 * Without {@code apri} this CSE is its own PRP ({@link PolicyRetrievalPoint#applicable}); without {@code airi} the
 * Role-IDs of the request are verified against this CSE's own role repository.
 *
 * <p>Evaluation is the decision engine's (TS-0003 7.1) over the {@code pv} of the retrieved policies, combined by
 * PERMIT_OVERRIDES (the engine permits when any rule of any policy does), with the roles the PIP returned as verified
 * roles. Statuses (TS-0004 7.4.43.2.3 steps 3-4): no policy from any PRP NOT_APPLICABLE; a PRP or PIP failing and none
 * answering PROCESSING_ERROR (TS-0004's "INDETERMINATE" is no value of m2m:authorizationStatus); a policy that does not
 * parse SYNTAX_ERROR; Role-IDs of the request that no PIP (or the repository) confirms MISSING_ATTRIBUTE; otherwise
 * OK with {@code dec} 1 PERMIT or 2 DENY.
 */
public final class DecisionPoint extends AuthorizationPointBehaviour {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionPoint.class);

    private final CseConfig config;
    private final ResourceStore store;
    private final AuthorizationPoints points;
    private final PolicyRetrievalPoint prp;
    private final RoleRepository roles;
    private final AcpParser parser;
    private final AccessDecisionEngine engine;
    private final Clock clock;
    private final Duration timeout;

    public DecisionPoint(CseConfig config, AccessControl access, ResourceStore store, AuthorizationPoints points,
                         PolicyRetrievalPoint prp, RoleRepository roles, AcpParser parser, AccessDecisionEngine engine,
                         Clock clock, Duration timeout) {
        super(access, store, config.cseBaseRi());
        this.config = config;
        this.store = store;
        this.points = points;
        this.prp = prp;
        this.roles = roles;
        this.parser = parser;
        this.engine = engine;
        this.clock = clock;
        this.timeout = timeout;
        points.register(this);
    }

    @Override
    int ty() {
        return ResourceTypes.AUDS;
    }

    @Override
    Set<String> requestAttributes() {
        return Set.of("to", "fr", "op", "rrt", "fu", "rids", "tids", "tkns", "rtm", "olo", "oip");
    }

    @Override
    ObjectNode answer(Resource point, String requester, ObjectNode request) {
        DecisionRequest rq = DecisionRequest.parse(request, clock.instant());
        ObjectNode out = request.objectNode();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> apri = new ArrayList<>();
        List<String> airi = new ArrayList<>();
        linked(point, apri, airi);
        // Policies
        List<JsonNode> sets = new ArrayList<>();
        AuthorizationStatus policyStatus = AuthorizationStatus.NOT_APPLICABLE;
        if (apri.isEmpty()) {
            prp.applicable(rq.to()).forEach(a -> sets.add(a.get("pv")));
            policyStatus = sets.isEmpty() ? AuthorizationStatus.NOT_APPLICABLE : AuthorizationStatus.OK;
        } else {
            ObjectNode ask = out.objectNode().put("to", rq.to());
            for (String address : apri) {
                ObjectNode a = ask(address, ResourceTypes.AUPY, ask, deadline);
                AuthorizationStatus s = a == null ? AuthorizationStatus.PROCESSING_ERROR
                        : AuthorizationStatus.of(a.path("sus").asInt());
                if (s == AuthorizationStatus.OK) {
                    JsonNode pv = a.path("ps").path("pv");
                    if (!pv.isArray() || (a.has("ca") && a.path("ca").asInt() != 1)) {
                        return status(out, AuthorizationStatus.SYNTAX_ERROR);
                    }
                    pv.forEach(sets::add);
                    policyStatus = AuthorizationStatus.OK;
                    break;
                }
                if (s != AuthorizationStatus.NOT_APPLICABLE) {
                    policyStatus = AuthorizationStatus.PROCESSING_ERROR;
                }
            }
        }
        if (policyStatus != AuthorizationStatus.OK || sets.isEmpty()) {
            return status(out, policyStatus == AuthorizationStatus.OK ? AuthorizationStatus.NOT_APPLICABLE
                    : policyStatus);
        }
        List<AccessControlPolicy> policies = new ArrayList<>(sets.size());
        try {
            for (int i = 0; i < sets.size(); i++) {
                SetOfAcrs set = parser.parseSetOfAcrs(sets.get(i), "ps.pv", true);
                policies.add(new AccessControlPolicy("policy " + i + " of " + point.ri(), set, SetOfAcrs.EMPTY));
            }
        } catch (RuntimeException e) {
            return status(out, AuthorizationStatus.SYNTAX_ERROR);
        }
        // Information
        Grants.Builder grants = Grants.builder();
        if (airi.isEmpty()) {
            try {
                roles.verify(rq.rids(), rq.fr(), rq.rtm()).forEach(grants::role);
            } catch (OneM2MException e) {
                return status(out, AuthorizationStatus.MISSING_ATTRIBUTE);
            }
        } else {
            Set<String> held = new LinkedHashSet<>();
            ObjectNode ask = out.objectNode().put("fr", rq.fr());
            if (!rq.rids().isEmpty()) {
                ask.set("rids", out.arrayNode().addAll(rq.rids().stream().map(out::textNode).toList()));
            }
            for (String address : airi) {
                ObjectNode a = ask(address, ResourceTypes.AUIF, ask, deadline);
                if (a != null && AuthorizationStatus.of(a.path("sus").asInt()) == AuthorizationStatus.OK) {
                    for (JsonNode role : a.path("m2m:rol")) {
                        String holder = role.path("tkhd").asText("");
                        String rlid = role.path("rlid").asText("");
                        if (!rlid.isEmpty() && roles.holderKey(holder).equals(roles.holderKey(rq.fr()))) {
                            held.add(rlid);
                            grants.role(rlid, "PIP " + address);
                        }
                    }
                    break;
                }
            }
            if (!held.containsAll(rq.rids())) {
                return status(out, AuthorizationStatus.MISSING_ATTRIBUTE);
            }
        }
        RequestFacts.Builder facts = RequestFacts.builder(rq.fr(), rq.op()).authenticated(true).at(rq.rtm())
                .roleIds(rq.rids());
        if (rq.oip() != null) {
            facts.remoteIp(rq.oip());
        }
        if (rq.rrt() != null) {
            facts.create(rq.rrt(), 0);
        }
        AccessDecision d = engine.decide(facts.build(), policies, PrivilegeSet.PV, grants.build());
        LOG.debug("PDP {} for {}: {} {} on {}: {}", point.ri(), requester, rq.fr(), rq.op(), rq.to(), d.summary());
        out.put("dec", d.permitted() ? 1 : 2);
        out.put("sus", AuthorizationStatus.OK.code());
        return out;
    }

    private ObjectNode ask(String address, int ty, ObjectNode request, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        try {
            return points.ask(address, ty, request.deepCopy(), Duration.ofNanos(left));
        } catch (PointFailure f) {
            LOG.info("PDP: {}", f.getMessage());
            return null;
        }
    }

    private static ObjectNode status(ObjectNode out, AuthorizationStatus s) {
        out.removeAll();
        out.put("sus", s.code());
        return out;
    }

    /** The apri and airi of the policies linked to the decision point, in acpi order, without repeats. */
    private void linked(Resource point, List<String> apri, List<String> airi) {
        Set<String> p = new LinkedHashSet<>();
        Set<String> i = new LinkedHashSet<>();
        for (Resource acp : policiesOf(point)) {
            p.addAll(acp.getList("apri"));
            i.addAll(acp.getList("airi"));
        }
        apri.addAll(p);
        airi.addAll(i);
    }

    private List<Resource> policiesOf(Resource point) {
        List<Resource> out = new ArrayList<>();
        for (String id : point.getList("acpi")) {
            String rel = id.startsWith(config.cseId() + "/") ? id.substring(config.cseId().length() + 1) : id;
            store.get(rel).or(() -> rel.contains("/") ? store.getByPath(rel) : java.util.Optional.empty())
                    .filter(r -> r.ty() == ResourceTypes.ACP && !r.isExpired(clock.instant()))
                    .ifPresent(out::add);
        }
        return out;
    }
}
