package io.bastion.security.acp;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.bastion.core.text.Excerpt;

/**
 * Parses and validates {@code m2m:setOfAcrs} values ({@code pv}, {@code pvs}) into immutable rules (TS-0004 6.3.5.26,
 * 6.3.5.27, 6.3.5.28). Anything malformed or unknown is refused with 4000 BAD_REQUEST and a one-line message that
 * names the element, e.g. {@code pv.acr[2].acop: must be an integer 1..63}. Unknown members are refused rather than
 * ignored, because a constraint the CSE silently drops would widen access. Thread-safe.
 */
public final class AcpParser {
    /** Longer than any real identifier; keeps echoed input and matching cost bounded. */
    static final int MAX_ID_LENGTH = 2048;

    private static final Set<String> SET_MEMBERS = Set.of("acr");
    private static final Set<String> RULE_MEMBERS = Set.of("acor", "acop", "acco", "acaf", "acod");
    private static final Set<String> CONTEXT_MEMBERS = Set.of("actw", "acip", "aclr");
    private static final Set<String> IP_MEMBERS = Set.of("ipv4", "ipv6");
    private static final Set<String> REGION_MEMBERS = Set.of("accr", "accc");
    private static final Set<String> OBJECT_DETAIL_MEMBERS = Set.of("ty", "spty", "chty");
    private static final Set<String> SPECIALIZATION_MEMBERS = Set.of("cnd", "mgd");

    private final LocalIdentity local;

    /** A parser that resolves relative {@code acor} IDs against this CSE's identity. */
    public AcpParser(LocalIdentity local) {
        this.local = local;
    }

    /**
     * Parses both rule sets of an ACP resource. {@code pvs} must hold at least one rule (TS-0001 9.6.2: "The
     * selfPrivileges attribute shall contain at least one tuple"); {@code pv} may be empty.
     */
    public AccessControlPolicy parsePolicy(String ri, JsonNode pv, JsonNode pvs) {
        return new AccessControlPolicy(ri, parseSetOfAcrs(pv, "pv", true), parseSetOfAcrs(pvs, "pvs", false));
    }

    /**
     * Parses one {@code m2m:setOfAcrs}.
     *
     * @param node the attribute value
     * @param attribute the attribute's short name, used as the root of error paths ({@code pv}, {@code pvs})
     * @param allowEmpty whether an absent or empty {@code acr} list is valid (true for pv, false for pvs)
     * @throws OneM2MException 4000 BAD_REQUEST naming the offending element
     */
    public SetOfAcrs parseSetOfAcrs(JsonNode node, String attribute, boolean allowEmpty) {
        if (node == null || node.isMissingNode()) {
            throw invalid(attribute, "missing");
        }
        requireObject(node, attribute, "an object (m2m:setOfAcrs)");
        rejectUnknown(node, attribute, SET_MEMBERS);
        JsonNode acr = node.get("acr");
        if (acr != null && !acr.isArray()) {
            throw invalid(attribute + ".acr", "must be a list");
        }
        if (acr == null || acr.isEmpty()) {
            if (!allowEmpty) {
                throw invalid(attribute + ".acr", "must contain at least one rule");
            }
            return SetOfAcrs.EMPTY;
        }
        List<AccessControlRule> rules = new ArrayList<>(acr.size());
        Map<JsonNode, List<AccessControlContext>> sharedContexts = new HashMap<>();
        for (int i = 0; i < acr.size(); i++) {
            rules.add(parseRule(acr.get(i), attribute + ".acr[" + i + "]", sharedContexts));
        }
        return new SetOfAcrs(rules);
    }

    private AccessControlRule parseRule(JsonNode node, String path,
                                        Map<JsonNode, List<AccessControlContext>> sharedContexts) {
        requireObject(node, path, "an object (m2m:accessControlRule)");
        rejectUnknown(node, path, RULE_MEMBERS);
        return new AccessControlRule(
                parseOriginators(node.get("acor"), path + ".acor"),
                parseOperations(node.get("acop"), path + ".acop"),
                sharedContexts(node.get("acco"), path + ".acco", sharedContexts),
                parseAuthenticationFlag(node.get("acaf"), path + ".acaf"),
                parseObjectDetails(node.get("acod"), path + ".acod"));
    }

    /**
     * {@link #parseContexts}, but rules of one set whose {@code acco} values are equal share one parsed (immutable)
     * list. Policies repeat their contexts (the same working hours, the same networks on rule after rule), and a
     * thousand copies of one window would make a large policy several times bigger: slower to evaluate, since a
     * decision reads the contexts of every rule. Only a value that parsed without error is shared.
     */
    private static List<AccessControlContext> sharedContexts(JsonNode node, String path,
                                                             Map<JsonNode, List<AccessControlContext>> shared) {
        if (node == null) {
            return List.of();
        }
        List<AccessControlContext> known = shared.get(node);
        if (known != null) {
            return known;
        }
        List<AccessControlContext> parsed = List.copyOf(parseContexts(node, path));
        shared.put(node, parsed);
        return parsed;
    }

