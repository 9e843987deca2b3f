package io.bastion.trust.das;

import io.bastion.security.acp.CidrBlock;
import io.bastion.security.acp.ScheduleEntry;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One rule of the DAS's rules file (see {@link RulesParser} for the file format): which originators may be granted
 * which operations on which targets, for how long, delivered how, and under which optional conditions.
 *
 * @param name a label for logs and the audit trail
 * @param originators who may be granted (the {@code or} of the request)
 * @param targets on what (the {@code trid} of the request)
 * @param operations the {@code acop} bits granted (CREATE 1, RETRIEVE 2, UPDATE 4, DELETE 8, NOTIFY 16, DISCOVERY 32);
 *     a request matches when its operation's bit is among them
 * @param lifetime the longest lifetime of a grant; a shorter proposed lifetime ({@code ppl}) is honoured
 * @param delivery as privileges, as tokens or both
 * @param hostingCses which Hosting CSEs may consult for this rule (empty: any); in the indirect flow also the token
 *     audience when it cannot be read from {@code trid}
 * @param ipBlocks the originator's address must lie in one of these (empty: no condition); a request without
 *     {@code oip} then does not match
 * @param schedule the request time must match one of these {@code actw} entries (empty: no condition)
 * @param roleIds role IDs written into the tokens' permissions ({@code tkps.pm.rids}); may be empty
 */
public record DasRule(
        String name,
        List<IdPattern> originators,
        List<TargetPattern> targets,
        int operations,
        Duration lifetime,
        Delivery delivery,
        List<IdPattern> hostingCses,
        List<CidrBlock> ipBlocks,
        List<ScheduleEntry> schedule,
        List<String> roleIds) {

    public DasRule {
        originators = List.copyOf(originators);
        targets = List.copyOf(targets);
        hostingCses = List.copyOf(hostingCses);
        ipBlocks = List.copyOf(ipBlocks);
        schedule = List.copyOf(schedule);
        roleIds = List.copyOf(roleIds);
        if (operations < 1 || operations > 63) {
            throw new IllegalArgumentException("operations must be acop bits 1..63");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
    }

    boolean matchesOriginator(String or) {
        return originators.stream().anyMatch(p -> p.matches(or));
    }

    boolean matchesTarget(String trid) {
        return targets.stream().anyMatch(p -> p.matches(trid));
    }

    boolean allowsOperation(int acopBit) {
        return (operations & acopBit) != 0;
    }

    boolean allowsHostingCse(String cse) {
        return hostingCses.isEmpty() || hostingCses.stream().anyMatch(p -> p.matches(cse));
    }

    /** The IP condition; an unknown address never satisfies a rule that has one. */
    boolean allowsAddress(InetAddress address) {
        if (ipBlocks.isEmpty()) {
            return true;
        }
        return address != null && ipBlocks.stream().anyMatch(b -> b.contains(address));
    }

    boolean allowsTime(Instant when) {
        return schedule.isEmpty() || schedule.stream().anyMatch(s -> s.matches(when));
    }
}
