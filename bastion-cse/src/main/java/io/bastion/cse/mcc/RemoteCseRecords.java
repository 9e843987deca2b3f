package io.bastion.cse.mcc;

import io.bastion.cse.resource.UniversalAttributes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import java.time.Instant;
import java.util.List;

/**
 * The two {@code <remoteCSE>} resources of a registration (TS-0001 10.2.2.7, table 9.6.4-2; TS-0004 7.4.4.2.1): the
 * one this CSE asks its registrar to create (and later keeps current), and the one it keeps of its registrar.
 */
final class RemoteCseRecords {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The attributes of this CSE's {@code <remoteCSE>} on the registrar that can change after registration. */
    static final List<String> KEPT_CURRENT = List.of("poa", "rr", "srv", "csz", "dcse", "esi");
    /** The serializations this CSE reads and writes (TS-0004 {@code m2m:serializations}), JSON preferred. */
    static final List<String> SERIALIZATIONS = List.of("application/json", "application/cbor", "application/xml");

    private RemoteCseRecords() {
    }

    /**
     * The attributes of this CSE's {@code <remoteCSE>} as its registrar should hold them: {@code rn} its CSE-ID without
     * the slash (so that it is found again at {@code /<registrar>/<cb>/<id>} after a restart of either side),
     * {@code cst}, {@code cb}, {@code csi} and, for {@link #KEPT_CURRENT}: {@code poa}, {@code rr} (true when it
     * announces a point of access), {@code srv}, {@code csz}, {@code dcse} (omitted when empty) and {@code esi}
     * {@code {"esf":[13]}}: this CSE is an ESPrim receiver (TS-0003 8.4.2 A), and without {@code esro} an originator
     * asks it for a rand object ({@code sit}=3, B.2c.3), so that the copy at the registrar never goes stale. With
     * {@code escertke}, {@code esf} is [13, 43]: this CSE is also an ESCertKE end-point, as its CSEBase says.
     */
    static ObjectNode own(CseConfig config, MccConfig mcc, List<String> poa, List<String> dcse) {
        return own(config, mcc, poa, dcse, false);
    }

    /** As {@link #own(CseConfig, MccConfig, List, List)}, saying whether this CSE is an ESCertKE end-point. */
    static ObjectNode own(CseConfig config, MccConfig mcc, List<String> poa, List<String> dcse, boolean escertke) {
        ObjectNode a = JSON.objectNode();
        a.put("rn", config.cseId().substring(1));
        a.put("cst", mcc.cseType().code());
        a.put("cb", config.cseId() + "/" + config.cseBaseName());
        a.put("csi", config.cseId());
        a.set("poa", array(poa));
        a.put("rr", !poa.isEmpty());
        a.set("srv", array(config.supportedReleases()));
        a.set("csz", array(SERIALIZATIONS));
        if (!dcse.isEmpty()) {
            a.set("dcse", array(dcse));
        }
        ArrayNode esf = JSON.arrayNode().add(13);
        if (escertke) {
            esf.add(43);
        }
        a.set("esi", JSON.objectNode().set("esf", esf));
        return a;
    }

    /** {@code {"m2m:csr": attrs}}. */
    static ObjectNode wrapped(ObjectNode attrs) {
        ObjectNode body = JSON.objectNode();
        body.set("m2m:csr", attrs);
        return body;
    }

    /**
     * What an UPDATE must change so that the registrar's {@code remote} representation holds the {@code desired}
     * values of {@link #KEPT_CURRENT}: the differing ones, an empty {@code dcse} as {@code []}; empty when all agree.
     */
    static ObjectNode changes(JsonNode remote, ObjectNode desired) {
        ObjectNode c = JSON.objectNode();
        for (String sn : KEPT_CURRENT) {
            JsonNode want = desired.has(sn) ? desired.get(sn) : sn.equals("dcse") ? JSON.arrayNode() : null;
            JsonNode have = remote.get(sn);
            boolean bothEmpty = want != null && want.isArray() && want.isEmpty()
                    && (have == null || have.isNull() || have.isArray() && have.isEmpty());
            if (want != null && !bothEmpty && !want.equals(have)) {
                c.set(sn, want);
            }
        }
        return c;
    }

