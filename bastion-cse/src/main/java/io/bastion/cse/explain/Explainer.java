package io.bastion.cse.explain;

import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.access.Assessment;
import io.bastion.cse.access.PolicySource;
import io.bastion.cse.dynamic.DynamicAuthorization;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.TypeBehaviours;
import io.bastion.cse.pipeline.AuthenticateStage;
import io.bastion.cse.pipeline.AuthorizeStage;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.pipeline.RouteStage;
import io.bastion.cse.pipeline.Stage;
import io.bastion.cse.pipeline.ValidateStage;
import io.bastion.cse.registration.Admissions;
import io.bastion.security.acp.AccessDecision;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.mcc.HandoverCheck;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers "would originator X be allowed operation Y on Z, and why?" without executing anything: the request is
 * built as a door would build it and walks the same stages as a real one up to the decision — validation,
 * authentication (normalization of the originator, registration state), target resolution (structured, unstructured,
 * SP-relative, absolute, {@code la}/{@code ol}/{@code fopt}), and the authorization stage's choice of what to check
 * ({@link AuthorizeStage#check}) — then asks {@link AccessControl#assess} or the registration policy. Nothing is
 * audited and nothing is written.
 *
 * <p>The request time is the one asked about (default: now); the resources and policies are as they are now, except
 * that a policy already expired at the request time counts as missing, as it would for a request received then.
 *
 * <p><b>Tokens, roles and dynamic authorization.</b> Presented tokens and roles ({@link Presented}) are verified as a
 * real request's are ({@link CredentialInspection}); a refused one refuses the request, as it would, and every refused
 * one is named. Verified ones, and the dynamic grant (or DAS tokens) held for this originator, target and operation,
 * take part in the decision through the same {@code Grants}, so the permit names its ground: an ACP rule, a token's
 * permission ({@code tkid}), a role ({@code rlid}, verified by a {@code <role>} or a token) or a dynamic grant (its dac
 * and until when). Explaining has no side effects: no token is cached, no Local-Token-ID assigned, no DAS consulted
 * and no grant created. Instead, for a deny, the explanation says which dac (found by the daci walk) and which DAS a
 * real request would consult, or that a held refusal would deny it without asking; and a Token-ID a real request
 * would look up at a DAS is reported, the decision being made without it.
 */
public final class Explainer {
    private static final Stage.Chain STOP = x -> null;
    /** An SP-relative CSE-ID: '/' and one segment of unreserved characters (TS-0001 7.2). */
    private static final Pattern CSE_ID = Pattern.compile("/[A-Za-z0-9._~-]+");

    private final CseConfig config;
    private final Clock clock;
    private final ValidateStage validate;
    private final AuthenticateStage authenticate;
    private final RouteStage route;
    private final AccessControl access;
    private final DynamicFindings findings;
    private final Admissions registration;
    private final CredentialInspection credentials;
    private final TypeBehaviours behaviours;
    private final HandoverCheck handovers;

    /**
     * @param authenticate an authentication stage that audits nothing (an explanation is not a request)
     * @param dynamic what dynamic authorization holds and would do, or null when it is off
     * @param credentials verifies presented tokens and roles as the request path does, without side effects
     * @param behaviours decide the virtual children that decide their own access (a subscription's ntsr)
     * @param handovers the check {@code authenticate} applies to requests other CSEs hand over, for the route it
     *        follows ({@code explain --via})
     */
    public Explainer(CseConfig config, Clock clock, ValidateStage validate, AuthenticateStage authenticate,
                     RouteStage route, AccessControl access, DynamicAuthorization dynamic,
                     Admissions registration, CredentialInspection credentials, TypeBehaviours behaviours,
                     HandoverCheck handovers) {
        this.behaviours = behaviours;
        this.handovers = Objects.requireNonNull(handovers, "handovers");
        this.credentials = credentials == null ? CredentialInspection.NONE : credentials;
        this.config = config;
        this.clock = clock;
        this.validate = validate;
        this.authenticate = authenticate;
        this.route = route;
        this.access = access;
        this.findings = new DynamicFindings(dynamic);
        this.registration = registration;
    }

    /**
     * Explains the decision for one request.
     *
     * @param originator {@code fr} as a request would carry it (any relative or absolute form)
     * @param op the operation; {@link Operation#DISCOVERY} for a discovery (RETRIEVE with filterUsage 1)
     * @param ty for CREATE, the type of the resource to create (required then, refused otherwise)
     * @param to the target address: a oneM2M {@code to} ({@code cse-in/ae/cnt}, {@code /id-in/ri},
     *        {@code //sp/id-in/…}, a resource ID) or the path of an HTTP request ({@code /cse-in/ae/cnt},
     *        {@code /~/id-in/…}, {@code /_/sp/…})
     * @param ip the source address to assume, or null (then no {@code acip} rule matches)
     * @param at the request time, or null for now
     * @throws OneM2MException with 4000 (or the status a real request would get) when the request itself is invalid:
     *         a missing or unknown type, a malformed address or originator
     */
    public Explanation explain(String originator, Operation op, Integer ty, String to, InetAddress ip, Instant at) {
        return explain(originator, op, ty, to, ip, at, Presented.NONE);
    }

    /** As {@link #explain(String, Operation, Integer, String, InetAddress, Instant)}, presenting tokens and roles. */
    public Explanation explain(String originator, Operation op, Integer ty, String to, InetAddress ip, Instant at,
                               Presented presented) {
        return explain(originator, op, ty, to, ip, at, presented, null);
    }

    /**
     * As {@link #explain(String, Operation, Integer, String, InetAddress, Instant, Presented)}, for a request arriving
     * over a security association that proves the CSE-ID {@code via} (a TLS-PSK key or a certificate bound to it), as
     * another CSE hands requests over on the Mcc: the authentication stage then runs the Registrar's handover check
     * ({@link HandoverCheck}) as it would, and the explanation's {@code mcc} lines say whether it accepts the
     * originator over that association, and by which route ({@code <remoteCSE>} csi or dcse, or the registrar) this
     * CSE reaches the originator's CSE; the access decision follows as for any request.
     *
     * @param via the SP-relative CSE-ID the association proves ({@code /id-mn}), or null for no association
     * @throws OneM2MException 4000 when {@code via} is not a CSE-ID of another CSE
     */
    public Explanation explain(String originator, Operation op, Integer ty, String to, InetAddress ip, Instant at,
                               Presented presented, String via) {
        if (via == null) {
            return explainOver(originator, op, ty, to, ip, at, presented, Authentication.none());
        }
        if (!CSE_ID.matcher(via).matches()) {
            throw OneM2MException.badRequest("via must be the SP-relative CSE-ID of another CSE, such as /id-mn (not '"
                    + Excerpt.of(via) + "')");
        }
        if (via.equals(config.cseId())) {
            throw OneM2MException.badRequest("via names this CSE itself (" + via + "): name the CSE that would hand "
                    + "the request over");
        }
        Explanation e = explainOver(originator, op, ty, to, ip, at, presented,
                new Authentication.Verified("explain --via " + via, Set.of(via)));
        List<String> mcc = new ArrayList<>();
        mcc.add("over a security association proving " + via + " (a TLS-PSK key or certificate bound to it)");
        String fr = e.originator();
        if (fr.equals(via)) {
            mcc.add("accepted: " + via + " is the CSE the association proves");
        } else if (e.status() != null && "authenticate".equals(e.step())) {
            mcc.add("refused (" + e.status().code() + " " + e.status().name() + "): " + e.decision().summary());
            mcc.add(handovers.route(fr));
        } else {
            mcc.add("accepted: handed over by " + via + " (the Registrar's impersonation check, TS-0003 7.2.1)");
            mcc.add(handovers.route(fr));
        }
        return e.withMcc(mcc);
    }

    private Explanation explainOver(String originator, Operation op, Integer ty, String to, InetAddress ip,
                                    Instant at, Presented presented, Authentication association) {
        Objects.requireNonNull(op, "op");
        Presented p = presented == null ? Presented.NONE : presented;
        if (op == Operation.CREATE && ty == null) {
            throw OneM2MException.badRequest("create needs the type of the resource to create (ty)");
        }
        if (op != Operation.CREATE && ty != null) {
            throw OneM2MException.badRequest("a resource type (ty) is only meaningful for create");
        }
        if (to == null || to.isBlank()) {
            throw OneM2MException.badRequest("missing target address (to)");
        }
        Instant time = at != null ? at : clock.instant();
        boolean discovery = op == Operation.DISCOVERY;
        List<String> releases = config.supportedReleases();
        Request rq = Request.builder(discovery ? Operation.RETRIEVE : op, toAddress(to.trim()))
                .fr(originator == null ? "" : originator).rqi("explain").rvi(releases.get(releases.size() - 1))
                .ty(ty).fc(discovery ? DISCOVERY : null).tkns(p.tkns()).tids(p.tids()).rids(p.rids()).build();
        Peer peer = new Peer(ip == null ? null : new InetSocketAddress(ip, 0), "explain", association);
        RequestContext x = new RequestContext(rq, peer, time);

        validate.process(x, STOP);
        try {
            authenticate.process(x, STOP);
        } catch (OneM2MException e) {
            if (e.status() == ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED
                    || e.status() == ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED) {
                return refused(x, op, ty, to, ip, "authenticate", e);
            }
            throw e;
        }
        try {
            route.process(x, STOP);
        } catch (OneM2MException e) {
            if (e.status() == ResponseStatusCode.NOT_FOUND) {
                return refused(x, op, ty, to, ip, "route", e);
            }
            throw e;
        }
        return decide(x, op, ty, to, ip);
    }

    private static final FilterCriteria DISCOVERY = new FilterCriteria(FilterCriteria.USAGE_DISCOVERY, null, null,
            null, null, null, null, null, null, null, List.of(), List.of(), null, null, null, null, null, null);

    private Explanation decide(RequestContext x, Operation op, Integer ty, String to, InetAddress ip) {
        AuthorizeStage.Check check = AuthorizeStage.check(x);
        Target t = x.target();
        Resource r = t.resource();
        List<String> notes = new ArrayList<>();
        if (ip == null) {
            notes.add("no source address given: no rule with accessControlIpAddresses (acip) matches");
        }
        if (check.kind() == AuthorizeStage.Kind.REGISTRATION) {
            AccessDecision d = registration.admission(check.childTy(), x.originator());
            return asked(x, op, ty, to, ip)
                    .outcome(d, d.permitted() ? null : ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "register")
                    .target(r.ri(), r.path(), null)
                    .rules("the registration policy (" + Admissions.setting(check.childTy())
                            + "), not access control policies")
                    .notes(notes)
                    .build();
        }
        if (check.kind() == AuthorizeStage.Kind.BY_TYPE) {
            AccessDecision d = behaviours.of(r).virtualChildAccess(x, t);
            return asked(x, op, ty, to, ip)
                    .outcome(d, d.permitted() ? null : ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "authorize")
                    .target(r.ri(), r.path(), virtual(t))
                    .rules("the " + ResourceTypes.of(r).name() + "'s own rule for " + t.virtual().rn()
                            + ", not access control policies")
                    .notes(notes)
                    .build();
        }
        CredentialInspection.Findings found = credentials.inspect(x);
        x.credentials(found.credentials()); // the decision below uses these, as a request uses its verified ones
        notes.addAll(found.unresolved());
        Resource on = switch (check.kind()) {
            case UPDATE, EACH_RESULT -> r;
            default -> check.resource();
        };
        Operation checked = switch (check.kind()) {
            case UPDATE -> Operation.UPDATE;
            case EACH_RESULT -> Operation.DISCOVERY;
            default -> check.op();
        };
        if (!found.refused().isEmpty()) {
            return asked(x, op, ty, to, ip)
                    .outcome(new AccessDecision.Deny(List.of(), found.refused()),
                            ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "authorize")
                    .target(r.ri(), r.path(), virtual(t))
                    .rules("none: a presented token or role is refused, which refuses the request before any rule "
                            + "is evaluated (TS-0003 7.3.2.3 step 7.1.4)")
                    .notes(notes)
                    .credentials(found.accepted(), found.refused())
                    .build();
        }
        Assessment a = switch (check.kind()) {
            case UPDATE -> {
                if (ResourceTypes.of(r).hasAcpi()) {
                    notes.add("an UPDATE that changes acpi alone is decided by pvs of the linked policies instead");
                }
                yield access.assess(x, on, checked, null, PolicySource.Rules.ACPI);
            }
            case EACH_RESULT -> {
                notes.add("a discovery needs no privilege on the addressed resource: this is whether " + r.path()
                        + " is listed among the results (DISCOVERY)");
                yield access.assess(x, on, checked, null, PolicySource.Rules.ACPI);
            }
            case FAN_OUT -> access.assess(x, on, checked, check.childTy(), PolicySource.Rules.MACP);
            default -> access.assess(x, on, checked, check.childTy(), PolicySource.Rules.ACPI);
        };
        // Discovery results are filtered without consulting a DAS, and no DAS decides on a fanOutPoint; every other
        // check goes through authorize.
        List<String> dynamic = check.kind() == AuthorizeStage.Kind.EACH_RESULT
                || check.kind() == AuthorizeStage.Kind.FAN_OUT ? List.of()
                : findings.describe(x, on, checked, a.decision());
        if (!a.decision().permitted() && check.kind() != AuthorizeStage.Kind.EACH_RESULT
                && check.kind() != AuthorizeStage.Kind.FAN_OUT) {
            // After the DAS, the PDPs an ACP names in adri (TS-0003 7.5.2), as AccessControl asks them.
            dynamic = new ArrayList<>(dynamic);
            dynamic.addAll(access.distributedFindings(x, on, checked, check.childTy()));
        }
        String virtual = virtual(t);
        if (ResourceTypes.FAN_OUT_POINT.equals(t.virtual())) {
            notes.add("fopt: the group's membersAccessControlPolicyIDs (macp) decide here, its acpi when it has no "
                    + "macp, and no DAS is consulted; when permitted, the request is repeated for each member, whose "
                    + "own policies then decide");
        } else if (virtual != null) {
            notes.add(virtual + ": decided on the " + ResourceTypes.of(r).name() + " " + r.path());
        }
        if (a.location() != null) {
            notes.add("location of the originator: " + a.location());
        }
        if (a.decidedOn() != null && !a.decidedOn().ri().equals(r.ri())) {
            notes.add("a " + ResourceTypes.of(r).rootName() + " follows the policies of its parent "
                    + a.decidedOn().path());
        }
        ResponseStatusCode status = a.decision().permitted() || check.kind() == AuthorizeStage.Kind.EACH_RESULT
                ? null : ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE;
        return asked(x, op, ty, to, ip)
                .outcome(a.decision(), status, "authorize")
                .target(r.ri(), r.path(), virtual)
                .rules(a.describe())
                .policies(a.decidedOn() == null ? null : a.decidedOn().ri(),
                        a.privileges() == null ? null : a.privileges().shortName(), a.policies())
                .notes(notes)
                .credentials(found.accepted(), List.of())
                .dynamic(dynamic)
                .build();
    }

    private static String virtual(Target t) {
        return t.isVirtual() ? t.virtual().rn() : null;
    }

    private static Explanation refused(RequestContext x, Operation op, Integer ty, String to, InetAddress ip,
                                       String step, OneM2MException e) {
        String why = step.equals("route") ? "the target does not exist (or has expired)"
                : "the request is refused before any access control policy is consulted";
        return asked(x, op, ty, to, ip)
                .outcome(AccessDecision.deny(e.getMessage()), e.status(), step)
                .rules("none: " + why)
                .build();
    }

    /** An explanation of what was asked, as the exchange normalized it; the rest is the caller's to name. */
    private static Explanation.Builder asked(RequestContext x, Operation op, Integer ty, String to, InetAddress ip) {
        return Explanation.builder(new Explanation.Asked(x.originator(), op, ty, to, x.received(), address(ip)));
    }

    /** HTTP request paths ({@code /cse-in/…}, {@code /~/…}, {@code /_/…}) become the {@code to} they stand for. */
    String toAddress(String to) {
        if (to.startsWith("/~/")) {
            return to.substring(2);
        }
        if (to.startsWith("/_/")) {
            return "/" + to.substring(2);
        }
        String base = "/" + config.cseBaseName();
        if (!base.equals(config.cseId()) && (to.equals(base) || to.startsWith(base + "/"))) {
            return to.substring(1);
        }
        return to;
    }

    private static String address(InetAddress ip) {
        return ip == null ? null : ip.getHostAddress();
    }
}
