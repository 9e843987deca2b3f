package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.TrustEnablingTypes;
import io.bastion.core.text.Fqdn;
import io.bastion.core.time.Timestamps;
import io.bastion.security.environment.SecureEnvironment;
import io.bastion.trust.keys.KeyRegistrationRules;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MEF's oneM2M procedures over the Mmef reference point, one request at a time, for a client whose Bootstrap
 * Security Handshake proved a KpmID ({@link Session}): the MEF Client Registration, Registration Update and
 * De-Registration procedures (TS-0003 8.3.5.2.3, .5, .6) on {@code <mefClientReg>} under {@code <MEFBase>}, the MEF
 * Client Configuration Retrieval (8.3.5.2.4: RETRIEVE of the registration answers {@code sec:clientRegCfg}, the shape
 * the MAF answers for 8.8.2.4), the MEF Client Command Retrieve and Update procedures (8.3.9.2, 8.3.9.3) on its
 * {@code <mefClientCmd>} child {@code cmd}, and the key procedures (8.3.5.2.7–.10, {@link MefKeyRegistrations}: CREATE
 * with {@code ty} 9003 and {@code /mef/<RelativeKeyID>}).
 *
 * <p>Addresses (TS-0032's binding is not available; these follow TS-0004's resource addressing): {@code /mef} the
 * {@code <MEFBase>}; CREATE there with {@code ty} 9005 registers; {@code /mef/<MEFClientRegID>} the registration;
 * {@code /mef/<MEFClientRegID>/cmd} the command. Representations use the TS-0032 short names under the root
 * {@code sec:<short name>} (TS-0003 clause 12 puts these data types in the {@code sec} namespace). The identity is
 * the handshake's only: who the request's {@code From} claims to be does not matter, and a registration of another
 * enrolee is 4103 and audited.
 */
final class MefService {
    static final String BASE = "mef";
    static final String COMMAND = "cmd";
    static final String MO = "mo";
    /** Where the trust anchors of {@code bastion mef trust-anchor add} are served (a plain HTTPS GET, 8.3.9.9.7). */
    static final String TRUST_ANCHORS = "/" + BASE + "/ta/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REGISTRATION_MEMBERS = Set.of("et", "lbl", "adfq");
    private static final Set<String> COMMAND_UPDATE_MEMBERS = Set.of("mcci", "mccs");

    /** What the Bootstrap Security Handshake of a connection proved. */
    record Session(String kpmId, EnrolmentKey key, SessionExport export) {
        Session(String kpmId, EnrolmentKey key) {
            this(kpmId, key, new SessionExport(null));
        }
    }

    /** A response: status code, content (a {@code m2m:dbg} for a refusal) and the Content-Location of a CREATE. */
    record Reply(ResponseStatusCode rsc, JsonNode content, String location) {
        Reply(ResponseStatusCode rsc, JsonNode content) {
            this(rsc, content, null);
        }

        static Reply refused(OneM2MException e) {
            return new Reply(e.status(), JSON.createObjectNode().put("m2m:dbg", e.getMessage()));
        }
    }

    private final String fqdn;
    private final String spId;
    private final MefState state;
    private final SecureEnvironment environment;
    private final MefAuditLog audit;
    private final Clock clock;
    private final Duration retry;
    private final Duration longestRegistration;
    private final String deviceConfigUri;
    private final MefKeyRegistrations keys;
    private volatile String estBase;

    MefService(String fqdn, String spId, MefState state, SecureEnvironment environment, MefAuditLog audit, Clock clock,
               Duration retry, Duration longestRegistration, String deviceConfigUri) {
        this.fqdn = fqdn;
        this.spId = spId;
        this.state = state;
        this.environment = environment;
        this.audit = audit;
        this.clock = clock;
        this.retry = retry;
        this.longestRegistration = longestRegistration;
        this.deviceConfigUri = deviceConfigUri;
        this.keys = new MefKeyRegistrations(spId, state, environment, audit, clock, longestRegistration);
    }

    /** The EST base URI put into CERT_PROV commands, known once the listener has its port. */
    void estBase(String uri) {
        this.estBase = uri;
    }

    String fqdn() {
        return fqdn;
    }