    /**
     * The {@code <remoteCSE>} this CSE keeps of its registrar (TS-0001 10.2.2.7 steps 004 and 008): {@code csi},
     * {@code cb} and {@code poa} ({@code registrar.url}) from the configuration; {@code cst}, {@code srv}, {@code nl}
     * {@code lbl} and the {@code esf} of its {@code esi} from the registrar's CSEBase when it let this CSE read it ({@code cseBase}, else null). Without
     * it, {@code srv} is the release of the exchange the registrar accepted, the one release this CSE knows it
     * supports, and {@code cst} stays absent (it is optional). {@code rr} is true: this CSE reaches it at its
     * {@code poa}. Its resource ID and name are the registrar's CSE-ID without the slash, as a registree's are on a
     * registrar, and its creator is the registrar (the CSE it describes), as there.
     */
    static Resource ofRegistrar(MccConfig.Registrar registrar, JsonNode cseBase, String cseBaseRi,
                                String cseBaseName, Instant now, Instant et) {
        String ri = registrar.cseId().substring(1);
        ObjectNode a = JSON.objectNode();
        UniversalAttributes.put(a, ResourceTypes.CSR, ri, ri, cseBaseRi, now, et);
        a.put("csi", registrar.cseId());
        a.put("cb", registrar.cseId() + "/" + registrar.cseBaseName());
        a.set("poa", array(List.of(registrar.url())));
        a.put("rr", true);
        JsonNode cb = cseBase == null ? null : cseBase.get("m2m:cb");
        if (cb != null && cb.isObject()) {
            JsonNode cst = cb.get("cst");
            if (cst != null && cst.canConvertToInt() && MccConfig.CseType.ofCode(cst.asLong()) != null) {
                a.put("cst", cst.asInt());
            }
            copyStrings(cb, "srv", a);
            copyStrings(cb, "lbl", a);
            JsonNode nl = cb.get("nl");
            if (nl != null && nl.isTextual()) {
                a.put("nl", nl.asText());
            }
            // its end-to-end features (TS-0003 8.4.2 A), not its rotating shared rand object: ask it (sit 3)
            JsonNode esf = cb.path("esi").get("esf");
            if (esf != null && esf.isArray() && !esf.isEmpty() && esf.size() <= 16) {
                ArrayNode list = JSON.arrayNode();
                esf.forEach(v -> {
                    if (v.canConvertToInt() && v.isIntegralNumber()) {
                        list.add(v.asInt());
                    }
                });
                if (list.size() == esf.size()) {
                    a.set("esi", JSON.objectNode().set("esf", list));
                }
            }
        }
        if (!a.has("srv")) {
            a.set("srv", array(List.of(RegistrarClient.RELEASE)));
        }
        return new Resource(ri, cseBaseRi, ResourceTypes.CSR, cseBaseName + "/" + ri, a, registrar.cseId(), et);
    }

    /** The CSE-ID a retrieved CSEBase gives ({@code csi}), or null. */
    static String csiOf(JsonNode cseBase) {
        JsonNode csi = cseBase == null ? null : cseBase.path("m2m:cb").get("csi");
        return csi != null && csi.isTextual() ? csi.asText() : null;
    }

    /** Whether {@code stored} already says what {@code fresh} says, but for its times. */
    static boolean same(Resource stored, Resource fresh) {
        ObjectNode s = stored.attrsCopy();
        ObjectNode f = fresh.attrsCopy();
        for (String t : List.of("ct", "lt", "et", "st")) {
            s.remove(t);
            f.remove(t);
        }
        return s.equals(f);
    }

    private static void copyStrings(JsonNode from, String sn, ObjectNode to) {
        JsonNode v = from.get(sn);
        if (v != null && v.isArray() && !v.isEmpty()) {
            ArrayNode out = to.putArray(sn);
            v.forEach(e -> {
                if (e.isTextual()) {
                    out.add(e.asText());
                }
            });
        }
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
