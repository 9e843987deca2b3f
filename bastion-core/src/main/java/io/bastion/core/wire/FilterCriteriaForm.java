package io.bastion.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.geo.GeoQuery;
import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code fc} parameter of a serialized request primitive (m2m:filterCriteria, TS-0004 6.3.5.8) read into
 * {@link FilterCriteria} and written back. The conditions are those the HTTP door's query takes (TS-0009 6.2.2.2):
 * what this CSE does not evaluate is refused (5001) and an unknown member is 4000, so a client never believes a
 * filter was applied when it was not.
 */
public final class FilterCriteriaForm {
    /** Attribute conditions in one request, as in the HTTP query. */
    static final int MAX_ATTRIBUTE_CONDITIONS = 16;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FilterCriteriaForm() {
    }

    /** {@code fc} as filter criteria; 4000 naming the member that is malformed or unknown. */
    public static FilterCriteria read(JsonNode fc) {
        if (!fc.isObject()) {
            throw OneM2MException.badRequest("fc (filterCriteria) must be an object");
        }
        Integer fu = null, fo = null, sts = null, stb = null, sza = null, szb = null, lim = null, lvl = null;
        Integer ofst = null, gmty = null, gsf = null;
        Instant cra = null, crb = null, ms = null, us = null, exb = null, exa = null;
        List<String> lbl = null;
        List<Integer> ty = null;
        String rn = null;
        JsonNode geom = null;
        List<AttributeCondition> atr = null;
        for (Map.Entry<String, JsonNode> m : fc.properties()) {
            String name = m.getKey();
            JsonNode v = m.getValue();
            switch (name) {
                case "fu" -> fu = Members.integer(v, "fc.fu");
                case "fo" -> fo = Members.integer(v, "fc.fo");
                case "cra" -> cra = time(v, "fc.cra");
                case "crb" -> crb = time(v, "fc.crb");
                case "ms" -> ms = time(v, "fc.ms");
                case "us" -> us = time(v, "fc.us");
                case "sts" -> sts = Members.integer(v, "fc.sts");
                case "stb" -> stb = Members.integer(v, "fc.stb");
                case "exb" -> exb = time(v, "fc.exb");
                case "exa" -> exa = time(v, "fc.exa");
                case "lbl" -> lbl = Members.texts(v, "fc.lbl");
                case "ty" -> ty = integers(v, "fc.ty");
                case "rn" -> rn = Members.text(v, "fc.rn");
                case "sza" -> sza = Members.integer(v, "fc.sza");
                case "szb" -> szb = Members.integer(v, "fc.szb");
                case "lim" -> lim = Members.integer(v, "fc.lim");
                case "lvl" -> lvl = Members.integer(v, "fc.lvl");
                case "ofst" -> ofst = Members.integer(v, "fc.ofst");
                case "gmty" -> gmty = Members.integer(v, "fc.gmty");
                case "geom" -> geom = v;
                case "gsf" -> gsf = Members.integer(v, "fc.gsf");
                case "atr" -> atr = attributes(v);
                case "cty", "smf", "cfs", "cfq", "arp", "pc", "pa" -> throw new OneM2MException(
                        io.bastion.core.primitive.ResponseStatusCode.NOT_IMPLEMENTED,
                        "filter condition fc." + name + " is not supported by this CSE");
                default -> throw OneM2MException.badRequest("unknown filter condition fc." + Excerpt.of(name));
            }
        }
        GeoQuery gq = gmty == null && geom == null && gsf == null ? null
                : GeoQuery.of(gmty, geom, gsf).orElse(null);
        return new FilterCriteria(fu, fo, cra, crb, ms, us, sts, stb, exb, exa, lbl, ty, rn, sza, szb, lim, lvl,
                ofst, gq, atr);
    }

    /**
     * The filter criteria as {@code fc}, or null when there are none. A geo-query is not written: the primitives keep
     * it as a condition object only (the same limit as the HTTP originator's, {@code HttpMapping.query}).
     *
     * @throws IllegalArgumentException when {@code fc} holds a geo-query
     */
    public static ObjectNode write(FilterCriteria fc) {
        if (fc == null || fc == FilterCriteria.none()) {
            return null;
        }
        if (fc.gq() != null) {
            throw new IllegalArgumentException("a geo-query (gmty, geom, gsf) is not forwarded by this CSE");
        }
        ObjectNode o = JSON.objectNode();
        Members.put(o, "fu", fc.fu());
        Members.put(o, "fo", fc.fo());
        Members.put(o, "cra", fc.cra());
        Members.put(o, "crb", fc.crb());
        Members.put(o, "ms", fc.ms());
        Members.put(o, "us", fc.us());
        Members.put(o, "sts", fc.sts());
        Members.put(o, "stb", fc.stb());
        Members.put(o, "exb", fc.exb());
        Members.put(o, "exa", fc.exa());
        Members.putTexts(o, "lbl", fc.lbl());
        if (!fc.ty().isEmpty()) {
            fc.ty().forEach(o.putArray("ty")::add);
        }
        Members.put(o, "rn", fc.rn());
        Members.put(o, "sza", fc.sza());
        Members.put(o, "szb", fc.szb());
        Members.put(o, "lim", fc.lim());
        Members.put(o, "lvl", fc.lvl());
        Members.put(o, "ofst", fc.ofst());
        if (!fc.atr().isEmpty()) {
            var list = o.putArray("atr");
            for (AttributeCondition a : fc.atr()) {
                list.addObject().put("nm", a.name()).put("val", a.value());
            }
        }
        return o.isEmpty() ? null : o;
    }

    private static Instant time(JsonNode v, String name) {
        return Timestamps.parse(Members.text(v, name), name);
    }

    /** A list of resource types, or one alone (JSON writers differ on a list of one). */
    private static List<Integer> integers(JsonNode v, String name) {
        List<Integer> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                out.add(Members.integer(e, name));
            }
        } else {
            out.add(Members.integer(v, name));
        }
        return out;
    }

    /** {@code atr}: a list of {@code {nm, val}} (m2m:attribute), each value a scalar compared as text. */
    private static List<AttributeCondition> attributes(JsonNode v) {
        if (!v.isArray()) {
            throw OneM2MException.badRequest("fc.atr must be a list of {nm, val}");
        }
        if (v.size() > MAX_ATTRIBUTE_CONDITIONS) {
            throw OneM2MException.badRequest("at most " + MAX_ATTRIBUTE_CONDITIONS + " attribute conditions");
        }
        List<AttributeCondition> out = new ArrayList<>();
        for (JsonNode a : v) {
            JsonNode nm = a.get("nm");
            JsonNode val = a.get("val");
            if (!a.isObject() || nm == null || !nm.isTextual() || val == null || !val.isValueNode() || val.isNull()) {
                throw OneM2MException.badRequest("each fc.atr entry is {nm: attribute name, val: value}");
            }
            if (AttributeCondition.EXCLUDED.contains(nm.asText())) {
                throw OneM2MException.badRequest("attribute '" + nm.asText() + "' may not be used as an attribute "
                        + "condition: another filter condition covers it (TS-0004 7.3.3.17.9)");
            }
            out.add(new AttributeCondition(nm.asText(), val.asText()));
        }
        return out;
    }
}
