package io.bastion.client.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.time.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The symmetric key procedures a MAF (TS-0003 8.8.2.7–.10) and a MEF (8.3.5.2.7–.10) share: CREATE ty 9003
 * {@code sec:mkr} on the function's base, RETRIEVE, UPDATE and DELETE of {@code <base>/<RelativeKeyID>}. A key
 * registered without a value is derived from a fresh session exported with {@code EXPORTER-oneM2M-Connection}
 * (10.3.1: KcID the first 16 bytes, in hex the RelativeKeyID the function must answer, checked; Kc the last 32), since
 * a second one on the same session would be the same key. Messages name the function, never a key.
 */
final class KeyProcedures {
    /** The exporter label of TS-0003 10.3.1 for keys derived from a MAF or MEF session. */
    static final String EXPORTER_LABEL = "EXPORTER-oneM2M-Connection";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The sessions with the function: the kept one, and a fresh one exported with a label. */
    interface Sessions {
        PskChannel session() throws IOException;

        PskChannel fresh(String exporterLabel) throws IOException;
    }

    private final String function;
    private final String base;
    private final String fqdn;
    private final String originator;
    private final Sessions sessions;

    /**
     * @param function "MAF" or "MEF", in messages
     * @param base the function's base path ({@code /maf}, {@code /mef})
     * @param fqdn the function's FQDN, the part after '@' of its Key Identifiers
     */
    KeyProcedures(String function, String base, String fqdn, String originator, Sessions sessions) {
        this.function = function;
        this.base = base;
        this.fqdn = fqdn;
        this.originator = originator;
        this.sessions = sessions;
    }

    String fqdn() {
        return fqdn;
    }

    /** Key Registration; {@code keyValue} null = exporter-derived on a fresh session. */
    MafKey register(String adminFqdn, int suid, List<String> targetIds, Instant expires, List<String> labels,
                    byte[] keyValue) throws IOException {
        ObjectNode c = NODES.objectNode();
        c.put("et", Timestamps.format(expires)).put("adfq", adminFqdn).put("suid", suid);
        ArrayNode tg = c.putArray("tgis");
        targetIds.forEach(tg::add);
        labels(c, labels);
        if (keyValue != null) {
            c.put("kv", Base64.getEncoder().encodeToString(keyValue));
            JsonNode r = expect(sessions.session().request("POST", base, originator, 9003, wrap("sec:mkr", c)), 2001,
                    "sec:mkr");
            return key(r, text(r, "rn"), keyValue);
        }
        try (PskChannel fresh = sessions.fresh(EXPORTER_LABEL)) {
            byte[] x = fresh.exported();
            byte[] kc = Arrays.copyOfRange(x, 16, 48);
            try {
                String kcId = HexFormat.of().formatHex(x, 0, 16);
                JsonNode r = expect(fresh.request("POST", base, originator, 9003, wrap("sec:mkr", c)), 2001,
                        "sec:mkr");
                if (!kcId.equals(text(r, "rn"))) {
                    throw new IOException("the " + function + " named the key " + Http11.excerpt(text(r, "rn"))
                            + ", not the KcID this session exported (TS-0003 10.3.5): the key is not used");
                }
                return key(r, kcId, kc);
            } finally {
                Arrays.fill(x, (byte) 0);
                Arrays.fill(kc, (byte) 0);
            }
        }
    }

    /** Key Retrieval by a target ({@code self}, the only target the answer reveals). */
    MafKey retrieve(String relativeKeyId, String self) throws IOException {
        JsonNode r = expect(sessions.session().request("GET", record(relativeKeyId), originator, null, null), 2000,
                "sec:mkr");
        byte[] kv;
        try {
            kv = Base64.getDecoder().decode(text(r, "kv"));
        } catch (IllegalArgumentException e) {
            throw new IOException("the " + function + "'s kv for " + relativeKeyId + " is not base64");
        }
        try {
            return new MafKey(relativeKeyId, relativeKeyId + "@" + fqdn, kv, time(r, "et"), text(r, "cr"),
                    text(r, "adfq"), r.path("suid").asInt(), List.of(self));
        } finally {
            Arrays.fill(kv, (byte) 0);
        }
    }

