package io.bastion.cse.nonblocking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.Request;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mi} (m2m:metaInformation, TS-0004 table 6.3.5.4-1) of a {@code <request>}: the optional parameters of the
 * non-blocking request, by their short names (TS-0004 table 8.2.2-1), and the request they rebuild when the CSE runs
 * it after a restart. The tokens ({@code tkns}, {@code tids}, {@code ltids}) are left out: they are bearer
 * credentials, and a resource the originator and the admin can read is no place for them; a request resumed after a
 * restart is therefore decided without them. A geo-query never gets here ({@link NonBlockingStage} refuses it).
 */
final class MetaInformation {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MetaInformation() {
    }

    /** The meta information of {@code rq}. */
    static ObjectNode of(Request rq) {
        ObjectNode mi = JSON.objectNode();
        putInt(mi, "ty", rq.ty());
        putText(mi, "ot", rq.ot());
        putText(mi, "rqet", rq.rqet());
        putText(mi, "rset", rq.rset());
        putText(mi, "oet", rq.oet());
        ObjectNode rt = mi.putObject("rt");
        rt.put("rtv", rq.rt());
        if (rq.rtu() != null) {
            ArrayNode nu = rt.putArray("nu");
            rq.rtu().forEach(nu::add);
        }
        putText(mi, "rp", rq.rp());
        putInt(mi, "rcn", rq.rcn());
        putText(mi, "ec", rq.ec());
        putText(mi, "gid", rq.gid());
        if (rq.fc() != FilterCriteria.none()) {
            mi.set("fc", filterCriteria(rq.fc()));
        }
        putInt(mi, "drt", rq.drt());
        if (!rq.rids().isEmpty()) {
            ArrayNode rids = mi.putArray("rids");
            rq.rids().forEach(rids::add);
        }
        if (rq.tqi() != null) {
            mi.put("tqi", rq.tqi());
        }
        putText(mi, "rvi", rq.rvi());
        putText(mi, "vsi", rq.vsi());
        return mi;
    }

    /** The notification targets of the request's response type: null when it gave none, empty when an empty list. */
    static List<String> notificationTargets(JsonNode mi) {
        JsonNode nu = mi == null ? null : mi.path("rt").get("nu");
        if (nu == null || !nu.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(nu.size());
        nu.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The response type the request asked for (1 or 2). */
    static int responseType(JsonNode mi) {
        return mi.path("rt").path("rtv").asInt(1);
    }

    /** Applies the parameters of {@code mi} to {@code b}; the response type is left out (the CSE runs it blocking). */
    static void applyTo(JsonNode mi, Request.Builder b) {
        b.ty(integer(mi, "ty")).ot(text(mi, "ot")).rqet(text(mi, "rqet")).rset(text(mi, "rset"))
                .oet(text(mi, "oet")).rp(text(mi, "rp")).rcn(integer(mi, "rcn")).ec(text(mi, "ec"))
                .gid(text(mi, "gid")).drt(integer(mi, "drt")).rvi(text(mi, "rvi")).vsi(text(mi, "vsi"));
        if (mi.has("tqi")) {
            b.tqi(mi.get("tqi").asBoolean());
        }
        if (mi.path("rids").isArray()) {
            List<String> rids = new ArrayList<>();
            mi.get("rids").forEach(n -> rids.add(n.asText()));
            b.rids(rids);
        }
        if (mi.path("fc").isObject()) {
            b.fc(filterCriteria(mi.get("fc")));
        }
    }

    /** {@code m2m:filterCriteria} by short names (TS-0004 table 6.3.5.8-1), without a geo-query. */
    static ObjectNode filterCriteria(FilterCriteria fc) {
        ObjectNode o = JSON.objectNode();
        putInt(o, "fu", fc.fu());
        putInt(o, "fo", fc.fo());
        putTime(o, "cra", fc.cra());
        putTime(o, "crb", fc.crb());
        putTime(o, "ms", fc.ms());
        putTime(o, "us", fc.us());
        putInt(o, "sts", fc.sts());
        putInt(o, "stb", fc.stb());
        putTime(o, "exb", fc.exb());
        putTime(o, "exa", fc.exa());
        if (!fc.lbl().isEmpty()) {
            ArrayNode a = o.putArray("lbl");
            fc.lbl().forEach(a::add);
        }
        if (!fc.ty().isEmpty()) {
            ArrayNode a = o.putArray("ty");
            fc.ty().forEach(a::add);
        }
        putText(o, "rn", fc.rn());
        putInt(o, "sza", fc.sza());
        putInt(o, "szb", fc.szb());
        putInt(o, "lim", fc.lim());
        putInt(o, "lvl", fc.lvl());
        putInt(o, "ofst", fc.ofst());
        if (!fc.atr().isEmpty()) {
            ArrayNode a = o.putArray("atr");
            for (AttributeCondition c : fc.atr()) {
                a.addObject().put("nm", c.name()).put("val", c.value());
            }
        }
        return o;
    }

    static FilterCriteria filterCriteria(JsonNode o) {
        List<String> lbl = new ArrayList<>();
        o.path("lbl").forEach(n -> lbl.add(n.asText()));
        List<Integer> ty = new ArrayList<>();
        o.path("ty").forEach(n -> ty.add(n.asInt()));
        List<AttributeCondition> atr = new ArrayList<>();
        o.path("atr").forEach(n -> atr.add(new AttributeCondition(n.path("nm").asText(), n.path("val").asText())));
        return new FilterCriteria(integer(o, "fu"), integer(o, "fo"), time(o, "cra"), time(o, "crb"), time(o, "ms"),
                time(o, "us"), integer(o, "sts"), integer(o, "stb"), time(o, "exb"), time(o, "exa"), lbl, ty,
                text(o, "rn"), integer(o, "sza"), integer(o, "szb"), integer(o, "lim"), integer(o, "lvl"),
                integer(o, "ofst"), null, atr);
    }

    private static void putInt(ObjectNode o, String sn, Integer v) {
        if (v != null) {
            o.put(sn, v);
        }
    }

    private static void putText(ObjectNode o, String sn, String v) {
        if (v != null) {
            o.put(sn, v);
        }
    }

    private static void putTime(ObjectNode o, String sn, Instant v) {
        if (v != null) {
            o.put(sn, Timestamps.format(v));
        }
    }

    private static Integer integer(JsonNode o, String sn) {
        JsonNode n = o.get(sn);
        return n == null || !n.canConvertToInt() ? null : n.asInt();
    }

    private static String text(JsonNode o, String sn) {
        JsonNode n = o.get(sn);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant time(JsonNode o, String sn) {
        String v = text(o, sn);
        return v == null ? null : Timestamps.parse(v, sn);
    }
}
