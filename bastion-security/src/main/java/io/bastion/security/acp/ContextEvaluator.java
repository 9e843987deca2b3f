package io.bastion.security.acp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a rule's {@code accessControlContexts}, {@code res_ctxts} of TS-0003 7.1.5:
 * <pre>
 * res_ctxts   = res_context(1) OR ... OR res_context(M)          (over the rule's acco entries)
 * res_context = res_time AND res_ip AND res_loc                  (over the conditions present in one entry)
 * </pre>
 * A rule without contexts admits every context (7.1.3). Each condition fails closed: an unknown source address or
 * location, or a time no schedule can name, never matches, so the rule cannot permit (7.1.4: an indeterminate
 * result is a deny). {@link #satisfied} is the permit path: it reads the time fields and source address that
 * {@link PreparedFacts} derives once per decision, and allocates nothing. {@link #failures} explains a deny and is
 * only called when a deny is explained. Both go through {@link #holds}, so they cannot disagree.
 */
final class ContextEvaluator {
    static final String LOCATION_UNAVAILABLE = "originator location unavailable";
    /** Reasons list at most this many schedule entries or blocks of a policy; a policy may hold thousands. */
    private static final int MAX_LISTED = 4;

    private ContextEvaluator() {
    }

    /** {@code res_ctxts}: true when some context entry admits the request, or when there are none. */
    static boolean satisfied(List<AccessControlContext> contexts, PreparedFacts facts) {
        if (contexts.isEmpty()) {
            return true;
        }
        for (int m = 0; m < contexts.size(); m++) {
            if (entryHolds(contexts.get(m), facts)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #satisfied} for plain facts. */
    static boolean satisfied(List<AccessControlContext> contexts, RequestFacts facts) {
        return satisfied(contexts, new PreparedFacts(facts, null));
    }

    /** An entry without conditions (the parser refuses one) is ambiguous, so it admits nothing. */
    private static boolean entryHolds(AccessControlContext context, PreparedFacts facts) {
        List<ContextCondition> conditions = context.conditions();
        if (conditions.isEmpty()) {
            return false;
        }
        for (int i = 0; i < conditions.size(); i++) {
            if (!holds(conditions.get(i), facts)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One condition: {@code res_time}, {@code res_ip} or {@code res_loc}. A chain of tests rather than a pattern
     * switch: this runs for every context of every rule, and the chain compiles to plain type checks.
     */
    static boolean holds(ContextCondition condition, PreparedFacts facts) {
        if (condition instanceof TimeWindows w) {
            return w.admits(facts.time());
        }
        if (condition instanceof IpRanges r) {
            return r.admits(facts.source());
        }
        return regionHolds((LocationRegion) condition, facts.location());
    }

    /** {@link #holds} for plain facts. */
    static boolean holds(ContextCondition condition, RequestFacts facts) {
        return holds(condition, new PreparedFacts(facts, null));
    }

    /** {@code res_loc}: an unknown location lies in no region (TS-0003 F.2.1 step 2 allows the deny). */
    private static boolean regionHolds(LocationRegion region, OriginatorLocation location) {
        if (location == null) {
            return false;
        }
        return switch (region) {
            case LocationRegion.Circle c -> c.admits(location.pointOrNull());
            case LocationRegion.Countries c -> c.admits(location.countryCodeOrNull());
        };
    }

    /**
     * Why {@link #satisfied} said no: every failed condition of every entry, e.g.
     * {@code acco[0].acip: 10.0.0.5 not in 127.0.0.0/8}. Only called to explain a deny.
     */
    static List<String> failures(List<AccessControlContext> contexts, PreparedFacts facts) {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < contexts.size(); m++) {
            if (contexts.get(m).conditions().isEmpty()) {
                out.add("acco[" + m + "]: an entry without conditions admits nothing");
            }
            for (ContextCondition condition : contexts.get(m).conditions()) {
                if (!holds(condition, facts)) {
                    out.add("acco[" + m + "]." + shortName(condition) + ": " + why(condition, facts.facts()));
                }
            }
        }
        return out;
    }

    /** {@link #failures} for plain facts. */
    static List<String> failures(List<AccessControlContext> contexts, RequestFacts facts) {
        return failures(contexts, new PreparedFacts(facts, null));
    }

    private static String shortName(ContextCondition condition) {
        return switch (condition) {
            case TimeWindows w -> "actw";
            case IpRanges r -> "acip";
            case LocationRegion r -> "aclr";
        };
    }

    private static String why(ContextCondition condition, RequestFacts facts) {
        return switch (condition) {
            case TimeWindows w -> facts.requestTime() + " is outside every window: "
                    + listed(w.entries().stream().map(e -> "'" + e.text() + "'").toList());
            case IpRanges r -> ipFailure(r, facts.remoteIp());
            case LocationRegion.Circle c -> circleFailure(c, facts.location().orElse(null));
            case LocationRegion.Countries c -> countryFailure(c, facts.location().orElse(null));
        };
    }

    private static String ipFailure(IpRanges ranges, InetAddress remoteIp) {
        byte[] source = CidrBlock.normalise(remoteIp);
        if (source == null) {
            return "source IP address unknown";
        }
        if (ranges.ipv4().isEmpty() && ranges.ipv6().isEmpty()) {
            return "acip lists no address blocks"; // only when built in code: the parser refuses it
        }
        boolean v4 = source.length == 4;
        List<CidrBlock> candidates = new ArrayList<>();
        for (CidrBlock b : v4 ? ranges.ipv4() : ranges.ipv6()) {
            candidates.add(b);
        }
        if (v4) {
            for (CidrBlock b : ranges.ipv6()) {
                if (b.namesIpv4Hosts()) {
                    candidates.add(b);
                }
            }
        }
        String address = addressText(remoteIp, source);
        if (candidates.isEmpty()) {
            return address + " is " + (v4 ? "IPv4" : "IPv6") + " and acip lists only " + (v4 ? "IPv6" : "IPv4")
                    + " blocks";
        }
        return address + " not in " + listed(candidates);
    }

    /** The source as text, without any name lookup; an IPv4-mapped address shows as the IPv4 address it carries. */
    private static String addressText(InetAddress remoteIp, byte[] source) {
        if (source.length == 4) {
            return (source[0] & 0xff) + "." + (source[1] & 0xff) + "." + (source[2] & 0xff) + "." + (source[3] & 0xff);
        }
        return remoteIp.getHostAddress();
    }

    private static String circleFailure(LocationRegion.Circle circle, OriginatorLocation location) {
        if (location == null) {
            return LOCATION_UNAVAILABLE;
        }
        OriginatorLocation.Point p = location.pointOrNull();
        if (p == null) {
            return "originator location has no coordinates, which a circle region needs";
        }
        double d = LocationRegion.Circle.distanceMetres(circle.latitude(), circle.longitude(), p.latitude(),
                p.longitude());
        return String.format(Locale.ROOT, "originator is %.1f m from the centre (%s, %s), beyond the radius of %s m",
                d, circle.latitude(), circle.longitude(), circle.radiusMetres());
    }

    private static String countryFailure(LocationRegion.Countries countries, OriginatorLocation location) {
        if (location == null) {
            return LOCATION_UNAVAILABLE;
        }
        String code = location.countryCodeOrNull();
        if (code == null) {
            return "originator location has no country code, which a country region needs";
        }
        return "originator country " + code + " not in " + listed(countries.codes());
    }

    /** At most {@link #MAX_LISTED} items, then how many more. */
    private static String listed(List<?> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size() && i < MAX_LISTED; i++) {
            sb.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        if (items.size() > MAX_LISTED) {
            sb.append(" and ").append(items.size() - MAX_LISTED).append(" more");
        }
        return sb.toString();
    }
}