    /** Key Registration Update by its source: expiry, labels, targets (null: unchanged); the granted values. */
    JsonNode update(String relativeKeyId, Instant expires, List<String> labels, List<String> targetIds)
            throws IOException {
        ObjectNode c = NODES.objectNode();
        if (expires != null) {
            c.put("et", Timestamps.format(expires));
        }
        labels(c, labels);
        if (targetIds != null) {
            ArrayNode tg = c.putArray("tgis");
            targetIds.forEach(tg::add);
        }
        return expect(sessions.session().request("PUT", record(relativeKeyId), originator, null, wrap("sec:mkr", c)),
                2004, "sec:mkr");
    }

    /** Key De-Registration by its source. */
    void deregister(String relativeKeyId) throws IOException {
        expect(sessions.session().request("DELETE", record(relativeKeyId), originator, null, null), 2002, null);
    }

    private MafKey key(JsonNode r, String rn, byte[] kc) throws IOException {
        return new MafKey(rn, rn + "@" + fqdn, kc, time(r, "et"), text(r, "cr"), text(r, "adfq"),
                r.path("suid").asInt(), list(r, "tgis"));
    }

    /** The answer's object under {@code root} when the code is {@code rsc}; otherwise the function's refusal. */
    JsonNode expect(OneM2mAnswer a, int rsc, String root) throws IOException {
        if (a.rsc() != rsc) {
            String dbg = a.debug();
            throw new TrustServiceException(a.rsc(), dbg.isEmpty() ? "the " + function + " answered HTTP "
                    + a.httpStatus() + " where " + rsc + " was expected" : dbg);
        }
        if (root == null) {
            return null;
        }
        // sec: since Bastion's MAF moved its roots there; m2m: from a MAF that answers as Bastion's first one did
        JsonNode o = a.content() == null ? null : a.content().has(root) ? a.content().get(root)
                : a.content().get("m2m:" + root.substring(root.indexOf(':') + 1));
        if (o == null || !o.isObject()) {
            throw new IOException("the " + function + "'s answer " + rsc + " has no " + root + " object");
        }
        return o;
    }

    /** {@code <base>/<name>}, the name checked (a registration ID or RelativeKeyID). */
    String record(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._~-]{1,128}")) {
            throw new IllegalArgumentException("not a " + function + " record name (registration ID or "
                    + "RelativeKeyID): " + (name == null ? null : Http11.excerpt(name)));
        }
        return base + "/" + name;
    }

    static void labels(ObjectNode c, List<String> labels) {
        if (labels != null) {
            ArrayNode l = c.putArray("lbl");
            labels.forEach(l::add);
        }
    }

    static ObjectNode wrap(String root, ObjectNode v) {
        ObjectNode o = NODES.objectNode();
        o.set(root, v);
        return o;
    }

    String text(JsonNode o, String sn) throws IOException {
        JsonNode v = o.get(sn);
        if (v == null || !v.isTextual()) {
            throw new IOException("the " + function + "'s answer lacks " + sn);
        }
        return v.asText();
    }

    Instant time(JsonNode o, String sn) throws IOException {
        try {
            return Timestamps.parse(text(o, sn), sn);
        } catch (OneM2MException e) {
            throw new IOException("the " + function + "'s answer has a malformed " + sn);
        }
    }

    static List<String> list(JsonNode o, String sn) {
        List<String> out = new ArrayList<>();
        o.path(sn).forEach(e -> out.add(e.asText()));
        return out;
    }

    /**
     * The verification of a Key Registration Response (TS-0003 8.3.9.9.4 and 8.3.9.9.5 step 10): what fails, or null
     * when {@code et} lies ahead and {@code cr}, {@code adfq}, {@code suid} and {@code tgis} are the client and the
     * values sent.
     */
    static String unverified(MafKey k, String clientId, String adminFqdn, int suid, List<String> targetIds) {
        return !k.expires().isAfter(Instant.now()) ? "expirationTime " + k.expires() + " has passed"
                : !k.sourceId().equals(clientId) ? "the Source Client ID " + Http11.excerpt(k.sourceId())
                        + " is not this client (" + clientId + ")"
                : !k.adminFqdn().equals(adminFqdn) ? "adminFQDN " + Http11.excerpt(k.adminFqdn()) + " is not "
                        + adminFqdn
                : k.suid() != suid ? "SUID " + k.suid() + " is not " + suid
                : !java.util.Set.copyOf(k.targetIds()).equals(java.util.Set.copyOf(targetIds))
                        || k.targetIds().size() != targetIds.size()
                        ? "targetIDs " + k.targetIds() + " are not " + targetIds : null;
    }
}
