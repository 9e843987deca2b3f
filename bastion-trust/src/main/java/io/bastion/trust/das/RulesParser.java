package io.bastion.trust.das;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import io.bastion.core.text.Excerpt;
import io.bastion.security.acp.CidrBlock;
import io.bastion.security.acp.ScheduleEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the DAS rules file. Deny by default: a request is granted only when a rule matches it, and the first
 * matching rule in file order decides. Unknown members are refused, so that a misspelt condition never widens a
 * grant silently.
 *
 * <pre>{@code
 * {
 *   "rules": [
 *     {
 *       "name": "lights-readers",                        // label for logs and the audit trail (required)
 *       "originators": ["/id-in/Clight*", "CAdmin"],     // exact IDs or '*' within a segment; "**" = anyone
 *       "targets": ["/id-in/cse-in/lights/**"],          // exact trid, '*' within a segment, trailing '/**' = subtree
 *       "operations": ["retrieve", "discovery"],         // names, or acop bits as an integer 1..63
 *       "lifetime": 60,                                  // seconds: the longest grant (ppl may ask for less)
 *       "grant": "privileges",                           // "privileges" (dai), "token" (tkns) or "both"
 *       "hostingCses": ["/id-in"],                       // optional: CSEs that may consult for this rule
 *       "ip": ["192.0.2.0/24", "2001:db8::/32"],         // optional: the originator's address (oip) must be in one
 *       "schedule": ["* * 8-17 * * 1-5 *"],              // optional: actw entries (UTC) the request time must match
 *       "roles": ["lights-reader@das.example.com"]       // optional: role IDs written into tokens (tkps.pm.rids)
 *     }
 *   ]
 * }
 * }</pre>
 *
 * Comments are not allowed in the real file. Matching is literal: originators and targets must be written in the
 * form the Hosting CSE sends them (Bastion sends SP-relative IDs, e.g. {@code /id-in/Cae1} and
 * {@code /id-in/cse-in/lights/lamp1}).
 */
public final class RulesParser {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ROOT = Set.of("rules");
    private static final Set<String> RULE = Set.of("name", "originators", "targets", "operations", "lifetime",
            "grant", "hostingCses", "ip", "schedule", "roles");
    /** A week: a DAS grant is meant to be short-lived; longer access belongs in a static ACP. */
    static final long MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

    private RulesParser() {
    }

    /**
     * Parses the text of a rules file.
     *
     * @throws IllegalArgumentException naming the offending element, e.g. {@code rules[1].lifetime: must be ...}
     */
    public static List<DasRule> parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object with a \"rules\" list");
        }
        rejectUnknown(root, "", ROOT);
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new IllegalArgumentException("rules: must be a list (may be empty: nothing is granted)");
        }
        List<DasRule> out = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            out.add(rule(rules.get(i), "rules[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static DasRule rule(JsonNode n, String path) {
        if (!n.isObject()) {
            throw invalid(path, "must be an object");
        }
        rejectUnknown(n, path + ".", RULE);
        String name = text(n.get("name"), path + ".name");
        List<IdPattern> originators = list(n.get("originators"), path + ".originators", true, IdPattern::new);
        List<TargetPattern> targets = list(n.get("targets"), path + ".targets", true, TargetPattern::parse);
        int operations = operations(n.get("operations"), path + ".operations");
        Duration lifetime = lifetime(n.get("lifetime"), path + ".lifetime");
        Delivery delivery = delivery(n.get("grant"), path + ".grant");
        List<IdPattern> cses = list(n.get("hostingCses"), path + ".hostingCses", false, IdPattern::new);
        List<CidrBlock> ip = list(n.get("ip"), path + ".ip", false,
                s -> s.indexOf(':') >= 0 ? CidrBlock.parseIpv6(s) : CidrBlock.parseIpv4(s));
        List<ScheduleEntry> schedule = list(n.get("schedule"), path + ".schedule", false, ScheduleEntry::parse);
        List<String> roles = list(n.get("roles"), path + ".roles", false, s -> new IdPattern(s).text());
        return new DasRule(name, originators, targets, operations, lifetime, delivery, cses, ip, schedule, roles);
    }

    private static String text(JsonNode n, String path) {
        if (n == null || !n.isTextual() || n.textValue().isBlank()) {
            throw invalid(path, "must be a non-empty string");
        }
        if (n.textValue().length() > 200) {
            throw invalid(path, "longer than 200 characters");
        }
        return n.textValue();
    }

    private static <T> List<T> list(JsonNode n, String path, boolean required, Function<String, T> item) {
        if (n == null) {
            if (required) {
                throw invalid(path, "missing");
            }
            return List.of();
        }
        if (!n.isArray() || (required && n.isEmpty())) {
            throw invalid(path, required ? "must be a non-empty list of strings" : "must be a list of strings");
        }
        List<T> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String at = path + "[" + i + "]";
            if (!e.isTextual() || e.textValue().length() > 2048) {
                throw invalid(at, "must be a string of at most 2048 characters");
            }
            try {
                out.add(item.apply(e.textValue()));
            } catch (IllegalArgumentException bad) {
                throw invalid(at, bad.getMessage());
            }
        }
        return out;
    }

    private static int operations(JsonNode n, String path) {
        if (n == null) {
            throw invalid(path, "missing");
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToInt() || n.intValue() < 1 || n.intValue() > 63) {
                throw invalid(path, "must be acop bits 1..63 or a list of operation names");
            }
            return n.intValue();
        }
        if (!n.isArray() || n.isEmpty()) {
            throw invalid(path, "must be acop bits 1..63 or a non-empty list of operation names");
        }
        int bits = 0;
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String name = e.isTextual() ? e.textValue().toUpperCase(Locale.ROOT) : "";
            Operation op = null;
            for (Operation o : Operation.values()) {
                if (o.name().equals(name)) {
                    op = o;
                }
            }
            if (op == null) {
                throw invalid(path + "[" + i + "]",
                        "must be one of create, retrieve, update, delete, notify, discovery");
            }
            bits |= op.acopBit();
        }
        return bits;
    }

    private static Duration lifetime(JsonNode n, String path) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1
                || n.longValue() > MAX_LIFETIME_SECONDS) {
            throw invalid(path, "must be a number of seconds 1.." + MAX_LIFETIME_SECONDS);
        }
        return Duration.ofSeconds(n.longValue());
    }

    private static Delivery delivery(JsonNode n, String path) {
        String v = n != null && n.isTextual() ? n.textValue() : "";
        return switch (v) {
            case "privileges" -> Delivery.PRIVILEGES;
            case "token" -> Delivery.TOKEN;
            case "both" -> Delivery.BOTH;
            default -> throw invalid(path, "must be \"privileges\", \"token\" or \"both\"");
        };
    }

    private static void rejectUnknown(JsonNode n, String prefix, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw invalid(prefix + Excerpt.of(f), "unknown member (known: " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static IllegalArgumentException invalid(String path, String why) {
        return new IllegalArgumentException(path + ": " + why);
    }
}