    /**
     * Performs one request.
     *
     * @param method the HTTP method (TS-0009: POST with {@code ty} is CREATE, GET RETRIEVE, PUT UPDATE, DELETE)
     * @param path the target's path, e.g. {@code /mef/mecr1/cmd}
     * @param ty the {@code ty} of the Content-Type, or null
     */
    Reply handle(String method, String path, Integer ty, byte[] body, Session session) {
        try {
            List<String> segments = segments(path);
            if (segments.isEmpty() || !segments.get(0).equals(BASE)) {
                throw OneM2MException.notFound("no resource at " + path);
            }
            return switch (segments.size()) {
                case 1 -> onBase(method, ty, body, session);
                case 2 -> MefKeyRegistrations.RELATIVE_KEY_ID.matcher(segments.get(1)).matches()
                        ? keys.onKey(method, segments.get(1), body, session)
                        : onRegistration(method, segments.get(1), body, session);
                case 3 -> {
                    if (segments.get(2).equals(MO)) {
                        yield onMoNode(method, segments.get(1), null, session);
                    }
                    if (!segments.get(2).equals(COMMAND)) {
                        throw OneM2MException.notFound("no resource at " + path);
                    }
                    yield onCommand(method, segments.get(1), body, session);
                }
                default -> {
                    if (!segments.get(2).equals(MO)) {
                        throw OneM2MException.notFound("no resource at " + path);
                    }
                    yield onMoNode(method, segments.get(1), String.join("/", segments.subList(3, segments.size())),
                            session);
                }
            };
        } catch (OneM2MException e) {
            if (e.status() == ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE) {
                ObjectNode line = audit.line(clock.instant(), "refused", session.kpmId());
                line.put("rsc", e.status().code()).put("target", path).put("reason", e.getMessage());
                audit.write(line);
            }
            return Reply.refused(e);
        }
    }

