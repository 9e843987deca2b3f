package io.bastion.cse.notification;

import static io.bastion.core.resource.ValueType.ANY;
import static io.bastion.core.resource.ValueType.ANY_URI;
import static io.bastion.core.resource.ValueType.BOOLEAN;
import static io.bastion.core.resource.ValueType.INTEGER;
import static io.bastion.core.resource.ValueType.OBJECT;
import static io.bastion.core.resource.ValueType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ValueType;
import io.bastion.core.text.Excerpt;
import java.util.Map;
import java.util.Set;

/**
 * Checks the content of a NOTIFY this CSE receives, whatever its target (TS-0004 7.5.1.2.2 Receiver: "the Hosting
 * CSE shall check validity of the primitive parameters"): a notification data object of TS-0004 table 7.5.1.1-2.
 * A notification ({@code m2m:sgn}) is checked against table 6.3.5.13-1: only its elements, each of its type,
 * {@code sur} present, {@code nev} with its {@code net}, and a verification request ({@code vrq}) with the
 * {@code cr} that 7.5.1.2.3 puts in it. An aggregated notification ({@code m2m:agn}, table 6.3.5.12-1) holds one or
 * more of them. Security information ({@code m2m:seci}, any {@code sit}: ESPrim, ESCertKE) is accepted as it is
 * ({@link #isSecurityInfo}): its receiver reads it (the CSEBase's end-to-end receiver, or the AE it is relayed to).
 * Anything else is 4000. The other root element of table 7.5.1.1-2, a response primitive ({@code m2m:rsp}, for
 * non-blocking requests and polling channels), belongs to a feature this CSE does not have here: 5001.
 */
public final class NotificationContent {
    /** The elements of m2m:notification (TS-0004 table 6.3.5.13-1, short names of table 8.2.5-1). */
    private static final Map<String, ValueType> NOTIFICATION = Map.ofEntries(
            Map.entry("nev", OBJECT), Map.entry("vrq", BOOLEAN), Map.entry("sud", BOOLEAN), Map.entry("sur", ANY_URI),
            Map.entry("cr", STRING), Map.entry("nfu", ANY_URI), Map.entry("ntt", STRING), Map.entry("trr", BOOLEAN),
            Map.entry("tra", BOOLEAN), Map.entry("idr", OBJECT), Map.entry("aerp", BOOLEAN),
            Map.entry("aerid", BOOLEAN), Map.entry("tid1", STRING), Map.entry("tid2", STRING));
    private static final Map<String, ValueType> EVENT = Map.of("rep", ANY, "om", OBJECT, "net", INTEGER);
    private static final Map<String, ValueType> OPERATION_MONITOR = Map.of("op", INTEGER, "or", STRING);
    private static final Map<String, ValueType> IPE_DISCOVERY = Map.of("or", STRING, "fc", OBJECT);
    private static final Set<String> NOT_SUPPORTED = Set.of("m2m:rsp");
    /** The root element of m2m:securityInfo (TS-0004 6.3.5.48). */
    public static final String SECI = "m2m:seci";

    private NotificationContent() {
    }

    /**
     * Whether {@code pc} is security information, {@code {"m2m:seci":{...}}}: the content of the NOTIFYs of dynamic
     * authorization, ESPrim and ESCertKE, whose {@code sit} and elements their receiver checks.
     */
    public static boolean isSecurityInfo(JsonNode pc) {
        return pc != null && pc.isObject() && pc.size() == 1 && pc.path(SECI).isObject();
    }

    /**
     * Whether {@code pc} has the one root {@code m2m:seci}, well formed or not: a NOTIFY to the CSEBase carrying it is
     * end-to-end security, whose malformed content is the receiver's 4000 rather than an access refusal.
     */
    public static boolean carriesSecurityInfo(JsonNode pc) {
        return pc != null && pc.isObject() && pc.size() == 1 && pc.has(SECI);
    }

