package io.bastion.trust.das;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.time.Timestamps;
import io.bastion.security.dynamic.DasRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The DAS's decision (TS-0003 7.3.2.2 step 3.1, "the DAS Server applies the policies with which it is configured"):
 * deny by default; the first rule, in file order, that matches every aspect of the request grants. A rule matches
 * when the originator ({@code or}), the target ({@code trid}) and the operation ({@code op}) fit, the consulting
 * Hosting CSE (or, in the indirect flow, the token's audience) is allowed, the optional address and time conditions
 * hold, and the rule can deliver what the flow needs (the indirect flow only carries tokens).
 *
 * <p>The granted lifetime is the rule's, shortened to the proposed lifetime {@code ppl} when that is shorter; a
 * proposed lifetime that is already over is ignored (the CSE's proposal is advice, the rule is the bound). The time
 * conditions are checked against the DAS's clock, not against {@code rts}, which the DAS cannot verify. Pure.
 */
public final class DasPolicy {

    private DasPolicy() {
    }

    /**
     * @param requester the consulting Hosting CSE (direct flow) or the token audience (indirect flow)
     */
    public static DasDecision decide(List<DasRule> rules, DasRequest dreq, Flow flow, String requester, Instant now) {
        if (rules.isEmpty()) {
            return new DasDecision.Deny("no rules configured");
        }
        InetAddress address = address(dreq);
        int acop = dreq.op().acopBit();
        // The furthest check any rule got to, for a denial reason that points at what to change.
        int best = -1;
        String reason = null;
        for (DasRule r : rules) {
            Miss miss = firstMiss(r, dreq, flow, requester, address, acop, now);
            if (miss == null) {
                Duration lifetime = lifetime(r.lifetime(), dreq.ppl(), now);
                return new DasDecision.Grant(r, lifetime, now, now.plus(lifetime));
            }
            if (miss.stage() > best) {
                best = miss.stage();
                reason = miss.why();
            }
        }
        return new DasDecision.Deny(reason);
    }

    /** Why a rule does not apply, and how far its checks got. */
    private record Miss(int stage, String why) {
    }

    private static Miss firstMiss(DasRule r, DasRequest dreq, Flow flow, String requester, InetAddress address,
                                  int acop, Instant now) {
        if (!r.matchesOriginator(dreq.or())) {
            return new Miss(0, "no rule names originator " + dreq.or());
        }
        if (!r.matchesTarget(dreq.trid())) {
            return new Miss(1, "rule '" + r.name() + "' does not cover target " + dreq.trid());
        }
        if (!r.allowsOperation(acop)) {
            return new Miss(2, "rule '" + r.name() + "' does not allow operation "
                    + dreq.op().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (requester != null && !r.allowsHostingCse(requester)) {
            return new Miss(3, "rule '" + r.name() + "' does not allow "
                    + (flow == Flow.INDIRECT ? "audience " : "Hosting CSE ") + requester);
        }
        if (!r.allowsAddress(address)) {
            return new Miss(4, "rule '" + r.name() + "': originator address "
                    + (dreq.oip() == null ? "unknown" : dreq.oip().address()) + " is outside its ip ranges");
        }
        if (!r.allowsTime(now)) {
            return new Miss(5, "rule '" + r.name() + "': outside its schedule");
        }
        if (flow == Flow.INDIRECT && !r.delivery().token()) {
            return new Miss(6, "rule '" + r.name() + "' grants privileges only; an originator can only receive tokens");
        }
        return null;
    }

    static Duration lifetime(Duration max, String ppl, Instant now) {
        if (ppl == null) {
            return max;
        }
        Instant proposed;
        try {
            proposed = Timestamps.parseAbsRel(ppl, now, "ppl");
        } catch (OneM2MException e) {
            return max;
        }
        Duration asked = Duration.between(now, proposed);
        if (asked.isNegative() || asked.isZero() || asked.compareTo(max) >= 0) {
            return max;
        }
        // Whole seconds at least one: tokens carry NumericDate seconds.
        return Duration.ofSeconds(Math.max(1, asked.getSeconds()));
    }

    /** The originator address of {@code oip}: a literal, checked when the request was parsed, so no lookup. */
    private static InetAddress address(DasRequest dreq) {
        if (dreq.oip() == null) {
            return null;
        }
        try {
            return InetAddress.getByName(dreq.oip().address());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
