package io.bastion.bindings.http;

import io.bastion.core.http.PercentDecoding;
import io.bastion.core.geo.GeoQuery;
import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.resource.AttributeList;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.bastion.core.text.Excerpt;

/**
 * Parses the query component of a request-target into request parameters and filter criteria (TS-0009 table
 * 6.2.2.2-1). List parameters ({@code lbl}, {@code ty}, {@code rids}, {@code tids}, {@code ltids}) may repeat and
 * may carry several values joined by '+'; every other parameter may appear once. Anything else is refused with
 * 4000 rather than ignored, so a client never believes a filter was applied when it was not.
 */
public final class QueryParser {
    /** Attribute conditions in one query: each is evaluated on every candidate of a discovery. */
    static final int MAX_ATTRIBUTE_CONDITIONS = 16;

    /** Names TS-0009 defines that this CSE does not implement yet (attribute filters are named by attribute). */
    private static final Set<String> UNSUPPORTED = Set.of(
            "da", "cty", "smf", "cfs", "cfq", "asi", "auri", "sqi", "arp");

    private Integer rcn;
    private Integer rt;
    private String rp;
    private Integer drt;
    private Boolean tqi;
    private List<String> rids;
    private List<String> tids;
    private List<String> ltids;
    private List<String> atrl;

    private boolean anyFilter;
    private Integer fu;
    private Integer fo;
    private Instant cra;
    private Instant crb;
    private Instant ms;
    private Instant us;
    private Integer sts;
    private Integer stb;
    private Instant exb;
    private Instant exa;
    private List<String> lbl;
    private List<Integer> ty;
    private String rn;
    private Integer sza;
    private Integer szb;
    private Integer lim;
    private Integer lvl;
    private Integer ofst;
    private Integer gmty;
    private String geom;
    private Integer gsf;
    private List<AttributeCondition> atr;

    private QueryParser() {
    }

    /**
     * Applies the parameters of {@code query} (the text after '?', still percent-encoded) to {@code b}, a request of
     * operation {@code op}. The attribute list of a partial RETRIEVE ({@code atrl=ri+lbl}) becomes the request's
     * content, as TS-0009 6.2.2.2 maps it ({@code m2m:atrl}); in any other operation it is 4000.
     */
    public static void parse(String query, Operation op, Request.Builder b) {
        QueryParser p = new QueryParser();
        int n = query.length();
        int start = 0;
        while (start < n) {
            int amp = query.indexOf('&', start);
            if (amp < 0) {
                amp = n;
            }
            if (amp > start) {
                p.pair(query, start, amp);
            }
            start = amp + 1;
        }
        p.applyTo(b);
        if (p.atrl != null) {
            if (op != Operation.RETRIEVE) {
                throw OneM2MException.badRequest("query parameter 'atrl' (attribute list) is for a RETRIEVE only");
            }
            b.pc(AttributeList.of(p.atrl).toContent());
        }
    }

    private void pair(String query, int from, int to) {
        int eq = query.indexOf('=', from);
        boolean hasValue = eq >= 0 && eq < to;
        String name = PercentDecoding.decode(query.substring(from, hasValue ? eq : to), "query parameter name");
        String raw = hasValue ? query.substring(eq + 1, to) : "";
        if (raw.isEmpty()) {
            throw OneM2MException.badRequest("query parameter '" + Excerpt.of(name) + "' has no value");
        }
        switch (name) {
            case "rcn" -> rcn = once(rcn, name, integer(raw, name));
            case "rt" -> rt = once(rt, name, integer(raw, name));
            case "rp" -> rp = once(rp, name, text(raw, name));
            case "drt" -> drt = once(drt, name, integer(raw, name));
            case "tqi" -> tqi = once(tqi, name, bool(raw, name));
            case "rids" -> rids = texts(rids, raw, name);
            case "tids" -> tids = texts(tids, raw, name);
            case "ltids" -> ltids = texts(ltids, raw, name);
            case "atrl" -> atrl = texts(once(atrl, name, new ArrayList<>(2)), raw, name);
            default -> filter(name, raw);
        }
    }

    private void filter(String name, String raw) {
        anyFilter = true;
        switch (name) {
            case "fu" -> fu = once(fu, name, integer(raw, name));
            case "fo" -> fo = once(fo, name, integer(raw, name));
            case "cra" -> cra = once(cra, name, time(raw, name));
            case "crb" -> crb = once(crb, name, time(raw, name));
            case "ms" -> ms = once(ms, name, time(raw, name));
            case "us" -> us = once(us, name, time(raw, name));
            case "sts" -> sts = once(sts, name, integer(raw, name));
            case "stb" -> stb = once(stb, name, integer(raw, name));
            case "exb" -> exb = once(exb, name, time(raw, name));
            case "exa" -> exa = once(exa, name, time(raw, name));
            case "lbl" -> lbl = texts(lbl, raw, name);
            case "ty" -> ty = integers(ty, raw, name);
            case "rn" -> rn = once(rn, name, text(raw, name));
            case "sza" -> sza = once(sza, name, integer(raw, name));
            case "szb" -> szb = once(szb, name, integer(raw, name));
            case "lim" -> lim = once(lim, name, integer(raw, name));
            case "lvl" -> lvl = once(lvl, name, integer(raw, name));
            case "ofst" -> ofst = once(ofst, name, integer(raw, name));
            case "gmty" -> gmty = once(gmty, name, integer(raw, name));
            case "geom" -> geom = once(geom, name, text(raw, name));
            case "gsf" -> gsf = once(gsf, name, integer(raw, name));
            case "atr" -> throw OneM2MException.badRequest("query parameter 'atr' is not used in a query: name the"
                    + " attribute itself, as in api=N* (TS-0009 6.2.2.2)");
            default -> {
                if (ResourceTypes.isAttributeName(name)) {
                    atr = attributeCondition(atr, name, raw);
                    return;
                }
                if (isRelativeAttribute(name)) {
                    // childAttribute (c.) and parentAttribute (p.) of TS-0009 6.2.2.2, not evaluated here yet.
                    throw new OneM2MException(io.bastion.core.primitive.ResponseStatusCode.NOT_IMPLEMENTED,
                            "query parameter '" + Excerpt.of(name) + "' (a childAttribute or parentAttribute"
                                    + " condition) is not supported by this CSE");
                }
                if (UNSUPPORTED.contains(name)) {
                    // A defined parameter of a feature this CSE lacks: TS-0004 7.3.2.1 asks for NOT_IMPLEMENTED.
                    throw new OneM2MException(io.bastion.core.primitive.ResponseStatusCode.NOT_IMPLEMENTED,
                            "query parameter '" + name + "' is not supported by this CSE");
                }
                throw OneM2MException.badRequest("unknown query parameter '" + Excerpt.of(name) + "'");
            }
        }
    }