    /** Throws 4000 (5001 for the unsupported kinds) naming what is wrong when {@code pc} is no notification. */
    public static void check(JsonNode pc) {
        if (isSecurityInfo(pc)) {
            return;
        }
        if (pc == null || pc.isNull() || pc.isMissingNode()) {
            throw OneM2MException.badRequest("a NOTIFY must carry a notification: {\"" + Notifications.SGN
                    + "\":{...}} or {\"" + Notifications.AGN + "\":{...}}");
        }
        if (!pc.isObject() || pc.size() != 1) {
            throw OneM2MException.badRequest("the content of a NOTIFY must be one object, {\"" + Notifications.SGN
                    + "\":{...}} or {\"" + Notifications.AGN + "\":{...}}");
        }
        Map.Entry<String, JsonNode> root = pc.properties().iterator().next();
        switch (root.getKey()) {
            case Notifications.SGN -> notification(root.getValue(), Notifications.SGN);
            case Notifications.AGN -> aggregated(root.getValue());
            default -> {
                if (root.getKey().equals(SECI)) {
                    throw OneM2MException.badRequest(SECI + " must be an object (m2m:securityInfo)");
                }
                if (NOT_SUPPORTED.contains(root.getKey())) {
                    throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "a NOTIFY carrying "
                            + root.getKey() + " is not supported by this CSE; it accepts " + Notifications.SGN
                            + " and " + Notifications.AGN);
                }
                throw OneM2MException.badRequest("the content of a NOTIFY is not a notification: "
                        + Excerpt.of(root.getKey()) + " where " + Notifications.SGN + " or " + Notifications.AGN
                        + " was expected (TS-0004 7.5.1.1)");
            }
        }
    }

    private static void aggregated(JsonNode agn) {
        JsonNode list = agn.isObject() && agn.size() == 1 ? agn.get(Notifications.SGN) : null;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw OneM2MException.badRequest(Notifications.AGN + " must be {\"" + Notifications.SGN
                    + "\":[...]} with one or more notifications");
        }
        for (int i = 0; i < list.size(); i++) {
            notification(list.get(i), Notifications.AGN + "." + Notifications.SGN + "[" + i + "]");
        }
    }

    private static void notification(JsonNode sgn, String where) {
        members(sgn, where, NOTIFICATION, "sur");
        JsonNode nev = sgn.get("nev");
        if (nev != null) {
            members(nev, where + ".nev", EVENT, "net");
            try {
                NotificationEventType.fromCode(nev.get("net").intValue());
            } catch (IllegalArgumentException e) {
                throw OneM2MException.badRequest(where + ".nev.net " + nev.get("net")
                        + " is not a notificationEventType (1 to 8)");
            }
            JsonNode om = nev.get("om");
            if (om != null) {
                members(om, where + ".nev.om", OPERATION_MONITOR, "op", "or");
                int op = om.get("op").intValue();
                if (op < Operation.CREATE.code() || op > Operation.NOTIFY.code()) {
                    throw OneM2MException.badRequest(where + ".nev.om.op " + op + " is not an operation (1 to 5)");
                }
            }
        }
        JsonNode idr = sgn.get("idr");
        if (idr != null) {
            members(idr, where + ".idr", IPE_DISCOVERY, "or", "fc");
        }
        // TS-0004 7.5.1.2.3: a verification request names the creator of the subscription being verified
        if (sgn.path("vrq").asBoolean(false) && !sgn.has("cr")) {
            throw OneM2MException.badRequest(where + " is a verification request (vrq) without the creator (cr) "
                    + "of the subscription");
        }
    }

    /** An object holding only the given elements, each of its type, with the mandatory ones present. */
    private static void members(JsonNode o, String where, Map<String, ValueType> allowed, String... mandatory) {
        if (!o.isObject()) {
            throw OneM2MException.badRequest(where + " must be an object");
        }
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            ValueType t = allowed.get(e.getKey());
            if (t == null) {
                throw OneM2MException.badRequest(where + " has an unknown element " + Excerpt.of(e.getKey()));
            }
            if (!matches(t, e.getValue())) {
                throw OneM2MException.badRequest(where + "." + e.getKey() + " must be " + describe(t));
            }
        }
        for (String m : mandatory) {
            if (!o.has(m)) {
                throw OneM2MException.badRequest(where + " lacks its mandatory element " + m);
            }
        }
    }

    private static boolean matches(ValueType t, JsonNode v) {
        return switch (t) {
            case BOOLEAN -> v.isBoolean();
            case INTEGER -> v.isIntegralNumber() && v.canConvertToInt();
            case OBJECT -> v.isObject();
            case ANY -> true;
            default -> v.isTextual() && !v.asText().isEmpty(); // IDs and URIs
        };
    }

    private static String describe(ValueType t) {
        return switch (t) {
            case BOOLEAN -> "a boolean";
            case INTEGER -> "an integer";
            case OBJECT -> "an object";
            case ANY -> "any value";
            default -> "a non-empty string";
        };
    }
}
