package io.bastion.cse.audit;

import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.request.Handover;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessDecision;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the audit log: who asked for what, from where, and what was decided with its reasons. It holds only
 * these fields by construction: never the request's content, tokens or any other parameter, so no secret can reach
 * the log through it. Strings from the client are bounded ({@link #MAX_TEXT}); JSON escaping keeps each entry on
 * one line.
 *
 * @param time when the CSE received the request (the request time of the decision)
 * @param rqi the request identifier
 * @param originator the originator as authenticated (normalized), or as given when authentication refused it
 * @param op the operation whose privilege was checked
 * @param childType for CREATE, the type of the resource to create, else null
 * @param targetRi the resource ID the decision was about, null when no target was resolved yet
 * @param address the target address as the request gave it ({@code to})
 * @param door the binding the request came through ("http", …)
 * @param peerIp the source IP address, null when unknown
 * @param permitted the decision
 * @param rsc for a deny, the status code the request was refused with; null for a permit
 * @param reason the decision's one-line summary
 * @param trail for a deny, one line per rule that failed (and why) and further notes; empty for a permit
 * @param change for the change of a sensitive resource (not a decision): what happened to it ({@code CREATED},
 *        {@code UPDATED}, {@code DELETED}, {@code REMOVED_WITH_ANCESTOR}); null for a decision
 * @param mcc for a request another CSE handed over, which CSE and how it was proved ({@link Handover#describe()}:
 *        a request admitted by {@code mcc.plain.allow} says there that it is not authenticated); else null
 */
public record AuditEntry(Instant time, String rqi, String originator, Operation op, Integer childType,
                         String targetRi, String address, String door, String peerIp, boolean permitted,
                         ResponseStatusCode rsc, String reason, List<String> trail, String change, String mcc) {
    /** Longest client-given string kept in an entry; longer ones are cut and marked with an ellipsis. */
    public static final int MAX_TEXT = 256;
    /** Longest reason or trail line kept (they may quote client input). */
    public static final int MAX_REASON = 1024;

    public AuditEntry {
        rqi = bounded(rqi, MAX_TEXT);
        originator = bounded(originator, MAX_TEXT);
        targetRi = bounded(targetRi, MAX_TEXT);
        address = bounded(address, MAX_TEXT);
        reason = bounded(reason, MAX_REASON);
        trail = trail == null ? List.of() : trail.stream().map(t -> bounded(t, MAX_REASON)).toList();
    }

    /** An entry of a request no other CSE handed over. */
    public AuditEntry(Instant time, String rqi, String originator, Operation op, Integer childType, String targetRi,
                      String address, String door, String peerIp, boolean permitted, ResponseStatusCode rsc,
                      String reason, List<String> trail, String change) {
        this(time, rqi, originator, op, childType, targetRi, address, door, peerIp, permitted, rsc, reason, trail,
                change, null);
    }

    /** An access decision made for {@code x} on the resource {@code targetRi}; {@code rsc} is used for a deny. */
    public static AuditEntry decision(RequestContext x, String targetRi, Operation op, Integer childType,
                                      AccessDecision d, ResponseStatusCode rsc) {
        return new AuditEntry(x.received(), x.request().rqi(), x.originator(), op, childType, targetRi,
                x.request().to(), x.peer().door(), ip(x), d.permitted(), d.permitted() ? null : rsc, d.summary(),
                trail(d), null, mcc(x));
    }

    /** A request refused before any access decision (impersonation, an unregistered originator: 4106, 4107). */
    public static AuditEntry refusal(RequestContext x, ResponseStatusCode rsc, String reason) {
        Operation op = x.request().isDiscovery() ? Operation.DISCOVERY : x.request().op();
        return new AuditEntry(x.received(), x.request().rqi(), x.originator(), op,
                x.request().op() == Operation.CREATE ? x.request().ty() : null,
                x.target() == null ? null : x.target().resource().ri(), x.request().to(), x.peer().door(), ip(x),
                false, rsc, reason, List.of(), null, mcc(x));
    }

    /**
     * The committed change of a sensitive resource (a TS-0022 security object): who changed which resource how, and
     * the names of the attributes written — never their values.
     *
     * @param change what happened, e.g. {@code CREATED}
     * @param what the resource type and the attribute names, e.g. {@code authenticationProfile (dcfg:autp); attributes
     *        suid, skv}
     */
    public static AuditEntry change(Instant time, String rqi, String originator, Operation op, int ty, String ri,
                                    String path, String change, String what) {
        return new AuditEntry(time, rqi, originator, op, ty, ri, path, null, null, true, null, what, List.of(),
                change);
    }

    /**
     * A use of the Upper Tester interface (TS-0019), run or refused: recorded whatever {@code audit.permits} says, as
     * it can wipe every resource. {@code reason} names the command and what came of it.
     */
    public static AuditEntry upperTester(Instant time, String rqi, String door, InetAddress peer, String address,
                                         boolean ran, ResponseStatusCode rsc, String reason) {
        return new AuditEntry(time, rqi, null, null, null, null, address, door,
                peer == null ? null : peer.getHostAddress(), ran, ran ? null : rsc, reason, List.of(), null);
    }

    /** The lines of a deny after its summary: each failed rule, then the remaining notes; empty for a permit. */
    public static List<String> trail(AccessDecision d) {
        if (!(d instanceof AccessDecision.Deny deny)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(deny.failures().size() + deny.notes().size());
        for (AccessDecision.RuleFailure f : deny.failures()) {
            out.add(f.describe());
        }
        // With no failed rule the first note is the summary itself.
        for (int i = deny.failures().isEmpty() ? 1 : 0; i < deny.notes().size(); i++) {
            out.add(deny.notes().get(i));
        }
        return out;
    }

    private static String mcc(RequestContext x) {
        Handover h = x.handover();
        return h == null ? null : h.describe();
    }

    private static String ip(RequestContext x) {
        InetAddress a = x.peer().address();
        return a == null ? null : a.getHostAddress();
    }

    private static String bounded(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