    private void applyTo(Request.Builder b) {
        if (rcn != null) {
            b.rcn(rcn);
        }
        if (rt != null) {
            b.rt(rt);
        }
        if (rp != null) {
            b.rp(rp);
        }
        if (drt != null) {
            b.drt(drt);
        }
        if (tqi != null) {
            b.tqi(tqi);
        }
        if (rids != null) {
            b.rids(rids);
        }
        if (tids != null) {
            b.tids(tids);
        }
        if (ltids != null) {
            b.ltids(ltids);
        }
        if (anyFilter) {
            // A geo-query needs its three parameters together (GeoQuery.of refuses one without the others).
            b.fc(new FilterCriteria(fu, fo, cra, crb, ms, us, sts, stb, exb, exa, lbl, ty, rn, sza, szb, lim, lvl,
                    ofst, GeoQuery.of(gmty, geom, gsf).orElse(null), atr));
        }
    }

    /**
     * An attribute condition named by the attribute's short name (TS-0009 6.2.2.2: any attribute of TS-0004's tables
     * 8.2.3-x but those TS-0004 7.3.3.17.9 excludes, which other conditions already cover). A name may repeat; the
     * condition is met when any pair matches.
     */
    private static List<AttributeCondition> attributeCondition(List<AttributeCondition> to, String name, String raw) {
        if (AttributeCondition.EXCLUDED.contains(name)) {
            throw OneM2MException.badRequest("attribute '" + name + "' may not be used as an attribute condition:"
                    + " another filter condition covers it (TS-0004 7.3.3.17.9)");
        }
        List<AttributeCondition> out = to == null ? new ArrayList<>(2) : to;
        if (out.size() >= MAX_ATTRIBUTE_CONDITIONS) {
            throw OneM2MException.badRequest("at most " + MAX_ATTRIBUTE_CONDITIONS + " attribute conditions");
        }
        out.add(new AttributeCondition(name, text(raw, name)));
        return out;
    }

    private static boolean isRelativeAttribute(String name) {
        return name.length() > 2 && (name.startsWith("c.") || name.startsWith("p."))
                && ResourceTypes.isAttributeName(name.substring(2));
    }

    private static <T> T once(T previous, String name, T value) {
        if (previous != null) {
            throw OneM2MException.badRequest("query parameter '" + name + "' may appear only once");
        }
        return value;
    }

    private static String text(String raw, String name) {
        return PercentDecoding.decode(raw, "query parameter '" + name + "'");
    }

    private static Instant time(String raw, String name) {
        return Timestamps.parse(text(raw, name), name);
    }

    private static Boolean bool(String raw, String name) {
        return switch (text(raw, name)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw OneM2MException.badRequest(
                    "query parameter '" + name + "' must be true, false, 1 or 0");
        };
    }

    /** Non-negative decimal, no sign, no overflow: every integer query parameter of oneM2M is a count or an enum. */
    private static int integer(String raw, String name) {
        return integerValue(text(raw, name), name);
    }

    private static int integerValue(String v, String name) {
        long value = digits(v, 10);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw OneM2MException.badRequest(
                    "query parameter '" + name + "' must be a non-negative integer, got '" + Excerpt.of(v) + "'");
        }
        return (int) value;
    }

    /** {@code v} as 1 to {@code max} decimal digits (no sign, no space), or -1 when it is not that. */
    static long digits(String v, int max) {
        int n = v.length();
        if (n == 0 || n > max) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Appends the '+'-separated values of one occurrence; '+' is split before decoding so %2B stays a value. */
    private static List<String> texts(List<String> into, String raw, String name) {
        List<String> out = into == null ? new ArrayList<>(2) : into;
        int before = out.size();
        int n = raw.length();
        int start = 0;
        while (start < n) {
            int plus = raw.indexOf('+', start);
            if (plus < 0) {
                plus = n;
            }
            if (plus > start) {
                out.add(text(raw.substring(start, plus), name));
            }
            start = plus + 1;
        }
        if (out.size() == before) {
            throw OneM2MException.badRequest("query parameter '" + name + "' has no value");
        }
        return out;
    }

    private static List<Integer> integers(List<Integer> into, String raw, String name) {
        List<Integer> out = into == null ? new ArrayList<>(2) : into;
        for (String v : texts(null, raw, name)) {
            out.add(integerValue(v, name));
        }
        return out;
    }

}
