package io.bastion.cse.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.PolicySource.Policies;
import io.bastion.cse.access.PolicySource.Rules;
import io.bastion.cse.announce.AnnouncedBehaviour;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.dynamic.Consultation;
import io.bastion.cse.dynamic.DynamicFallback;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.Grants;
import io.bastion.security.acp.LocationSource;
import io.bastion.security.acp.OriginatorLocation;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import io.bastion.security.dynamic.TokenRequestInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides and audits (TS-0003 7.1): the rules of the target ({@link PolicySource}) with what the request brings
 * ({@link RequestGrants}) go to the decision engine; when they deny, dynamic authorization may follow
 * ({@link DynamicFallback}). The admin originator is always permitted. A failure never permits: the engine denies what
 * it cannot evaluate, and anything else that fails (the store) fails the request.
 *
 * <p>The request time of every decision is the time the CSE received the request ({@link RequestContext#received()}).
 * The originator's location comes from a {@link LocationSource} ({@link LocationSource#NONE} unless one is given),
 * asked only when a consulted rule has a location region. The decisions that refuse or admit a request
 * ({@link #authorize}, {@link #authorizeUpdate}, {@link #audited}) go to the audit sink: denies always, permits when it
 * asks for them. Decisions that only filter what a request sees (discovery results, child listings, {@link #permits})
 * are not audited. A refusal tells the originator only which operation was refused and why in general terms
 * ({@link Refusal}); the resource decided on, the policies and the trail of failed rules go to the audit sink, and to
 * {@code explain} through {@link #assess}.
 *
 * <p>A type that belongs to its registree ({@link ResourceType#registreeOnly}, the pollingChannel) is decided by that
 * rule alone ({@link #registree}): TS-0004 7.4.21.2 and 7.4.22.2.2 name no exception, and the channel carries the
 * AE's requests, so neither policies, tokens, roles, DAS grants nor the admin open it.
 */
public final class AccessControl {
    /** Announced variants are numbered 10000 + the original's number (TS-0004 table 6.3.4.2.1-1). */
    private static final int ANNOUNCED_TYPES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    private final PolicySource policies;
    private final RequestGrants grants;
    private final DynamicFallback dynamic;
    private final DistributedFallback distributed;
    private final AccessDecisionEngine engine;
    private final LocationSource locations;
    private final AuditSink audit;

    /**
     * @param dynamic what follows a deny ({@link DynamicFallback#NONE}: nothing)
     * @param locations where originators are, for location regions ({@link LocationSource#NONE}: unknown, they deny)
     * @param audit where decisions are recorded ({@link AuditSink#NONE}: nowhere)
     */
    public AccessControl(PolicySource policies, RequestGrants grants, DynamicFallback dynamic,
                         AccessDecisionEngine engine, LocationSource locations, AuditSink audit) {
        this(policies, grants, dynamic, DistributedFallback.NONE, engine, locations, audit);
    }

    /** @param distributed what follows a deny that dynamic authorization did not turn ({@link DistributedFallback}) */
    public AccessControl(PolicySource policies, RequestGrants grants, DynamicFallback dynamic,
                         DistributedFallback distributed, AccessDecisionEngine engine, LocationSource locations,
                         AuditSink audit) {
        this.distributed = distributed == null ? DistributedFallback.NONE : distributed;
        this.policies = policies;
        this.grants = grants;
        this.dynamic = dynamic == null ? DynamicFallback.NONE : dynamic;
        this.engine = engine;
        this.locations = locations == null ? LocationSource.NONE : locations;
        this.audit = audit == null ? AuditSink.NONE : audit;
    }

    /**
     * Decides and audits, throwing 4103 on deny with a message in general terms ({@link Refusal}; the decision with its
     * trail is in the audit entry). When the policies (with the request's tokens, roles and remembered dynamic grants)
     * deny, dynamic authorization follows (TS-0004 7.3.3.15) if an enabled dac applies: with {@code tqi} true the
     * indirect flow (4103 with {@code m2m:tqf}, TS-0003 7.3.2.3), otherwise the direct consultation of the DAS and a
     * second decision with what it granted.
     */
    public AccessDecision authorize(RequestContext x, Resource target, Operation op, Integer childTy) {
        return authorize(x, target, op, childTy, Rules.ACPI, null);
    }

    /**
     * A request to the fanOutPoint of {@code group} ({@link Rules#MACP}): decided, audited and refused with 4103 before
     * any member is asked. {@code op} is the operation of the request sent to {@code fopt} (a subscription through it
     * is a CREATE, TS-0001 10.2.7.10).
     */
    public AccessDecision authorizeFanOut(RequestContext x, Resource group, Operation op, Integer childTy) {
        return authorize(x, group, op, childTy, Rules.MACP, null);
    }

    /**
     * A privilege the request needs on a resource other than its target, or for another operation than its own (the
     * hosting CSE acts on the originator's behalf: to subscribe, RETRIEVE on the subscribed-to resource; to add a
     * member to a group, RETRIEVE on the member): decided, audited and refused exactly as a request for {@code op} on
     * {@code target} would be, with 4103 saying {@code what} needed it.
     *
     * @param what what needed the privilege, in the originator's words (e.g. {@code member cse-in/ae/c1 of
     *     memberIDs (mid)}); never a resource ID the originator did not give
     */
    public AccessDecision require(RequestContext x, Resource target, Operation op, String what) {
        return authorize(x, target, op, null, Rules.ACPI, what);
    }

    private AccessDecision authorize(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules,
                                     String what) {
        AccessDecision d = decide(x, target, op, childTy, rules);
        Refusal.Dynamic told = Refusal.Dynamic.NONE;
        // Only pv decisions fall back: no DAS decides a change of acpi, a request to a fanOutPoint or the registree
        // rule.
        if (!d.permitted() && !x.admin() && rules == Rules.ACPI && registree(x, target, op, childTy) == null) {
            switch (dynamic.afterDeny(x, target, op, grants.credentials(x).roleIds())) {
                case Consultation.TokensOffered offered -> throw tokensOffered(x, target, op, childTy, rules, what, d,
                        offered.info());
                case Consultation.Granted g -> {
                    AccessDecision again = decide(x, target, op, childTy, rules);
                    if (again.permitted()) {
                        d = again;
                    } else {
                        d = withNote(d, "dynamic authorization: the DAS at " + g.das()
                                + " granted privileges that do not cover this request");
                        told = Refusal.Dynamic.NOT_COVERED;
                    }
                }
                case Consultation.Denied denied -> {
                    d = withNote(d, "dynamic authorization: " + denied.reason()
                            + (denied.cached() ? " (remembered)" : ""));
                    told = Refusal.Dynamic.DENIED;
                }
                case Consultation.NotApplicable none -> {
                }
            }
        }
        // Then the PDPs an ACP of the target names in adri (TS-0003 7.5.2), on the same requests as a DAS.
        if (!d.permitted() && !x.admin() && rules == Rules.ACPI && registree(x, target, op, childTy) == null) {
            AccessDecision pdp = distributed.afterDeny(x, target, op, childTy);
            if (pdp != null && pdp.permitted()) {
                d = pdp;
            } else if (pdp instanceof AccessDecision.Deny no) {
                for (String note : no.notes()) {
                    d = withNote(d, note);
                }
            }
        }
        audit(x, target, op, childTy, d, ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        if (!d.permitted()) {
            // The originator learns the operation and why in general terms; IDs and the trail are in the audit entry.
            throw OneM2MException.noPrivilege(Refusal.of(op, childTy, target, rules, what, told));
        }
        return d;
    }

    /** The indirect flow: 4103 whose content is the Token Request Information, audited with the deny. */
    private OneM2MException tokensOffered(RequestContext x, Resource target, Operation op, Integer childTy,
                                          Rules rules, String what, AccessDecision d, TokenRequestInfo info) {
        String note = info != null
                ? "token request information (tqf) returned: the originator may fetch tokens from the DAS"
                : "dynamic authorization: no DAS address (dap) of the applicable dacs is usable for tokens";
        audit(x, target, op, childTy, withNote(d, note), ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        return new OneM2MException(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, Refusal.of(op, childTy, target,
                rules, what, info != null ? Refusal.Dynamic.TOKENS : Refusal.Dynamic.DENIED),
                info == null ? null : info.toJson());
    }

    /** A deny with one more note in its trail. */
    private static AccessDecision withNote(AccessDecision d, String note) {
        if (!(d instanceof AccessDecision.Deny deny)) {
            return d;
        }
        List<String> notes = new ArrayList<>(deny.notes().size() + 2);
        if (deny.failures().isEmpty() && deny.notes().isEmpty()) {
            notes.add(AccessDecision.Deny.NO_RULE_PERMITS);
        }
        notes.addAll(deny.notes());
        notes.add(note);
        return new AccessDecision.Deny(deny.failures(), notes);
    }

    /**
     * For {@code explain}: what distributed authorization would do after a deny of this request (the PDPs of
     * {@code adri} it would ask, or the decision it holds), asking no PDP ({@link DistributedFallback#wouldDo}).
     */
    public List<String> distributedFindings(RequestContext x, Resource target, Operation op, Integer childTy) {
        if (x.admin() || registree(x, target, op, childTy) != null) {
            return List.of();
        }
        return distributed.wouldDo(x, target, op, childTy);
    }

    /** Whether the originator may do {@code op} on {@code r} (child listings, discovery results); not audited. */
    public boolean permits(RequestContext x, Resource r, Operation op) {
        return decide(x, r, op, null, Rules.ACPI).permitted();
    }

    /**
     * An UPDATE: {@code acpi} must be the only attribute changed and needs UPDATE in a {@code pvs} of the currently
     * linked ACPs (the creator, when none is linked; no dynamic authorization); other attributes need UPDATE in
     * {@code pv} ({@link Rules#ofUpdate}).
     */
    public AccessDecision authorizeUpdate(RequestContext x, Resource target) {
        return authorize(x, target, Operation.UPDATE, null, Rules.ofUpdate(x.request(), target), null);
    }

    /**
     * The decision for {@code op} on {@code target} by its {@code pv}, audited (a deny with {@code denyCode}) but not
     * enforced, and without dynamic authorization: for a privilege the request needs for another party, which the
     * caller refuses in its own words (the NOTIFY privilege of a subscriber on a notification target, 4101).
     */
    public AccessDecision audited(RequestContext x, Resource target, Operation op, ResponseStatusCode denyCode) {
        AccessDecision d = decide(x, target, op, null, Rules.ACPI);
        audit(x, target, op, null, d, denyCode);
        return d;
    }

    private AccessDecision decide(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules) {
        AccessDecision d = registree(x, target, op, childTy);
        if (d == null) {
            AccessDecision announcing = announcing(x, target, op, childTy);
            d = x.admin() ? AccessDecision.admin() : announcing != null ? announcing
                    : decideOn(x, target, op, childTy, rules, policies.of(x, target, rules));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("access rqi={} fr={} op={} target={}: {}", x.request().rqi(), x.originator(), op, target.ri(),
                    d.explain());
        }
        return d;
    }

    /**
     * The decision {@link #decide} makes by {@code rules} ({@link Rules#ACPI_SELF} for the change of acpi of
     * {@link #authorizeUpdate}, {@link Rules#MACP} for {@link #authorizeFanOut}), with where its rules came from;
     * neither audited nor enforced. For {@code explain}.
     */
    public Assessment assess(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules) {
        AccessDecision own = registree(x, target, op, childTy);
        if (own != null) {
            return new Assessment(own, target, Assessment.Source.REGISTREE, null, null, null, null);
        }
        if (x.admin()) {
            return new Assessment(AccessDecision.admin(), target, Assessment.Source.ADMIN, null, null, null, null);
        }
        AccessDecision announcing = announcing(x, target, op, childTy);
        if (announcing != null) {
            return new Assessment(announcing, target, Assessment.Source.ANNOUNCEMENT, null, null, null, null);
        }
        Policies p = policies.of(x, target, rules);
        String location = usesLocation(p.consulted(), p.privileges())
                ? locations.describe(x.originator(), x.peer().address(), x.received()).orElse(null) : null;
        return new Assessment(decideOn(x, target, op, childTy, rules, p), p.holder(), p.source(), p.privileges(),
                p.consulted().stream().map(AccessControlPolicy::ri).toList(), p.missing(), location);
    }

    private AccessDecision decideOn(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules,
                                    Policies p) {
        Grants g = grants.of(x, target, op, rules);
        RequestFacts.Builder facts = RequestFacts.builder(x.originator(), op)
                .authenticated(x.peer().authentication().authenticated())
                .remoteIp(x.peer().address())
                .at(x.received())
                .roleIds(x.request().rids());
        if (childTy != null) {
            facts.create(childTy, target.ty());
        }
        Resource holder = p.holder();
        switch (p.source()) {
            case SELF -> {
                if (p.consulted().isEmpty()) {
                    return AccessDecision.deny("accessControlPolicy " + holder.ri()
                            + " cannot be evaluated (its rules are no longer valid); nothing is permitted");
                }
            }
            case CREATOR -> {
                if (x.originator().equals(holder.creator()) && !x.originator().isEmpty()) {
                    if (!createsSensitive(x, op, childTy)) {
                        return AccessDecision.creator();
                    }
                    return orGrants(facts, g, AccessDecision.deny("no acpi on " + holder.ri() + ": a "
                            + ResourceTypes.forContent(childTy, rootOf(x)).name() + " carries credentials and is "
                            + "created only with an explicit privilege (an access control policy, a token, a role or "
                            + "a DAS grant), never by the creator-only default"));
                }
                return orGrants(facts, g, AccessDecision.deny("no " + (rules == Rules.MACP ? "macp or " : "")
                        + "acpi on " + holder.ri() + " and the originator is not its creator"));
            }
            default -> {
                if (p.consulted().isEmpty()) {
                    return orGrants(facts, g, AccessDecision.deny("none of the policies in " + p.attribute()
                            + " of " + holder.ri() + " exists"));
                }
            }
        }
        locate(facts, x, p.consulted(), p.privileges());
        return engine.decide(facts.build(), p.consulted(), p.privileges(), g);
    }

    /**
     * The registree rule ({@link ResourceType#registreeOnly}), or null where it does not decide: a resource of such a
     * type is used by its creator alone (TS-0004 7.4.22.2.2 Recv-6.3, "the creator of the parent
     * &lt;pollingChannel&gt;"; 7.4.21.2.2 to .4); creating one needs the originator to be the AE-ID of the target
     * {@code <AE>} (7.4.21.2.1), after which the target's own rules decide as for any CREATE (null).
     */
    static AccessDecision registree(RequestContext x, Resource target, Operation op, Integer childTy) {
        ResourceType type = ResourceTypes.of(target);
        String fr = x.originator();
        if (type.registreeOnly()) {
            if (!fr.isEmpty() && fr.equals(target.creator())) {
                return AccessDecision.byDefault("registree", "the originator created this " + type.name()
                        + " (TS-0004 7.4.21.2, 7.4.22.2.2)");
            }
            return AccessDecision.deny("only the creator of " + type.name() + " " + target.ri() + " ("
                    + target.creator() + ") may use it and its " + "pollingChannelURI (TS-0004 7.4.21.2, "
                    + "7.4.22.2.2); no policy, token, role, DAS grant or admin privilege opens it");
        }
        // Under a parent that cannot hold one, the CREATE is refused for that (4108) after its own rules decided.
        if (op == Operation.CREATE && childTy != null && type.allowsChild(childTy)
                && ResourceTypes.byTy(childTy).map(ResourceType::registreeOnly).orElse(false)) {
            String owner = registreeOf(target);
            if (owner == null || !owner.equals(fr)) {
                return AccessDecision.deny("a " + ResourceTypes.get(childTy).name() + " is created only by the "
                        + "registree its parent stands for (the AE-ID " + owner + " of the target AE, TS-0004 "
                        + "7.4.21.2.1), whatever policies grant, the admin included");
            }
        }
        return null;
    }

    /**
     * The ID of the entity a resource represents: an AE's AE-ID, a remoteCSE's CSE-ID; null for any other type, so
     * that nothing can create a registree's resource under it. (A pollingChannel is a child of an AE only until
     * requests are forwarded to remote CSEs through one: then the remoteCSE lists it among its children.)
     */
    private static String registreeOf(Resource parent) {
        return switch (parent.ty()) {
            case ResourceTypes.AE -> parent.getText("aei");
            case ResourceTypes.CSR -> parent.getText("csi");
            default -> null;
        };
    }

    /**
     * The CSE hosting the original of an announced resource may read, update and delete it and create announced
     * children under it, whatever its policies (which are the original's, for the original's users): TS-0001
     * 10.2.13.6 and 10.2.13.11 grant "if the value of the From parameter ... is identical with the CSE-ID included in
     * the link attribute". Null for any other request, and at once for a target that is not announced (a type number
     * below 10000), so that ordinary requests pay one comparison.
     */
    private static AccessDecision announcing(RequestContext x, Resource target, Operation op, Integer childTy) {
        if (target.ty() < ANNOUNCED_TYPES || !ResourceTypes.of(target).isAnnounced()) {
            return null;
        }
        boolean allowed = switch (op) {
            case RETRIEVE, UPDATE, DELETE -> true;
            case CREATE -> childTy != null && childTy >= ANNOUNCED_TYPES;
            default -> false;
        };
        if (!allowed || !AnnouncedBehaviour.hostedBy(target, x.originator())) {
            return null;
        }
        return AccessDecision.byDefault("announcement", x.originator() + " hosts the original resource "
                + target.getText("lnk") + " (TS-0001 10.2.13.6, 10.2.13.11)");
    }

    /** Whether a CREATE asks for a sensitive type ({@code ResourceType#sensitive}), by the root of its content. */
    private static boolean createsSensitive(RequestContext x, Operation op, Integer childTy) {
        return op == Operation.CREATE && childTy != null
                && ResourceTypes.byTy(childTy).isPresent() && ResourceTypes.forContent(childTy, rootOf(x)).sensitive();
    }

    private static String rootOf(RequestContext x) {
        JsonNode pc = x.request().pc();
        return pc != null && pc.isObject() && pc.size() == 1 ? pc.fieldNames().next() : null;
    }

    /** Where no policy applies, the grants alone: their permit, or the deny with their trail after the first note. */
    private AccessDecision orGrants(RequestFacts.Builder facts, Grants g, AccessDecision none) {
        if (g.isEmpty()) {
            return none;
        }
        AccessDecision d = engine.decide(facts.build(), List.of(), PrivilegeSet.PV, g);
        if (d.permitted() || !(d instanceof AccessDecision.Deny granted) || !(none instanceof AccessDecision.Deny n)) {
            return d;
        }
        List<String> notes = new ArrayList<>(n.notes());
        notes.addAll(granted.notes());
        return new AccessDecision.Deny(granted.failures(), notes);
    }

    /** Asks the location source, only when a consulted rule has a location region; a failing source knows nothing. */
    private void locate(RequestFacts.Builder facts, RequestContext x, List<AccessControlPolicy> consulted,
                        PrivilegeSet which) {
        if (locations == LocationSource.NONE || !usesLocation(consulted, which)) {
            return;
        }
        Optional<OriginatorLocation> where;
        try {
            where = locations.locate(x.originator(), x.peer().address(), x.received());
        } catch (RuntimeException e) {
            LOG.warn("location source failed for rqi={}: {}; location regions deny", x.request().rqi(), e.toString());
            where = Optional.empty();
        }
        facts.location(where);
    }

    private static boolean usesLocation(List<AccessControlPolicy> consulted, PrivilegeSet which) {
        for (AccessControlPolicy p : consulted) {
            if (p.usesLocation(which)) {
                return true;
            }
        }
        return false;
    }

    private void audit(RequestContext x, Resource target, Operation op, Integer childTy, AccessDecision d,
                       ResponseStatusCode denyCode) {
        if (!d.permitted() || audit.recordsPermits()) {
            audit.record(AuditEntry.decision(x, target.ri(), op, childTy, d, denyCode));
        }
    }
}
