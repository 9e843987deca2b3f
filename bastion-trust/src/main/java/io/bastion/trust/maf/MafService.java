package io.bastion.trust.maf;

import static io.bastion.core.resource.TrustEnablingTypes.MAF_CLIENT_REG;
import static io.bastion.core.resource.TrustEnablingTypes.SYMM_KEY_REG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.text.Excerpt;
import io.bastion.core.text.Fqdn;
import io.bastion.core.time.Timestamps;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.maf.MafKeyIdentity;
import io.bastion.bindings.tls.ExportedKeys;
import io.bastion.trust.keys.ExportedKey;
import io.bastion.trust.keys.KeyRegistrationRules;
import io.bastion.trust.keys.KeyRegistrationRules.Distributor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The M2M Authentication Function's procedures (TS-0003 8.8.2) as oneM2M primitives on its {@code <MAFBase>}
 * ({@code maf}), each over a MAF Handshake (8.8.2.2: the TLS-PSK door with the client's KmID, whose binding names the
 * MAF Client's IDs; the originator {@code fr} must be one of them, else 4106):
 *
 * <table>
 *   <caption>Procedures and their primitives</caption>
 *   <tr><th>procedure</th><th>primitive</th><th>answer</th></tr>
 *   <tr><td>Client Registration 8.8.2.3</td><td>CREATE {@code maf} ty=9002 {@code sec:macr {et, adfq, lbl?}}</td>
 *       <td>2001 {@code sec:macr {ri=rn=mafClientRegID, et, lbl, adfq, cr=MAF Client ID}}</td></tr>
 *   <tr><td>Client Configuration Retrieval 8.8.2.4</td><td>RETRIEVE {@code maf/<mafClientRegID>}</td>
 *       <td>2000 {@code sec:clientRegCfg {fq, adfq, et, lbl}}</td></tr>
 *   <tr><td>Client Registration Update 8.8.2.5</td><td>UPDATE {@code maf/<mafClientRegID>} {@code sec:macr {et?, lbl?}}
 *       </td><td>2004 with the values given, as granted</td></tr>
 *   <tr><td>Client De-Registration 8.8.2.6</td><td>DELETE {@code maf/<mafClientRegID>}</td><td>2002</td></tr>
 *   <tr><td>Key Registration 8.8.2.7</td><td>CREATE {@code maf} ty=9003
 *       {@code sec:mkr {et, adfq, suid, tgis, lbl?, kv?}}</td>
 *       <td>2001 {@code sec:mkr {rn=RelativeKeyID, et, cr=Source MAF Client ID, lbl, adfq, suid, tgis}}</td></tr>
 *   <tr><td>Key Retrieval 8.8.2.8</td><td>RETRIEVE {@code maf/<RelativeKeyID>}</td>
 *       <td>2000 {@code sec:mkr {et, cr, lbl, adfq, suid, kv}}, to a client named in {@code tgis} only (else 4103)</td>
 *   </tr>
 *   <tr><td>Key Registration Update 8.8.2.9</td><td>UPDATE {@code maf/<RelativeKeyID>} {@code sec:mkr {et?, lbl?, tgis?}}
 *       </td><td>2004 with the values given</td></tr>
 *   <tr><td>Key De-Registration 8.8.2.10</td><td>DELETE {@code maf/<RelativeKeyID>}</td><td>2002</td></tr>
 * </table>
 *
 * <p>Choices where TS-0003 leaves room (TS-0032, which defines the binding, is not available): the MAF-FQDN of each
 * request is the MAF addressed (the door it arrives at), not an element; {@code kv} is base64 (16–64 bytes); without
 * {@code kv} the key is the 32 least significant bytes of {@code EXPORTER-oneM2M-Connection} (48 bytes) of the
 * request's TLS session and the RelativeKeyID the hex of the 16 most significant (10.3.1, 10.3.5), so that a second
 * such registration on one session is a replay (4105); with {@code kv} the RelativeKeyID is 16 random bytes in hex. SUID
 * is one of the MAF-distributed key usages 32–35 (TS-0003 12.3.2 secureUsage); SAEF and ESPrim (32, 33) name exactly
 * one target, ESData (34, 35) one or more (8.8.2.7 step 3). A key's registration needs the source's live client
 * registration with the same {@code adfq} (4103 otherwise). Only the source may update or de-register a key, only the
 * registered client its registration; de-registering a client de-registers its keys. Expired records are gone (4004).
 * A proposed lifetime beyond {@link MafSettings#maxLifetime()} is shortened. A key registered over a KmID session whose
 * Source MAF Client is no longer bound to any KmID of this MAF (its KmID removed with {@code credentials psk remove})
 * is not served (4004): removing a client's KmID revokes the keys it registered that way. A key registered over a
 * certificate session or over a MEF-provisioned KmID is not revoked with that credential: it ends with its
 * de-registration or its {@code et} (withdrawing the credential stops the client's new sessions only). Every outcome is audited without a key.
 * Thread-safe.
 */
public final class MafService implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(MafService.class);
    static final String EXPORTER_LABEL = ExportedKey.LABEL;
    static final int EXPORTER_LENGTH = ExportedKey.LENGTH;
    /** The Credential-ID of a TLS-PSK association: {@code 12-<KmID>} (TS-0003 10.4). */
    private static final String KMID_CREDENTIAL_PREFIX = PskCredential.CREDENTIAL_TYPE + "-";
    private static final Set<String> CLIENT_REG_ATTRS = Set.of("et", "lbl", "adfq");
    private static final Set<String> KEY_REG_ATTRS = Set.of("et", "lbl", "adfq", "suid", "tgis", "kv");
    private static final Set<String> KEY_UPDATE_ATTRS = Set.of("et", "lbl", "tgis");

    private final MafSettings settings;
    private final MafRecords records;
    private final ExportedKeys exported;
    private final MafAuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final Predicate<String> bound;

    /**
     * @param bound whether a MAF Client ID is still bound to a KmID of this MAF (its PSK store): a key whose source
     *     is bound to none is no longer served
     */
    MafService(MafSettings settings, MafRecords records, ExportedKeys exported, MafAuditLog audit, Clock clock,
               SecureRandom random, Predicate<String> bound) {
        this.settings = settings;
        this.records = records;
        this.exported = exported;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.bound = bound;
    }

    /** What a procedure ended with, for the audit line. */
    private record Outcome(String procedure, String record, Response response) {
    }

    @Override
    public Response process(Request rq, Peer peer) {
        String client = rq.fr() == null ? "-" : Excerpt.of(rq.fr());
        Outcome o;
        try {
            o = dispatch(rq, peer);
        } catch (OneM2MException e) {
            o = new Outcome(procedureOf(rq), recordOf(rq), Response.error(e));
        } catch (RuntimeException e) {
            log.warn("MAF request {} failed", rq.rqi(), e);
            o = new Outcome(procedureOf(rq), recordOf(rq), Response.error(ResponseStatusCode.INTERNAL_SERVER_ERROR,
                    "internal error"));
        }
        JsonNode dbg = o.response().pc() == null ? null : o.response().pc().get("m2m:dbg");
        audit.write(clock.instant(), o.procedure(), client, o.record(), o.response().rsc().code(),
                dbg == null ? null : dbg.asText());
        return o.response().withRequest(rq, settings.fqdn());
    }

    private Outcome dispatch(Request rq, Peer peer) {
        String id = clientId(rq, peer);
        String rn = targetRn(rq);
        String proc = procedureOf(rq);
        if (rn == null) {
            if (rq.op() == Operation.RETRIEVE) {
                return new Outcome("retrieve MAFBase", null, Response.of(ResponseStatusCode.OK, base()));
            }
            if (rq.op() != Operation.CREATE) {
                throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "the MAFBase can only be "
                        + "retrieved, or have a mafClientReg (ty 9002) or symmKeyReg (ty 9003) created below it");
            }
            Integer ty = rq.ty();
            if (ty != null && ty == MAF_CLIENT_REG) {
                return registerClient(rq, id);
            }
            if (ty != null && ty == SYMM_KEY_REG) {
                return registerKey(rq, peer, id);
            }
            throw OneM2MException.badRequest("ty: the MAFBase takes a mafClientReg (9002) or a symmKeyReg (9003)");
        }
        Resource r = live(rn);
        if (r.ty() == MAF_CLIENT_REG) {
            if (!r.creator().equals(id)) {
                throw OneM2MException.noPrivilege("mafClientReg " + rn + " is another MAF Client's registration");
            }
            return switch (rq.op()) {
                case RETRIEVE -> new Outcome(proc, rn, Response.of(ResponseStatusCode.OK, configuration(r)));
                case UPDATE -> updateClient(rq, r);
                case DELETE -> deregisterClient(r);
                default -> throw notAllowed(rq);
            };
        }
        return switch (rq.op()) {
            case RETRIEVE -> retrieveKey(r, id);
            case UPDATE -> updateKey(rq, r, id);
            case DELETE -> deregisterKey(r, id);
            default -> throw notAllowed(rq);
        };
    }

    // --- client registration (8.8.2.3 - 8.8.2.6) ---

    private Outcome registerClient(Request rq, String id) {
        ObjectNode c = content(rq, "sec:macr", CLIENT_REG_ATTRS);
        Instant now = clock.instant();
        Instant et = expiry(c.get("et"), now);
        String adfq = adminFqdn(c);
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        String rn = "macr" + HexFormat.of().formatHex(randomBytes(8));
        a.put("ct", Timestamps.format(now)).put("lt", Timestamps.format(now)).put("et", Timestamps.format(et));
        labels(c, a);
        a.put("adfq", adfq).put("cr", id);
        Resource r = MafRecords.record(MAF_CLIENT_REG, rn, a, id, et);
        records.create(r, null);
        log.info("MAF client {} registered ({}) for {}", id, rn, adfq);
        return new Outcome("client registration", rn, Response.of(ResponseStatusCode.CREATED, wrap("sec:macr",
                r.attrs())).withLocation(MafRecords.BASE + "/" + rn));
    }

    private Outcome updateClient(Request rq, Resource r) {
        ObjectNode c = content(rq, "sec:macr", Set.of("et", "lbl"));
        if (!c.has("et") && !c.has("lbl")) {
            throw OneM2MException.badRequest("sec:macr: give et or lbl (TS-0003 table 8.8.2.5-1)");
        }
        Instant now = clock.instant();
        ObjectNode a = r.attrsCopy();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Instant et = updateLifetimeAndLabels(c, r, a, out, now);
        a.put("lt", Timestamps.format(now));
        records.update(r.withAttrs(a, et));
        return new Outcome("client registration update", r.rn(), Response.of(ResponseStatusCode.UPDATED,
                wrap("sec:macr", out)));
    }

    private Outcome deregisterClient(Resource r) {
        for (Resource k : records.all(SYMM_KEY_REG)) {
            if (r.creator().equals(k.creator()) && r.getText("adfq").equals(k.getText("adfq"))) {
                records.delete(k);
            }
        }
        records.delete(r);
        log.info("MAF client {} de-registered ({})", r.creator(), r.rn());
        return new Outcome("client de-registration", r.rn(), Response.of(ResponseStatusCode.DELETED, null));
    }

    /** The MAF Client Configuration of a registration (sec:clientRegCfg, TS-0003 12.4.2). */
    private ObjectNode configuration(Resource r) {
        ObjectNode cfg = JsonNodeFactory.instance.objectNode();
        cfg.put("fq", settings.fqdn()).put("adfq", r.getText("adfq")).put("et", r.getText("et"));
        if (r.get("lbl") != null) {
            cfg.set("lbl", r.get("lbl"));
        }
        return wrap("sec:clientRegCfg", cfg);
    }

    // --- keys (8.8.2.7 - 8.8.2.10) ---

    /**
     * The record's private mark of a key registered over a KmID session: only those are revoked with their client's
     * KmID. Never in an answer. A key registered over a certificate session ends with its de-registration or expiry;
     * revoking the certificate ({@code credentials cert revoke}) stops the client's new sessions, not its keys.
     */
    static final String VIA_KMID = "_viaKmId";

    private Outcome registerKey(Request rq, Peer peer, String id) {
        ObjectNode c = content(rq, "sec:mkr", KEY_REG_ATTRS);
        Instant now = clock.instant();
        Instant et = expiry(c.get("et"), now);
        String adfq = adminFqdn(c);
        int suid = KeyRegistrationRules.suid(mandatory(c, "suid"), Distributor.MAF, "");
        List<String> targets = KeyRegistrationRules.targets(mandatory(c, "tgis"), suid, Distributor.MAF, "");
        boolean registered = records.all(MAF_CLIENT_REG).stream().anyMatch(r -> id.equals(r.creator())
                && adfq.equals(r.getText("adfq")) && !r.isExpired(now));
        if (!registered) {
            throw OneM2MException.noPrivilege("adfq: " + id + " has no MAF Client Registration for " + adfq);
        }
        PreSharedKey key;
        String rn;
        if (c.hasNonNull("kv")) {
            key = KeyRegistrationRules.keyValue(c.get("kv"), "");
            rn = HexFormat.of().formatHex(randomBytes(16));
        } else {
            byte[] x = exported.of(peer.remote()).orElseThrow(() -> OneM2MException.badRequest("kv: absent, and "
                    + "this connection has no TLS session to export the key from"));
            ExportedKey k = ExportedKey.split(x); // KcID and Kc (10.3.1, 10.3.5)
            rn = k.relativeKeyId();
            key = k.key();
        }
        try {
            if (records.get(rn).isPresent()) {
                throw new OneM2MException(ResponseStatusCode.CONFLICT, "this TLS session's exported key is "
                        + "registered already: open a new session for another key, or give kv");
            }
            ObjectNode a = JsonNodeFactory.instance.objectNode();
            a.put("ct", Timestamps.format(now)).put("lt", Timestamps.format(now)).put("et", Timestamps.format(et));
            labels(c, a);
            a.put("adfq", adfq).put("suid", suid);
            ArrayNode tg = a.putArray("tgis");
            targets.forEach(tg::add);
            a.put("cr", id);
            if (peer.authentication() instanceof Authentication.Verified v
                    && v.credentialId().startsWith(KMID_CREDENTIAL_PREFIX) && !mefKmId(v.credentialId())) {
                a.put(VIA_KMID, true);
            }
            Resource r = MafRecords.record(SYMM_KEY_REG, rn, a, id, et);
            records.create(r, key);
            ObjectNode answer = r.attrsCopy();
            answer.remove(VIA_KMID);
            log.info("MAF key {} registered by {} for {} (suid {})", rn, id, targets, suid);
            return new Outcome("key registration", rn, Response.of(ResponseStatusCode.CREATED, wrap("sec:mkr",
                    answer)).withLocation(MafRecords.BASE + "/" + rn));
        } finally {
            key.destroy();
        }
    }

    private Outcome retrieveKey(Resource r, String id) {
        if (!r.getList("tgis").contains(id)) {
            throw OneM2MException.noPrivilege("MAF Client " + id + " is not a target of key " + r.rn());
        }
        if (r.get(VIA_KMID) != null && !bound.test(r.creator())) {
            // The source's KmID was removed (credentials psk remove): its keys are revoked with it, so that a CSE's
            // recheck ends the associations made with them. Answered as a key that is gone (4004); kept, so that
            // binding the client to a KmID again serves them again until they expire.
            log.info("MAF key {} not served: its source {} is bound to no KmID any more", r.rn(), r.creator());
            return new Outcome("key retrieval", r.rn(), Response.error(ResponseStatusCode.NOT_FOUND, "key " + r.rn()
                    + " is revoked: its Source MAF Client " + Excerpt.of(r.creator()) + " is bound to no KmID of "
                    + "this MAF"));
        }
        PreSharedKey key = records.keyOf(r.rn()).orElseThrow(() -> OneM2MException.notFound("no key value for "
                + r.rn()));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("et", r.getText("et")).put("cr", r.creator());
        if (r.get("lbl") != null) {
            out.set("lbl", r.get("lbl"));
        }
        out.put("adfq", r.getText("adfq")).put("suid", r.getLong("suid", 0));
        byte[] b = key.bytes();
        try {
            out.put("kv", Base64.getEncoder().encodeToString(b));
        } finally {
            Arrays.fill(b, (byte) 0);
            key.destroy();
        }
        return new Outcome("key retrieval", r.rn(), Response.of(ResponseStatusCode.OK, wrap("sec:mkr", out)));
    }

    private Outcome updateKey(Request rq, Resource r, String id) {
        ownKey(r, id);
        ObjectNode c = content(rq, "sec:mkr", KEY_UPDATE_ATTRS);
        if (!c.has("et") && !c.has("lbl") && !c.has("tgis")) {
            throw OneM2MException.badRequest("sec:mkr: give et, lbl or tgis (TS-0003 table 8.8.2.9-1)");
        }
        Instant now = clock.instant();
        ObjectNode a = r.attrsCopy();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Instant et = updateLifetimeAndLabels(c, r, a, out, now);
        if (c.has("tgis")) {
            ArrayNode tg = a.putArray("tgis");
            KeyRegistrationRules.targets(c.get("tgis"), (int) r.getLong("suid", 0), Distributor.MAF, "")
                    .forEach(tg::add);
            out.set("tgis", tg);
        }
        a.put("lt", Timestamps.format(now));
        records.update(r.withAttrs(a, et));
        return new Outcome("key registration update", r.rn(), Response.of(ResponseStatusCode.UPDATED,
                wrap("sec:mkr", out)));
    }

    private Outcome deregisterKey(Resource r, String id) {
        ownKey(r, id);
        records.delete(r);
        log.info("MAF key {} de-registered by {}", r.rn(), id);
        return new Outcome("key de-registration", r.rn(), Response.of(ResponseStatusCode.DELETED, null));
    }

    /**
     * Applies an update's {@code et} and {@code lbl} to {@code a}, answering the values granted in {@code out}; returns
     * the expiry now in force.
     */
    private Instant updateLifetimeAndLabels(ObjectNode c, Resource r, ObjectNode a, ObjectNode out, Instant now) {
        Instant et = r.expiry();
        if (c.has("et")) {
            et = expiry(c.get("et"), now);
            a.put("et", Timestamps.format(et));
            out.put("et", a.get("et").asText());
        }
        if (c.has("lbl")) {
            labels(c, a);
            out.set("lbl", a.get("lbl"));
        }
        return et;
    }

    private static void ownKey(Resource r, String id) {
        if (!r.creator().equals(id)) {
            throw OneM2MException.noPrivilege("key " + r.rn() + " was registered by another MAF Client");
        }
    }

    // --- checks ---

    /**
     * Whether the session's KmID is one the MEF provisioned ({@code 12-RelativeKeyID@MEF-FQDN}): its keys are not
     * tied to a binding in the MAF's PSK store, which it has none of; they live until their expirationTime or their
     * de-registration, the Km's de-registration at the MEF ending the client's next MAF Handshake.
     */
    private boolean mefKmId(String credentialId) {
        return settings.mef() != null && MafKeyIdentity.parse(credentialId.substring(KMID_CREDENTIAL_PREFIX.length()))
                .filter(k -> k.mafFqdn().equals(settings.mef().fqdn())).isPresent();
    }

    /** The MAF Client ID: the originator, which the MAF Handshake's credential must allow (TS-0003 8.8.2.2). */
    private static String clientId(Request rq, Peer peer) {
        if (!(peer.authentication() instanceof Authentication.Verified v)) {
            throw new OneM2MException(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED, "the MAF serves clients "
                    + "authenticated by a MAF Handshake only (TS-0003 8.8.2.2)");
        }
        if (rq.fr() == null || rq.fr().isEmpty()) {
            throw OneM2MException.badRequest("fr: the MAF Client's ID is missing");
        }
        if (!v.allowedOriginators().contains(rq.fr())) {
            throw new OneM2MException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "fr: " + Excerpt.of(rq.fr())
                    + " is not an ID of the credential " + v.credentialId());
        }
        return rq.fr();
    }

    private Resource live(String rn) {
        Resource r = records.get(rn).orElseThrow(() -> OneM2MException.notFound("no record " + Excerpt.of(rn)
                + " at this MAF"));
        if (r.isExpired(clock.instant())) {
            records.delete(r);
            throw OneM2MException.notFound("record " + rn + " has expired");
        }
        return r;
    }

    /**
     * The one object under {@code root} ({@code sec:…}); the same short name under {@code m2m:} is taken too, as
     * Bastion's first MAF answered (TS-0032, whose text is unavailable, gives no namespace; TS-0003 clause 12 names
     * the security data types {@code sec:}).
     */
    /** The prefix of the MAF roots before they moved to {@code sec:}, still read. */
    static final String LEGACY_PREFIX = "m2m:";

    private static ObjectNode content(Request rq, String root, Set<String> allowed) {
        JsonNode given = rq.pc() == null || !rq.pc().isObject() || rq.pc().size() != 1 ? null
                : rq.pc().has(root) ? rq.pc().get(root)
                : rq.pc().get(LEGACY_PREFIX + root.substring(root.indexOf(':') + 1));
        if (!(given instanceof ObjectNode c)) {
            throw OneM2MException.badRequest("content: one " + root + " object expected");
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw OneM2MException.badRequest(root + ": " + Excerpt.of(f) + " is not an element this procedure "
                        + "takes (" + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return c;
    }

    private static JsonNode mandatory(ObjectNode c, String sn) {
        JsonNode v = c.get(sn);
        if (v == null || v.isNull()) {
            throw OneM2MException.badRequest(sn + ": missing");
        }
        return v;
    }

    private Instant expiry(JsonNode v, Instant now) {
        return KeyRegistrationRules.expiry(v, now, settings.maxLifetime(), "");
    }

    private String adminFqdn(ObjectNode c) {
        JsonNode v = mandatory(c, "adfq");
        if (!v.isTextual() || !Fqdn.isValid(v.asText())) {
            throw OneM2MException.badRequest("adfq: a lower-case FQDN is expected");
        }
        if (!settings.adminFqdns().contains(v.asText())) {
            throw OneM2MException.noPrivilege("adfq: this MAF does not serve the administrating stakeholder "
                    + v.asText());
        }
        return v.asText();
    }

    private static void labels(ObjectNode c, ObjectNode a) {
        if (KeyRegistrationRules.labels(c.get("lbl"), "") != null) {
            a.set("lbl", c.get("lbl"));
        }
    }

    private ObjectNode base() {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("ty", io.bastion.core.resource.TrustEnablingTypes.MAF_BASE).put("ri", MafRecords.BASE)
                .put("rn", MafRecords.BASE);
        return wrap("m2m:maf", a);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static ObjectNode wrap(String root, JsonNode v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set(root, v);
        return o;
    }

    private static OneM2MException notAllowed(Request rq) {
        return new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, rq.op() + " is no MAF procedure on a "
                + "record");
    }

    /** The resourceName addressed below the MAFBase, or null for the MAFBase itself. */
    private static String targetRn(Request rq) {
        String to = rq.to() == null ? "" : rq.to();
        if (to.equals(MafRecords.BASE)) {
            return null;
        }
        if (to.startsWith(MafRecords.BASE + "/") && to.indexOf('/', MafRecords.BASE.length() + 1) < 0
                && to.length() > MafRecords.BASE.length() + 1) {
            return to.substring(MafRecords.BASE.length() + 1);
        }
        throw OneM2MException.notFound("to: " + Excerpt.of(to) + " is neither the MAFBase (maf) nor a record below it");
    }

    private static String recordOf(Request rq) {
        try {
            return targetRn(rq);
        } catch (OneM2MException e) {
            return null;
        }
    }

    private static String procedureOf(Request rq) {
        return rq.op() == null ? "unknown" : rq.op().name().toLowerCase(java.util.Locale.ROOT);
    }
}