    private Reply onBase(String method, Integer ty, byte[] body, Session session) {
        if (method.equals("GET")) {
            ObjectNode mef = JSON.createObjectNode();
            ObjectNode r = mef.putObject("sec:mef");
            r.put("ri", BASE).put("rn", BASE).put("ty", TrustEnablingTypes.MEF_BASE);
            if (deviceConfigUri != null) {
                r.put("dcu", deviceConfigUri);
            }
            return new Reply(ResponseStatusCode.OK, mef);
        }
        if (!method.equals("POST")) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "the <MEFBase> takes RETRIEVE and "
                    + "the CREATE of a <mefClientReg> or a MEF Key Registration only");
        }
        if (ty != null && ty == TrustEnablingTypes.SYMM_KEY_REG) {
            return keys.register(body, session);
        }
        if (ty == null || ty != TrustEnablingTypes.MEF_CLIENT_REG) {
            throw OneM2MException.badRequest("ty: a <MEFBase> holds <mefClientReg> (ty "
                    + TrustEnablingTypes.MEF_CLIENT_REG + ") and MEF Key Registrations (ty "
                    + TrustEnablingTypes.SYMM_KEY_REG + ") only");
        }
        ObjectNode in = members(body, "sec:mecr", REGISTRATION_MEMBERS);
        String adfq = text(in, "sec:mecr", "adfq", true);
        if (!Fqdn.isValid(adfq)) {
            throw OneM2MException.badRequest("sec:mecr.adfq: not an FQDN");
        }
        Instant now = clock.instant();
        Instant et = expiration(in, now, true);
        List<String> lbl = labels(in);
        return state.update(data -> {
            MefData.Enrolee e = enrolee(data, session);
            if (e.registration != null) {
                throw new OneM2MException(ResponseStatusCode.CONFLICT, "this MEF Client is registered already (as "
                        + e.registration.ri + "); update or de-register that registration");
            }
            MefData.Registration r = new MefData.Registration();
            r.ri = "mecr" + data.nextRegistration++;
            r.ct = Timestamps.format(now);
            r.lt = r.ct;
            r.et = Timestamps.format(et);
            r.lbl = lbl;
            r.adfq = adfq;
            r.keId = session.key().keId(fqdn);
            byte[] ke = session.key().ke();
            try {
                MefKeys.storeKe(environment, r.keId, ke);
            } finally {
                java.util.Arrays.fill(ke, (byte) 0);
            }
            e.registration = r;
            ObjectNode line = audit.line(now, "registered", session.kpmId());
            line.put("enrolee", e.enroleeId).put("registration", r.ri).put("keId", r.keId).put("adfq", adfq);
            audit.write(line);
            return new Reply(ResponseStatusCode.CREATED, registration(e), "/" + BASE + "/" + r.ri);
        });
    }

    private Reply onRegistration(String method, String ri, byte[] body, Session session) {
        return switch (method) {
            case "GET" -> state.update(data -> new Reply(ResponseStatusCode.OK, configuration(own(data, ri,
                    session))));
            case "PUT" -> {
                ObjectNode in = members(body, "sec:mecr", Set.of("et", "lbl"));
                if (!in.has("et") && !in.has("lbl")) {
                    throw OneM2MException.badRequest("sec:mecr: give et, lbl or both (TS-0003 8.3.5.2.5)");
                }
                Instant now = clock.instant();
                Instant et = in.has("et") ? expiration(in, now, false) : null;
                List<String> lbl = in.has("lbl") ? labels(in) : null;
                yield state.update(data -> {
                    MefData.Enrolee e = own(data, ri, session);
                    if (et != null) {
                        e.registration.et = Timestamps.format(et);
                    }
                    if (lbl != null) {
                        e.registration.lbl = lbl;
                    }
                    e.registration.lt = Timestamps.format(now);
                    ObjectNode out = JSON.createObjectNode();
                    ObjectNode r = out.putObject("sec:mecr");
                    if (et != null) {
                        r.put("et", e.registration.et);
                    }
                    if (lbl != null) {
                        r.set("lbl", strings(lbl));
                    }
                    return new Reply(ResponseStatusCode.UPDATED, out);
                });
            }
            case "DELETE" -> state.update(data -> {
                MefData.Enrolee e = own(data, ri, session);
                MefKeys.deleteKe(environment, e.registration.keId);
                ObjectNode line = audit.line(clock.instant(), "deregistered", session.kpmId());
                line.put("enrolee", e.enroleeId).put("registration", ri);
                for (String rn : data.dropKeysOf(session.kpmId())) { // its keys end with it
                    MefKeys.deleteKey(environment, rn);
                    line.withArray("keysDeregistered").add(rn);
                }
                audit.write(line);
                e.registration = null;
                return new Reply(ResponseStatusCode.DELETED, null);
            });
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "a <mefClientReg> takes RETRIEVE, UPDATE and DELETE");
        };
    }

    private Reply onCommand(String method, String ri, byte[] body, Session session) {
        return switch (method) {
            case "GET" -> state.update(data -> {
                MefData.Enrolee e = own(data, ri, session);
                return new Reply(ResponseStatusCode.OK, issue(e, session));
            });
            case "PUT" -> {
                ObjectNode in = members(body, "sec:mcc", COMMAND_UPDATE_MEMBERS);
                String id = text(in, "sec:mcc", "mcci", true);
                JsonNode s = in.get("mccs");
                if (s == null || !s.isInt() || !CommandCodes.CLIENT_STATUS.contains(s.intValue())) {
                    throw OneM2MException.badRequest("sec:mcc.mccs: a cmdStatusCode a MEF Client reports (TS-0003 "
                            + "12.3.2.4: 20, 40-43, 100, 101, 201, 202, 300-305)");
                }
                yield state.update(data -> {
                    MefData.Enrolee e = own(data, ri, session);
                    MefData.Command c = e.current;
                    if (c != null && c.id.equals(id)) {
                        c.status = s.intValue();
                        e.reported.add(c);
                        e.current = null;
                        ObjectNode line = audit.line(clock.instant(), "command-reported", session.kpmId());
                        line.put("enrolee", e.enroleeId).put("cmdID", id).put("cmdClassID", c.classId)
                                .put("cmdStatusCode", c.status);
                        audit.write(line);
                    }
                    // another cmdID is discarded (8.3.9.3 step 2b); the answer is the command due now either way
                    return new Reply(ResponseStatusCode.UPDATED, issue(e, session));
                });
            }
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "a <mefClientCmd> takes RETRIEVE and UPDATE");
        };
    }

    /**
     * RETRIEVE of a node of the enrolee's MO tree, {@code /mef/<MEFClientRegID>/mo/<MO path>}: the TS-0022 object as
     * the operator configured it ({@link MoNodes#served}). Bastion's answer to 8.3.9.9.1's "already configured to the
     * DM Client" when no device-management protocol carries the tree to the device: the MEF Client fetches it here.
     * {@code /mef/<MEFClientRegID>/mo} answers the tree's paths as an {@code m2m:uril}.
     */
    private Reply onMoNode(String method, String ri, String moPath, Session session) {
        if (!method.equals("GET")) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "an MO node takes RETRIEVE only");
        }
        MefData.Enrolee e = own(state.read(), ri, session);
        if (moPath == null) {
            // the tree's paths, so that a client can find a node's children (8.3.9.9.2 checks them)
            ObjectNode out = JSON.createObjectNode();
            e.mo.keySet().forEach(out.putArray("m2m:uril")::add);
            return new Reply(ResponseStatusCode.OK, out);
        }
        ObjectNode node = e.mo.get(moPath);
        if (node == null) {
            throw OneM2MException.notFound("no MO node " + moPath + " is configured for this MEF Client");
        }
        return new Reply(ResponseStatusCode.OK, MoNodes.served(node, e.issued));
    }

    /** The DER of the trust anchor whose SHA-256 is {@code cfp}, or null. */
    byte[] trustAnchor(String cfp) {
        String b64 = state.read().trustAnchors.get(cfp.toLowerCase(java.util.Locale.ROOT));
        return b64 == null ? null : java.util.Base64.getDecoder().decode(b64);
    }

    /** The command due now (taking the next from the queue when none is out), marked as issued. */
    private ObjectNode issue(MefData.Enrolee e, Session session) {
        if (e.current == null && !e.queue.isEmpty()) {
            e.current = e.queue.remove(0);
        }
        ObjectNode out = JSON.createObjectNode();
        ObjectNode r = out.putObject("sec:mcc");
        r.put("ri", e.registration.ri + "/" + COMMAND).put("rn", COMMAND).put("pi", e.registration.ri)
                .put("ty", TrustEnablingTypes.MEF_CLIENT_CMD);
        ObjectNode d = JSON.createObjectNode();
        MefData.Command c = e.current;
        if (c == null) {
            r.put("mcci", "nmc-" + e.nextCommand);
            d.put("ccid", CommandCodes.NO_MORE_COMMANDS);
            d.putObject("cma").putObject("nmca").put("rdu", retry.toString());
            r.set("mccd", d.put("tgi", e.enroleeId));
            r.put("mccs", CommandCodes.ISSUED);
            return out;
        }
        r.put("mcci", c.id);
        d.put("ccid", c.classId);
        ObjectNode args = c.args.deepCopy();
        if (c.classId == CommandCodes.CERT_PROV) {
            args.put("cppi", CommandCodes.EST).put("uri", estBase).put("cst", e.subjectType)
                    .put("csi", certificateSubject(e));
        }
        d.putObject("cma").set(CommandCodes.argsMember(c.classId), args);
        r.set("mccd", d.put("tgi", e.enroleeId));
        r.put("mccs", c.issued ? CommandCodes.REISSUED : CommandCodes.ISSUED);
        if (!c.issued) {
            c.issued = true;
            ObjectNode line = audit.line(clock.instant(), "command-issued", session.kpmId());
            line.put("enrolee", e.enroleeId).put("cmdID", c.id).put("cmdClassID", c.classId);
            audit.write(line);
        }
        return out;
    }

    /** certSubjectID (12.4.7): the enrolee's ID in its absolute form, a Node-ID as it is. */
    String certificateSubject(MefData.Enrolee e) {
        return absolute(e.enroleeId, spId);
    }

    static String absolute(String id, String spId) {
        return id.startsWith("/") && !id.startsWith("//") ? "//" + spId + id : id;
    }

    private ObjectNode registration(MefData.Enrolee e) {
        MefData.Registration g = e.registration;
        ObjectNode out = JSON.createObjectNode();
        ObjectNode r = out.putObject("sec:mecr");
        r.put("ri", g.ri).put("rn", g.ri).put("pi", BASE).put("ty", TrustEnablingTypes.MEF_CLIENT_REG)
                .put("ct", g.ct).put("lt", g.lt).put("et", g.et);
        if (g.lbl != null && !g.lbl.isEmpty()) {
            r.set("lbl", strings(g.lbl));
        }
        r.put("adfq", g.adfq).put("cr", e.enroleeId).put("aski", g.keId);
        if (e.current != null || !e.queue.isEmpty()) {
            // 8.3.4.6 step 4: the childResource reference that makes the client retrieve its command
            ArrayNode ch = r.putArray("ch");
            ch.addObject().put("nm", COMMAND).put("typ", TrustEnablingTypes.MEF_CLIENT_CMD)
                    .put("val", g.ri + "/" + COMMAND);
        }
        return out;
    }

    /**
     * The MEF Client Configuration of a registration (8.3.5.2.4), {@code sec:clientRegCfg} (TS-0003 12.4.2) as the MAF
     * answers its Client Configuration Retrieval: {@code fq} the MEF-FQDN, {@code adfq}, {@code et}, {@code lbl}.
     */
    private ObjectNode configuration(MefData.Enrolee e) {
        MefData.Registration g = e.registration;
        ObjectNode out = JSON.createObjectNode();
        ObjectNode c = out.putObject("sec:clientRegCfg");
        c.put("fq", fqdn).put("adfq", g.adfq).put("et", g.et);
        if (g.lbl != null && !g.lbl.isEmpty()) {
            c.set("lbl", strings(g.lbl));
        }
        return out;
    }

    /** The enrolee of the session's KpmID; one withdrawn since the handshake is refused. */
    static MefData.Enrolee enrolee(MefData data, Session session) {
        MefData.Enrolee e = data.enrolees.get(session.kpmId());
        if (e == null) {
            throw OneM2MException.noPrivilege("the KpmID of this session is no longer provisioned at the MEF");
        }
        if (e.revoked != null) {
            throw OneM2MException.noPrivilege("the enrolee of this session was revoked at the MEF");
        }
        return e;
    }

    /** The registration {@code ri}, which must be the session's own (4103 otherwise, audited; 4004 when none). */
    private static MefData.Enrolee own(MefData data, String ri, Session session) {
        MefData.Enrolee owner = data.byRegistration(ri);
        if (owner == null) {
            throw OneM2MException.notFound("no <mefClientReg> " + ri);
        }
        MefData.Enrolee mine = enrolee(data, session);
        if (owner != mine) {
            throw OneM2MException.noPrivilege("the <mefClientReg> " + ri + " is another MEF Client's");
        }
        return mine;
    }

    private Instant expiration(ObjectNode in, Instant now, boolean mandatory) {
        if (!in.has("et") && !mandatory) {
            return null;
        }
        // the MEF may assign another value (8.3.5.2.3): at most longestRegistration ahead
        return KeyRegistrationRules.expiry(in.get("et"), now, longestRegistration, "sec:mecr.");
    }

    private static List<String> labels(ObjectNode in) {
        return KeyRegistrationRules.labels(in.get("lbl"), "sec:mecr.");
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** The object under {@code root}, refusing other roots and members not in {@code allowed} (4000 naming them). */
    static ObjectNode members(byte[] body, String root, Set<String> allowed) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw OneM2MException.badRequest("the content is not JSON");
        }
        if (tree == null || !tree.isObject() || tree.size() != 1 || !tree.has(root)) {
            throw OneM2MException.badRequest("the content must be one object " + root);
        }
        JsonNode in = tree.get(root);
        if (!in.isObject()) {
            throw OneM2MException.badRequest(root + ": must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!allowed.contains(name)) {
                throw OneM2MException.badRequest(root + "." + name + ": not an attribute a MEF Client may give here");
            }
        }
        return (ObjectNode) in;
    }

    static String text(ObjectNode in, String root, String name, boolean mandatory) {
        JsonNode v = in.get(name);
        if (v == null) {
            if (mandatory) {
                throw OneM2MException.badRequest(root + "." + name + ": missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > 255) {
            throw OneM2MException.badRequest(root + "." + name + ": must be a non-empty string of at most 255 "
                    + "characters");
        }
        return v.textValue();
    }



    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