    /**
     * {@code acor}: a non-empty list of entries, each classified by {@link AcorEntry#of}; the forms refused there
     * (a bare {@code *}, a wildcard in an SP domain, in part of an M2M-SP-ID or outside a CSE-ID or AE-ID, empty
     * segments) are refused here with 4000 naming the entry, e.g. {@code pv.acr[0].acor[1]: a bare '*' is
     * ambiguous: ...}. See the package documentation for the reasons.
     */
    private List<AcorEntry> parseOriginators(JsonNode node, String path) {
        if (node == null) {
            throw invalid(path, "missing");
        }
        if (!node.isArray()) {
            throw invalid(path, "must be a list of non-empty strings");
        }
        if (node.isEmpty()) {
            // Read as "nobody" by the engine but as "no restriction" by analogy with an empty acco: refuse both.
            throw invalid(path, "must name at least one originator (write 'all' for every originator)");
        }
        List<AcorEntry> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode e = node.get(i);
            if (!e.isTextual() || e.textValue().isEmpty()) {
                throw invalid(at, "must be a non-empty string");
            }
            String raw = e.textValue();
            if (raw.length() > MAX_ID_LENGTH) {
                throw invalid(at, "longer than " + MAX_ID_LENGTH + " characters");
            }
            for (int c = 0; c < raw.length(); c++) {
                char ch = raw.charAt(c);
                if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
                    throw invalid(at, "must not contain spaces or control characters");
                }
            }
            try {
                out.add(AcorEntry.of(raw, local));
            } catch (IllegalArgumentException bad) {
                throw invalid(at, bad.getMessage());
            }
        }
        return out;
    }

    private static int parseOperations(JsonNode node, String path) {
        if (node == null) {
            throw invalid(path, "missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > 63) {
            throw invalid(path, "must be an integer 1..63");
        }
        return node.intValue();
    }

    private static boolean parseAuthenticationFlag(JsonNode node, String path) {
        if (node == null) {
            return false; // TS-0003 7.1.3: absent means FALSE
        }
        if (!node.isBoolean()) {
            throw invalid(path, "must be a boolean");
        }
        return node.booleanValue();
    }

    private static List<AccessControlContext> parseContexts(JsonNode node, String path) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(path, "must be a list");
        }
        List<AccessControlContext> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(parseContext(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static AccessControlContext parseContext(JsonNode node, String path) {
        requireObject(node, path, "an object");
        rejectUnknown(node, path, CONTEXT_MEMBERS);
        List<ContextCondition> conditions = new ArrayList<>(3);
        JsonNode actw = node.get("actw");
        if (actw != null) {
            TimeWindows windows = parseWindows(actw, path + ".actw");
            if (!windows.entries().isEmpty()) {
                conditions.add(windows);
            }
        }
        if (node.has("acip")) {
            conditions.add(parseIpRanges(node.get("acip"), path + ".acip"));
        }
        if (node.has("aclr")) {
            conditions.add(parseRegion(node.get("aclr"), path + ".aclr"));
        }
        if (conditions.isEmpty()) {
            // An entry without constraints would be read as "any context" by some and "no context" by others.
            throw invalid(path, "must contain at least one of actw, acip, aclr");
        }
        return new AccessControlContext(conditions);
    }

    private static TimeWindows parseWindows(JsonNode node, String path) {
        if (!node.isArray()) {
            throw invalid(path, "must be a list of schedule entries");
        }
        List<ScheduleEntry> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode e = node.get(i);
            if (!e.isTextual()) {
                throw invalid(at, "must be a schedule entry string");
            }
            try {
                out.add(ScheduleEntry.parse(e.textValue()));
            } catch (IllegalArgumentException bad) {
                throw invalid(at, bad.getMessage());
            }
        }
        return new TimeWindows(out);
    }

    private static IpRanges parseIpRanges(JsonNode node, String path) {
        requireObject(node, path, "an object with ipv4 and/or ipv6");
        rejectUnknown(node, path, IP_MEMBERS);
        if (!node.has("ipv4") && !node.has("ipv6")) {
            throw invalid(path, "must contain ipv4 and/or ipv6");
        }
        IpRanges ranges = new IpRanges(parseBlocks(node.get("ipv4"), path + ".ipv4", true),
                parseBlocks(node.get("ipv6"), path + ".ipv6", false));
        if (ranges.ipv4().isEmpty() && ranges.ipv6().isEmpty()) {
            // Empty lists would admit no address here, but read as "no address constraint" elsewhere: refuse.
            throw invalid(path, "must list at least one address block");
        }
        return ranges;
    }

    private static List<CidrBlock> parseBlocks(JsonNode node, String path, boolean v4) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(path, "must be a list of addresses");
        }
        List<CidrBlock> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode e = node.get(i);
            String what = v4 ? "an IPv4 address with optional /prefix" : "an IPv6 address with optional /prefix";
            if (!e.isTextual() || e.textValue().length() > 64) {
                throw invalid(at, "must be " + what);
            }
            try {
                out.add(v4 ? CidrBlock.parseIpv4(e.textValue()) : CidrBlock.parseIpv6(e.textValue()));
            } catch (IllegalArgumentException bad) {
                throw invalid(at, bad.getMessage());
            }
        }
        return out;
    }

    private static LocationRegion parseRegion(JsonNode node, String path) {
        requireObject(node, path, "an object with accr or accc");
        rejectUnknown(node, path, REGION_MEMBERS);
        boolean circle = node.has("accr");
        boolean countries = node.has("accc");
        if (circle == countries) {
            throw invalid(path, "must contain exactly one of accr and accc");
        }
        return circle ? parseCircle(node.get("accr"), path + ".accr") : parseCountries(node.get("accc"), path + ".accc");
    }

    private static LocationRegion.Circle parseCircle(JsonNode node, String path) {
        if (!node.isArray() || node.size() != 3) {
            throw invalid(path, "must be [latitude, longitude, radius]");
        }
        for (int i = 0; i < 3; i++) {
            if (!node.get(i).isNumber()) {
                throw invalid(path + "[" + i + "]", "must be a number");
            }
        }
        double lat = node.get(0).doubleValue();
        double lon = node.get(1).doubleValue();
        double radius = node.get(2).doubleValue();
        if (!(lat >= -90 && lat <= 90)) {
            throw invalid(path + "[0]", "latitude must be within -90..90");
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw invalid(path + "[1]", "longitude must be within -180..180");
        }
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw invalid(path + "[2]", "radius must be a positive number of metres");
        }
        return new LocationRegion.Circle(lat, lon, radius);
    }

    private static LocationRegion.Countries parseCountries(JsonNode node, String path) {
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(path, "must be a non-empty list of country codes");
        }
        List<String> codes = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            if (!e.isTextual() || !isCountryCode(e.textValue())) {
                throw invalid(path + "[" + i + "]", "must be a 2-letter ISO 3166-1 country code");
            }
            codes.add(e.textValue().toUpperCase(Locale.ROOT));
        }
        return new LocationRegion.Countries(codes);
    }

    private static boolean isCountryCode(String s) {
        return s.length() == 2 && isAsciiLetter(s.charAt(0)) && isAsciiLetter(s.charAt(1));
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static List<ObjectDetails> parseObjectDetails(JsonNode node, String path) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(path, "must be a list");
        }
        List<ObjectDetails> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode e = node.get(i);
            requireObject(e, at, "an object");
            rejectUnknown(e, at, OBJECT_DETAIL_MEMBERS);
            Integer ty = e.has("ty") ? resourceType(e.get("ty"), at + ".ty") : null;
            SpecializationType spty = e.has("spty") ? parseSpecialization(e.get("spty"), at + ".spty") : null;
            JsonNode chty = e.get("chty");
            if (chty == null) {
                throw invalid(at + ".chty", "missing");
            }
            if (!chty.isArray()) {
                throw invalid(at + ".chty", "must be a list of resource types");
            }
            List<Integer> children = new ArrayList<>(chty.size());
            for (int j = 0; j < chty.size(); j++) {
                children.add(resourceType(chty.get(j), at + ".chty[" + j + "]"));
            }
            out.add(new ObjectDetails(ty, spty, children));
        }
        return out;
    }

    /**
     * {@code m2m:specializationType} is an object with {@code cnd} or {@code mgd}; a bare string (a containerDefinition)
     * or a bare integer (a mgmtDefinition) is accepted as the same thing, since some clients send it that way.
     */
    private static SpecializationType parseSpecialization(JsonNode node, String path) {
        if (node.isTextual() && !node.textValue().isEmpty()) {
            return new SpecializationType(node.textValue(), null);
        }
        if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() > 0) {
            return new SpecializationType(null, node.intValue());
        }
        requireObject(node, path, "an object with cnd or mgd");
        rejectUnknown(node, path, SPECIALIZATION_MEMBERS);
        boolean cnd = node.has("cnd");
        if (cnd == node.has("mgd")) {
            throw invalid(path, "must contain exactly one of cnd and mgd");
        }
        if (cnd) {
            JsonNode v = node.get("cnd");
            if (!v.isTextual() || v.textValue().isEmpty()) {
                throw invalid(path + ".cnd", "must be a non-empty string");
            }
            return new SpecializationType(v.textValue(), null);
        }
        return new SpecializationType(null, resourceType(node.get("mgd"), path + ".mgd"));
    }

    private static int resourceType(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw invalid(path, "must be a positive integer");
        }
        return node.intValue();
    }

    private static void requireObject(JsonNode node, String path, String what) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "must be " + what);
        }
    }

    private static void rejectUnknown(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw invalid(path + "." + Excerpt.of(name), "unknown member");
            }
        }
    }


    private static OneM2MException invalid(String path, String why) {
        return OneM2MException.badRequest(path + ": " + why);
    }
}
