package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Operation;
import io.bastion.core.text.Excerpt;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code m2m:dynAuthDasRequest} ({@code dreq}, TS-0004 6.3.5.46): what a Hosting CSE tells a DAS Server about a
 * request it could not grant (TS-0003 table 7.3.2.2-1), what an Originator passes on to a DAS when it asks for a
 * token (indirect flow), and the carrier of {@code tids} when a Hosting CSE looks tokens up by their IDs
 * (TS-0001 11.5.3 step 6).
 *
 * <p>Multiplicities follow TS-0004 (the spec wins over TS-0003's table, which marks {@code trt} mandatory and
 * {@code trid} optional): {@code or}, {@code op} and {@code trid} are mandatory, everything else optional.
 *
 * @param or originator: the ID of the Originator of the request received by the Hosting CSE
 * @param trt targetedResourceType, or null
 * @param op operation of the received request (CREATE..NOTIFY; a discovery is a RETRIEVE)
 * @param oip originatorIP, or null
 * @param olo originatorLocation ({@code m2m:locationRegion}: {@code accc} and/or {@code accr}), kept as JSON, or
 *     null
 * @param orid originatorRoleIDs; empty when absent
 * @param rts requestTimestamp ({@code m2m:absRelTimestamp}), or null
 * @param trid targetedResourceID
 * @param ppl proposedPrivilegesLifetime ({@code m2m:absRelTimestamp}), or null
 * @param rfa roleIDsFromACPs; empty when absent
 * @param tids tokenIDs; empty when absent
 * @param asi authorSignIndicator, or null
 */
