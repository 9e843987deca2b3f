package io.bastion.cse.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.request.CredentialRefusal;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.dynamic.Consultation;
import io.bastion.cse.dynamic.ConsultationKey;
import io.bastion.cse.dynamic.DynamicAuthorization;
import io.bastion.cse.request.RequestCredentials;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.DynamicGrant;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.acp.Grants;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpCache;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocationSource;
import io.bastion.security.acp.OriginatorLocation;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import io.bastion.security.acp.SetOfAcrs;
import io.bastion.security.dynamic.TokenRequestInfo;
import io.bastion.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the rules for a request come from (TS-0003 7.1, TS-0001 9.6.1.3 acpi) and the decision over them: the
 * {@code pv} of every ACP in the target's {@code acpi}; the {@code pvs} of an ACP for the ACP itself and for
 * changing {@code acpi}; for a resource without {@code acpi}, the creator alone; for a type that has no
 * {@code acpi} attribute (contentInstance), its parent's rules; for a request to a group's {@code fopt}, the
 * {@code pv} of the group's {@code macp} ({@link Rules#MACP}). The admin originator is always permitted. Parsed
 * policies are cached by ACP resource ID and last-modified time, so no JSON is parsed per request.
 *
 * <p>The request time of every decision is the time the CSE received the request ({@link RequestContext#received()}).
 * The originator's location comes from a {@link LocationSource} ({@link LocationSource#NONE} unless one is given),
 * asked only when a consulted rule has a location region. The decisions that refuse or admit a request
 * ({@link #authorize}, {@link #authorizeUpdate}, {@link #requireNotify}) go to the audit sink: denies always, permits
 * when it asks for them. Decisions that only filter what a request sees (discovery results, child listings,
 * {@link #permits}) are not audited. A refusal tells the originator only which operation was refused and why in
 * general terms ({@link Refusal}); the resource decided on, the policies and the trail of failed rules go to the
 * audit sink, and to {@code explain} through {@link #assess}.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    private static final int MAX_WALK = 64;
    private static final String FAN_OUT_POINT = "/fopt";

    private final CseConfig config;
    private final ResourceStore store;
    private final AccessDecisionEngine engine;
    private final AcpCache policies;
    private final AcpParser parser;
    private final AuditSink audit;
    private final LocationSource locations;
    private final CredentialVerifier credentials;
    private final DynamicAuthorization dynamic;

    /**
     * @param audit where decisions are recorded ({@link AuditSink#NONE}: nowhere)
     * @param locations where originators are, for location regions ({@link LocationSource#NONE}: unknown, they deny)
     * @param credentials how the tokens and roles of a request are verified ({@link CredentialVerifier#NONE} refuses
     *        any)
     * @param dynamic direct and indirect dynamic authorization after a deny; null disables it
     */
    public AccessControl(CseConfig config, ResourceStore store, AccessDecisionEngine engine, AcpParser parser,
                         AuditSink audit, LocationSource locations, CredentialVerifier credentials,
                         DynamicAuthorization dynamic) {
        this.config = config;
        this.store = store;
        this.engine = engine;
        this.policies = new AcpCache(parser);
        this.parser = parser;
        this.audit = audit == null ? AuditSink.NONE : audit;
        this.locations = locations == null ? LocationSource.NONE : locations;
        this.credentials = credentials == null ? CredentialVerifier.NONE : credentials;
        this.dynamic = dynamic;
    }

    public DynamicAuthorization dynamicAuthorization() {
        return dynamic;
    }

    /**
     * The verified tokens and roles of the request, verified on first use and kept in the request context. A refused
     * token or role refuses the request; the refusal is audited here, since no decision is made, with its detail
     * ({@link CredentialRefusal}) where the originator is told only why in general terms.
     */
    public RequestCredentials credentials(RequestContext x) {
        RequestCredentials c = x.credentials();
        if (c != null) {
            return c;
        }
        try {
            c = x.admin() ? RequestCredentials.NONE : credentials.verify(x);
        } catch (OneM2MException e) {
            audit.record(AuditEntry.refusal(x, e.status(), CredentialRefusal.audited(e)));
            throw e;
        }
        x.credentials(c);
        return c;
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
        MACP
    }

    /**
     * Decides and audits, throwing 4103 on deny with a message in general terms ({@link Refusal}; the decision with its
     * trail is in the audit entry). When the policies (with the request's tokens, roles and remembered dynamic grants)
     * deny, dynamic authorization follows (TS-0004 7.3.3.15) if an enabled dac applies: with {@code tqi} true the
     * indirect flow (4103 with {@code m2m:tqf}, TS-0003 7.3.2.3), otherwise the direct consultation of the DAS and a
     * second decision with what it granted.
     */
    public AccessDecision authorize(RequestContext x, Resource target, Operation op, Integer childTy) {
        return authorize(x, target, op, childTy, Rules.ACPI);
    }

    /**
     * A request to the fanOutPoint of {@code group} ({@link Rules#MACP}): decided, audited and refused with 4103 before
     * any member is asked. {@code op} is the operation of the request sent to {@code fopt} (a subscription through it
     * is a CREATE, TS-0001 10.2.7.10).
     */
    public AccessDecision authorizeFanOut(RequestContext x, Resource group, Operation op, Integer childTy) {
        return authorize(x, group, op, childTy, Rules.MACP);
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

    private AccessDecision authorize(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules) {
        return authorize(x, target, op, childTy, rules, null);
    }

    private AccessDecision authorize(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules,
                                     String what) {
        AccessDecision d = decide(x, target, op, childTy, rules);
        String note = null;
        Refusal.Dynamic told = Refusal.Dynamic.NONE;
        DynamicAuthorization dyn = rules == Rules.MACP ? null : dynamic;
        if (!d.permitted() && !x.admin() && dyn != null) {
            List<Resource> dacs = dyn.applicable(target);
            if (!dacs.isEmpty()) {
                if (Boolean.TRUE.equals(x.request().tqi())) {
                    indirect(x, target, op, childTy, rules, what, d, dyn, dacs);
                }
                Consultation c = dyn.consult(x, target, op, dacs, credentials(x).roleIds(), List.of());
                if (c instanceof Consultation.Granted g) {
                    AccessDecision again = decide(x, target, op, childTy, rules);
                    if (again.permitted()) {
                        d = again;
                    } else {
                        note = "dynamic authorization: the DAS at " + g.das()
                                + " granted privileges that do not cover this request";
                        told = Refusal.Dynamic.NOT_COVERED;
                    }
                } else if (c instanceof Consultation.Denied denied) {
                    note = "dynamic authorization: " + denied.reason() + (denied.cached() ? " (remembered)" : "");
                    told = Refusal.Dynamic.DENIED;
                }
            }
        }
        if (note != null) {
            d = withNote(d, note);
        }
        audit(x, target, op, childTy, d, ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        if (!d.permitted()) {
            // The originator learns the operation and why in general terms; IDs and the trail are in the audit entry.
            throw OneM2MException.noPrivilege(Refusal.of(op, childTy, target, rules, what, told));
        }
        return d;
    }

    /** The indirect flow: 4103 whose content is the Token Request Information, audited with the deny. */
    private void indirect(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules, String what,
                          AccessDecision d, DynamicAuthorization dyn, List<Resource> dacs) {
        Optional<TokenRequestInfo> info = dyn.tokenRequestInfo(x, target, op, dacs, credentials(x).roleIds());
        String note = info.isPresent()
                ? "token request information (tqf) returned: the originator may fetch tokens from the DAS"
                : "dynamic authorization: no DAS address (dap) of the applicable dacs is usable for tokens";
        AccessDecision denied = withNote(d, note);
        audit(x, target, op, childTy, denied, ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        throw new OneM2MException(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, Refusal.of(op, childTy, target,
                rules, what, info.isPresent() ? Refusal.Dynamic.TOKENS : Refusal.Dynamic.DENIED),
                info.map(TokenRequestInfo::toJson).orElse(null));
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

    /** Whether the originator may do {@code op} on {@code r} (child listings, discovery results); not audited. */
    public boolean permits(RequestContext x, Resource r, Operation op) {
        return decide(x, r, op, null).permitted();
    }

    /**
     * An UPDATE: {@code acpi} must be the only attribute changed and needs UPDATE in a {@code pvs} of the currently
     * linked ACPs (the creator, when none is linked); other attributes need UPDATE in {@code pv}.
     */
    public AccessDecision authorizeUpdate(RequestContext x, Resource target) {
        if (changesAcpi(x, target)) {
            AccessDecision d = x.admin() ? AccessDecision.admin()
                    : decideOn(x, target, Operation.UPDATE, null, Rules.ACPI_SELF, null);
            log(x, target, Operation.UPDATE, d);
            audit(x, target, Operation.UPDATE, null, d, ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
            if (!d.permitted()) {
                throw OneM2MException.noPrivilege(Refusal.of(Operation.UPDATE, null, target, Rules.ACPI_SELF, null,
                        Refusal.Dynamic.NONE));
            }
            return d;
        }
        return authorize(x, target, Operation.UPDATE, null);
    }

    /** True when the UPDATE changes acpi (then alone: 4000 when other attributes come with it). */
    private static boolean changesAcpi(RequestContext x, Resource target) {
        JsonNode pc = x.request().pc();
        ResourceType type = ResourceTypes.get(target.ty());
        JsonNode inner = pc == null ? null : pc.get(type.rootName());
        if (inner instanceof ObjectNode o && o.has("acpi") && type.hasAcpi()) {
            if (o.size() > 1) {
                throw OneM2MException.badRequest("accessControlPolicyIDs (acpi) must be updated on its own");
            }
            return true;
        }
        return false;
    }

    /** The decision alone: not audited, not enforced. */
    public AccessDecision decide(RequestContext x, Resource target, Operation op, Integer childTy) {
        return decide(x, target, op, childTy, Rules.ACPI);
    }

    private AccessDecision decide(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules) {
        AccessDecision d = x.admin() ? AccessDecision.admin() : decideOn(x, target, op, childTy, rules, null);
        log(x, target, op, d);
        return d;
    }

    /**
     * The decision {@link #decide} makes by {@code rules} ({@link Rules#ACPI_SELF} for the change of acpi of
     * {@link #authorizeUpdate}, {@link Rules#MACP} for {@link #authorizeFanOut}), with where its rules came from;
     * neither audited nor enforced. For {@code explain}.
     */
    public Assessment assess(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules) {
        if (x.admin()) {
            return new Assessment(AccessDecision.admin(), target, Assessment.Source.ADMIN, null, null, null);
        }
        Consulted c = new Consulted();
        AccessDecision d = decideOn(x, target, op, childTy, rules, c);
        return new Assessment(d, c.holder, c.source, c.privileges, c.policies, c.missing);
    }

    /**
     * The NOTIFY right of a subscriber on a notification target of this CSE (4101 when missing); audited.
     *
     * @param named the {@code nu} entry as the subscriber gave it, for the refusal's message
     */
    public void requireNotify(RequestContext x, Resource notificationTarget, String named) {
        AccessDecision d = decide(x, notificationTarget, Operation.NOTIFY, null);
        audit(x, notificationTarget, Operation.NOTIFY, null, d,
              ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE);
        if (!d.permitted()) {
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE,
                    Refusal.notification(named));
        }
    }

    /** What {@link #assess} reports; filled only when asked for, so that the request path allocates nothing more. */
    private static final class Consulted {
        Resource holder;
        Assessment.Source source;
        PrivilegeSet privileges;
        List<String> policies = List.of();
        List<String> missing = new ArrayList<>();
    }

    private AccessDecision decideOn(RequestContext x, Resource target, Operation op, Integer childTy, Rules rules,
                                    Consulted c) {
        Resource holder = policyHolder(target);
        Grants grants = grants(x, target, op, rules);
        RequestFacts.Builder facts = RequestFacts.builder(x.originator(), op)
                .authenticated(x.peer().authentication().authenticated())
                .remoteIp(x.peer().address())
                .at(x.received())
                .roleIds(x.request().rids());
        if (childTy != null) {
            facts.create(childTy, target.ty());
        }
        if (c != null) {
            c.holder = holder;
        }
        if (holder.ty() == ResourceTypes.ACP) {
            Optional<AccessControlPolicy> own = policy(holder).or(() -> selfPrivilegesOnly(holder));
            if (own.isEmpty()) {
                return AccessDecision.deny("accessControlPolicy " + holder.ri()
                        + " cannot be evaluated (its rules are no longer valid); nothing is permitted");
            }
            List<AccessControlPolicy> self = List.of(own.get());
            if (c != null) {
                c.source = Assessment.Source.SELF;
                c.privileges = PrivilegeSet.PVS;
                c.policies = List.of(holder.ri());
            }
            locate(facts, x, self, PrivilegeSet.PVS);
            return engine.decide(facts.build(), self, PrivilegeSet.PVS, grants);
        }
        boolean members = rules == Rules.MACP && !holder.getList("macp").isEmpty();
        String attribute = members ? "macp" : "acpi";
        List<String> acpi = holder.getList(attribute);
        if (acpi.isEmpty()) {
            if (c != null) {
                c.source = Assessment.Source.CREATOR;
            }
            if (x.originator().equals(holder.creator()) && !x.originator().isEmpty()) {
                return AccessDecision.creator();
            }
            AccessDecision none = AccessDecision.deny("no " + (rules == Rules.MACP ? "macp or " : "") + "acpi on "
                    + holder.ri() + " and the originator is not its creator");
            return grants.isEmpty() ? none : orGrants(facts.build(), grants, none);
        }
        boolean acpiUpdate = rules == Rules.ACPI_SELF;
        List<AccessControlPolicy> linked = new ArrayList<>(acpi.size());
        for (String id : acpi) {
            Optional<AccessControlPolicy> acp = acpResource(id, x)
                    .flatMap(r -> acpiUpdate ? policy(r).or(() -> selfPrivilegesOnly(r)) : policy(r));
            if (acp.isPresent()) {
                linked.add(acp.get());
            } else if (c != null) {
                c.missing.add(id);
            }
        }
        PrivilegeSet which = acpiUpdate ? PrivilegeSet.PVS : PrivilegeSet.PV;
        if (c != null) {
            c.source = members ? Assessment.Source.MACP
                    : acpiUpdate ? Assessment.Source.ACPI_SELF : Assessment.Source.ACPI;
            c.privileges = which;
            c.policies = linked.stream().map(AccessControlPolicy::ri).toList();
        }
        if (linked.isEmpty()) {
            AccessDecision none = AccessDecision.deny("none of the policies in " + attribute + " of " + holder.ri()
                    + " exists");
            return grants.isEmpty() ? none : orGrants(facts.build(), grants, none);
        }
        locate(facts, x, linked, which);
        return engine.decide(facts.build(), linked, which, grants);
    }

    /** Where no policy applies, the grants alone: their permit, or the deny with their trail after the first note. */
    private AccessDecision orGrants(RequestFacts facts, Grants grants, AccessDecision none) {
        AccessDecision d = engine.decide(facts, List.of(), PrivilegeSet.PV, grants);
        if (d.permitted() || !(d instanceof AccessDecision.Deny g) || !(none instanceof AccessDecision.Deny n)) {
            return d;
        }
        List<String> notes = new ArrayList<>(n.notes());
        notes.addAll(g.notes());
        return new AccessDecision.Deny(g.failures(), notes);
    }

    /**
     * The request's verified tokens and roles plus the dynamic grants (and DAS tokens) remembered for this originator,
     * target and operation; {@link Grants#NONE} when there are none. For {@link Rules#MACP} the target is the
     * fanOutPoint ({@code <group>/fopt}), which no dynamic grant names.
     */
    private Grants grants(RequestContext x, Resource target, Operation op, Rules rules) {
        RequestCredentials creds = credentials(x);
        DynamicAuthorization dyn = rules == Rules.MACP ? null : dynamic;
        List<DynamicGrant> granted = List.of();
        List<GrantingToken> dasTokens = List.of();
        if (dyn != null) {
            ConsultationKey key = dyn.key(x, target, op);
            granted = dyn.grants().grants(key, x.received());
            dasTokens = dyn.grants().tokens(key, x.received());
        }
        if (creds.isEmpty() && granted.isEmpty() && dasTokens.isEmpty()) {
            return Grants.NONE;
        }
        Grants.Builder b = (rules == Rules.MACP
                ? Grants.builder().target(target.ri() + FAN_OUT_POINT, target.path() + FAN_OUT_POINT)
                : Grants.builder().target(target.ri(), target.path())).tokens(creds.tokens()).tokens(dasTokens);
        creds.roles().forEach(b::role);
        granted.forEach(b::dynamic);
        return b.build();
    }

    /** Asks the location source, only when a consulted rule has a location region; a failing source knows nothing. */
    private void locate(RequestFacts.Builder facts, RequestContext x, List<AccessControlPolicy> consulted,
                        PrivilegeSet which) {
        LocationSource source = locations;
        if (source == LocationSource.NONE) {
            return;
        }
        for (AccessControlPolicy p : consulted) {
            if (p.usesLocation(which)) {
                Optional<OriginatorLocation> where;
                try {
                    where = source.locate(x.originator(), x.peer().address());
                } catch (RuntimeException e) {
                    LOG.warn("location source failed for rqi={}: {}; location regions deny", x.request().rqi(),
                            e.toString());
                    where = Optional.empty();
                }
                facts.location(where);
                return;
            }
        }
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

    /** An ACP by resource ID or by its structured or SP-relative address, unexpired at the request time. */
    private Optional<Resource> acpResource(String id, RequestContext x) {
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
        return r.filter(a -> a.ty() == ResourceTypes.ACP && !a.isExpired(x.received()));
    }

    /**
     * The parsed rules of a stored policy. A policy stored under older, laxer validation may not parse any
     * more; it then permits nothing (the request is denied, never failed with a client error).
     */
    private Optional<AccessControlPolicy> policy(Resource acp) {
        try {
            return Optional.of(policies.get(acp));
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

    /** Forgets a parsed policy, e.g. after its ACP was deleted. */
    public void invalidate(String acpRi) {
        policies.invalidate(acpRi);
    }

    private void audit(RequestContext x, Resource target, Operation op, Integer childTy, AccessDecision d,
                       ResponseStatusCode denyCode) {
        if (!d.permitted() || audit.recordsPermits()) {
            audit.record(AuditEntry.decision(x, target.ri(), op, childTy, d, denyCode));
        }
    }

    private void log(RequestContext x, Resource target, Operation op, AccessDecision d) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("access rqi={} fr={} op={} target={}: {}", x.request().rqi(), x.originator(), op, target.ri(),
                    d.explain());
        }
    }
}