public record DasRequest(
        String or,
        Integer trt,
        Operation op,
        OriginatorIp oip,
        JsonNode olo,
        List<String> orid,
        String rts,
        String trid,
        String ppl,
        List<String> rfa,
        List<String> tids,
        Boolean asi) {

    private static final Set<String> MEMBERS =
            Set.of("or", "trt", "op", "oip", "olo", "orid", "rts", "trid", "ppl", "rfa", "tids", "asi");
    private static final Set<String> LOCATION_MEMBERS = Set.of("accc", "accr");

    public DasRequest {
        Members.checkId(requireText(or, "dreq.or"), "dreq.or");
        Members.checkId(requireText(trid, "dreq.trid"), "dreq.trid");
        if (op == null || op == Operation.DISCOVERY) {
            throw new MalformedSecurityInfoException("dreq.op: must be a wire operation (1..5)");
        }
        if (trt != null && trt < 1) {
            throw new MalformedSecurityInfoException("dreq.trt: must be a positive integer");
        }
        if (olo != null) {
            checkLocation(olo, "dreq.olo");
            olo = olo.deepCopy();
        }
        if (rts != null) {
            Members.checkAbsRel(rts, "dreq.rts");
        }
        if (ppl != null) {
            Members.checkAbsRel(ppl, "dreq.ppl");
        }
        orid = orid == null ? List.of() : List.copyOf(orid);
        rfa = rfa == null ? List.of() : List.copyOf(rfa);
        tids = tids == null ? List.of() : List.copyOf(tids);
    }

    /** The minimal request: originator, operation and target. */
    public static DasRequest of(String or, Operation op, String trid) {
        return new DasRequest(or, null, op, null, null, null, null, trid, null, null, null, null);
    }

    public DasRequest withTrt(Integer v) {
        return new DasRequest(or, v, op, oip, olo, orid, rts, trid, ppl, rfa, tids, asi);
    }

    public DasRequest withOip(OriginatorIp v) {
        return new DasRequest(or, trt, op, v, olo, orid, rts, trid, ppl, rfa, tids, asi);
    }

    public DasRequest withPpl(String v) {
        return new DasRequest(or, trt, op, oip, olo, orid, rts, trid, v, rfa, tids, asi);
    }

    public DasRequest withRts(String v) {
        return new DasRequest(or, trt, op, oip, olo, orid, v, trid, ppl, rfa, tids, asi);
    }

    public DasRequest withRoles(List<String> originatorRoles, List<String> rolesFromAcps) {
        return new DasRequest(or, trt, op, oip, olo, originatorRoles, rts, trid, ppl, rolesFromAcps, tids, asi);
    }

    public DasRequest withTids(List<String> v) {
        return new DasRequest(or, trt, op, oip, olo, orid, rts, trid, ppl, rfa, v, asi);
    }

    /** The {@code dreq} object (without a wrapper), in short names; absent elements are left out. */
    public ObjectNode toJson() {
        ObjectNode o = Members.NODES.objectNode();
        o.put("or", or);
        if (trt != null) {
            o.put("trt", trt);
        }
        o.put("op", op.code());
        if (oip != null) {
            o.set("oip", oip.toJson());
        }
        if (olo != null) {
            o.set("olo", olo.deepCopy());
        }
        if (!orid.isEmpty()) {
            o.set("orid", Members.array(orid));
        }
        if (rts != null) {
            o.put("rts", rts);
        }
        o.put("trid", trid);
        if (ppl != null) {
            o.put("ppl", ppl);
        }
        if (!rfa.isEmpty()) {
            o.set("rfa", Members.array(rfa));
        }
        if (!tids.isEmpty()) {
            o.set("tids", Members.array(tids));
        }
        if (asi != null) {
            o.put("asi", asi);
        }
        return o;
    }

    /**
     * Parses a {@code dreq} object.
     *
     * @param path the element's path for error messages, e.g. {@code m2m:seci.dreq}
     * @throws MalformedSecurityInfoException naming the offending element
     */
    public static DasRequest fromJson(JsonNode node, String path) {
        Members.requireObject(node, path, "an object (m2m:dynAuthDasRequest)");
        Members.rejectUnknown(node, path, MEMBERS);
        String or = Members.id(node.get("or"), path + ".or", true);
        Operation op = operation(node.get("op"), path + ".op");
        String trid = Members.id(node.get("trid"), path + ".trid", true);
        JsonNode olo = node.get("olo");
        if (olo != null && !olo.isNull()) {
            checkLocation(olo, path + ".olo");
        } else {
            olo = null;
        }
        JsonNode oip = node.get("oip");
        return new DasRequest(or,
                Members.positiveInt(node.get("trt"), path + ".trt"),
                op,
                oip == null || oip.isNull() ? null : OriginatorIp.fromJson(oip, path + ".oip"),
                olo,
                Members.ids(node.get("orid"), path + ".orid"),
                Members.absRel(node.get("rts"), path + ".rts"),
                trid,
                Members.absRel(node.get("ppl"), path + ".ppl"),
                Members.ids(node.get("rfa"), path + ".rfa"),
                Members.ids(node.get("tids"), path + ".tids"),
                Members.bool(node.get("asi"), path + ".asi"));
    }

    private static Operation operation(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw Members.invalid(path, "missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > 5) {
            throw Members.invalid(path, "must be an integer 1..5 (m2m:operation)");
        }
        return Operation.fromCode(node.intValue());
    }

    /** {@code m2m:locationRegion}: an object with {@code accc} (country codes) and/or {@code accr} (circle). */
    private static void checkLocation(JsonNode node, String path) {
        Members.requireObject(node, path, "an object (m2m:locationRegion with accc and/or accr)");
        if (node.isEmpty()) {
            throw Members.invalid(path, "must contain accc and/or accr");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!LOCATION_MEMBERS.contains(name)) {
                throw Members.invalid(path + "." + Excerpt.of(name), "unknown member");
            }
            if (!node.get(name).isArray()) {
                throw Members.invalid(path + "." + name, "must be a list");
            }
        }
    }

    private static String requireText(String v, String path) {
        if (v == null || v.isEmpty()) {
            throw Members.invalid(path, "missing");
        }
        return v;
    }
}
