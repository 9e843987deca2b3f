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
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.SecureEnvironment;
import io.bastion.trust.keys.ExportedKey;
import io.bastion.trust.keys.KeyRegistrationRules;
import io.bastion.trust.keys.KeyRegistrationRules.Distributor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MEF's symmetric key procedures (TS-0003 8.3.5.2.7–.10) over the MEF Handshake's session (8.3.5.2.2):
 *
 * <table>
 *   <caption>Procedures and their primitives</caption>
 *   <tr><th>procedure</th><th>primitive</th><th>answer</th></tr>
 *   <tr><td>Key Registration 8.3.5.2.7</td><td>CREATE {@code /mef} ty=9003
 *       {@code sec:mkr {et, adfq, suid, tgis?, lbl?, kv?}}</td>
 *       <td>2001 {@code sec:mkr {rn=RelativeKeyID, et, cr=Source MEF Client ID, adfq, suid, tgis, lbl?}},
 *       Content-Location {@code /mef/<rn>}</td></tr>
 *   <tr><td>Key Retrieval 8.3.5.2.8</td><td>RETRIEVE {@code /mef/<RelativeKeyID>}</td>
 *       <td>2000 {@code sec:mkr {kv, et, cr, adfq, suid, lbl?}} to a Target MEF Client only (else 4103)</td></tr>
 *   <tr><td>Key Registration Update 8.3.5.2.9</td><td>UPDATE {@code /mef/<RelativeKeyID>}
 *       {@code sec:mkr {et?, lbl?, tgis?}}</td><td>2004 with the values given, as granted</td></tr>
 *   <tr><td>Key De-Registration 8.3.5.2.10</td><td>DELETE {@code /mef/<RelativeKeyID>}</td><td>2002</td></tr>
 * </table>
 *
 * <p>Choices where the text leaves room: the Source MEF Client must hold a live MEF Client Registration for the
 * {@code adfq} it names (the pre-condition of 8.3.5.2.7; 4103 otherwise) and is the enrolee the session proved, its ID
 * the {@code cr}. Without {@code kv} the key is the {@link ExportedKey} of the session ({@code EXPORTER-oneM2M-
 * Connection}; the RelativeKeyID its first 16 bytes), one per session (a second is 4105); with {@code kv} (16–64 bytes)
 * the RelativeKeyID is 16 random bytes, hex. SUID 21–25 (the RSPF-provisioned usages of TS-0004 table
 * 6.3.4.2.39-1). {@code tgis} may be absent (8.3.5.2.7 makes it 0..1): the list is then empty and nobody may retrieve
 * the key until an update names targets — the MEF creates no targets of its own. A Target MEF Client is any enrolee
 * whose ID is in {@code tgis} (Absolute or SP-relative alike), or an enrolee named by its FQDN (a MAF, as
 * {@code mef enrolee add --id maf.example} provisions it) for a key of SUID 21 naming that FQDN; it needs no MEF Client Registration (8.3.5.2.8 has no
 * such pre-condition). Only the source updates or de-registers a key; its MEF Client De-Registration, revocation or
 * removal de-registers its keys. An expired key is gone (4004). Key Values live in the secure environment
 * ({@link MefKeys#key}), written before the record and never in an answer but the Retrieval's, nor in a log.
 */
final class MefKeyRegistrations {
    static final String ROOT = "sec:mkr";
    private static final String PREFIX = ROOT + ".";
    /** A RelativeKeyID: 16 bytes in lower-case hex; registration IDs ({@code mecrN}) never look like one. */
    static final Pattern RELATIVE_KEY_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Set<String> REGISTRATION_MEMBERS = Set.of("et", "lbl", "adfq", "suid", "tgis", "kv");
    private static final Set<String> UPDATE_MEMBERS = Set.of("et", "lbl", "tgis");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String spId;
    private final MefState state;
    private final SecureEnvironment environment;
    private final MefAuditLog audit;
    private final Clock clock;
    private final Duration longest;
    private final SecureRandom random = new SecureRandom();

    MefKeyRegistrations(String spId, MefState state, SecureEnvironment environment, MefAuditLog audit, Clock clock,
                        Duration longest) {
        this.spId = spId;
        this.state = state;
        this.environment = environment;
        this.audit = audit;
        this.clock = clock;
        this.longest = longest;
    }

    /** MEF Key Registration (8.3.5.2.7). */
    MefService.Reply register(byte[] body, MefService.Session session) {
        ObjectNode in = MefService.members(body, ROOT, REGISTRATION_MEMBERS);
        Instant now = clock.instant();
        Instant et = KeyRegistrationRules.expiry(in.get("et"), now, longest, PREFIX);
        String adfq = MefService.text(in, ROOT, "adfq", true);
        if (!Fqdn.isValid(adfq)) {
            throw OneM2MException.badRequest(PREFIX + "adfq: not an FQDN");
        }
        int suid = KeyRegistrationRules.suid(in.get("suid"), Distributor.MEF, PREFIX);
        List<String> tgis = in.has("tgis")
                ? KeyRegistrationRules.targets(in.get("tgis"), suid, Distributor.MEF, PREFIX) : List.of();
        List<String> lbl = KeyRegistrationRules.labels(in.get("lbl"), PREFIX);
        PreSharedKey given = in.hasNonNull("kv") ? KeyRegistrationRules.keyValue(in.get("kv"), PREFIX) : null;
        String[] stored = new String[1];
        try {
            return state.update(data -> {
                MefData.Enrolee e = MefService.enrolee(data, session);
                MefData.Registration r = e.registration;
                if (r == null || !adfq.equals(r.adfq) || !Timestamps.parse(r.et, "et").isAfter(now)) {
                    throw OneM2MException.noPrivilege(PREFIX + "adfq: this MEF Client has no live MEF Client "
                            + "Registration for " + adfq + " (TS-0003 8.3.5.2.7 pre-condition)");
                }
                PreSharedKey key = given;
                String rn;
                if (key != null) {
                    byte[] b = new byte[16];
                    random.nextBytes(b);
                    rn = HexFormat.of().formatHex(b);
                } else {
                    byte[] x = session.export().take();
                    if (x == null) {
                        throw new OneM2MException(ResponseStatusCode.CONFLICT, "this session's exported key is "
                                + "registered already: open a new MEF Handshake for another, or give "
                                + PREFIX + "kv");
                    }
                    ExportedKey k = ExportedKey.split(x);
                    rn = k.relativeKeyId();
                    key = k.key();
                }
                try {
                    if (data.keys.containsKey(rn)) {
                        throw new OneM2MException(ResponseStatusCode.CONFLICT, "RelativeKeyID " + rn
                                + " is registered already");
                    }
                    MefKeys.storeKey(environment, rn, key); // before its record: no record without its key
                    stored[0] = rn;
                } finally {
                    if (key != given) {
                        key.destroy();
                    }
                }
                MefData.KeyRegistration k = new MefData.KeyRegistration();
                k.rn = rn;
                k.ct = Timestamps.format(now);
                k.lt = k.ct;
                k.et = Timestamps.format(et);
                k.lbl = lbl;
                k.adfq = adfq;
                k.suid = suid;
                k.tgis = new java.util.ArrayList<>(tgis);
                k.cr = e.enroleeId;
                k.source = session.kpmId();
                k.exported = given == null;
                data.keys.put(rn, k);
                ObjectNode line = audit.line(now, "key-registered", session.kpmId());
                line.put("enrolee", e.enroleeId).put("key", rn).put("suid", suid).put("adfq", adfq)
                        .put("value", k.exported ? "exported" : "given");
                tgis.forEach(line.putArray("targets")::add);
                audit.write(line);
                return new MefService.Reply(ResponseStatusCode.CREATED, registration(k), "/" + MefService.BASE
                        + "/" + rn);
            });
        } catch (RuntimeException ex) {
            if (stored[0] != null) {
                MefKeys.deleteKey(environment, stored[0]); // the record was not written
            }
            throw ex;
        } finally {
            if (given != null) {
                given.destroy();
            }
        }
    }

    /** Retrieval, Update or De-Registration of the key {@code rn} (8.3.5.2.8–.10). */
    MefService.Reply onKey(String method, String rn, byte[] body, MefService.Session session) {
        return switch (method) {
            case "GET" -> retrieve(rn, session);
            case "PUT" -> update(rn, body, session);
            case "DELETE" -> state.update(data -> {
                MefData.KeyRegistration k = own(data, rn, session);
                if (k == null) {
                    return expired(rn);
                }
                data.keys.remove(rn);
                MefKeys.deleteKey(environment, rn);
                audit.write(audit.line(clock.instant(), "key-deregistered", session.kpmId()).put("enrolee", k.cr)
                        .put("key", rn));
                return new MefService.Reply(ResponseStatusCode.DELETED, null);
            });
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "a MEF Key Registration "
                    + "takes RETRIEVE, UPDATE and DELETE");
        };
    }

    /**
     * A retrieval of a live key changes nothing, so it is read under the state's lock without rewriting it (two
     * forced writes of the whole state per first handshake of a device at a CSE otherwise); only an expired key,
     * which is then removed, goes through {@link MefState#update}.
     */
    private MefService.Reply retrieve(String rn, MefService.Session session) {
        MefService.Reply reply = state.query(data -> {
            MefData.KeyRegistration k = data.keys.get(rn);
            if (k == null) {
                throw OneM2MException.notFound("no MEF Key Registration " + rn);
            }
            return Timestamps.parse(k.et, "et").isAfter(clock.instant()) ? retrieved(data, rn, k, session) : null;
        });
        return reply != null ? reply : state.update(data -> {
            MefData.KeyRegistration k = live(data, rn);
            return k == null ? expired(rn) : retrieved(data, rn, k, session);
        });
    }

    private MefService.Reply retrieved(MefData data, String rn, MefData.KeyRegistration k,
                                       MefService.Session session) {
        MefData.Enrolee me = MefService.enrolee(data, session);
        if (me.subjectType == CommandCodes.SUBJECT_FUNCTION && k.suid != 21) {
            // an FQDN names a MAF: only a key shared with a MAF (SUID 21) may name it (TS-0003 8.3.9.9.5)
            throw OneM2MException.noPrivilege(me.enroleeId + " is a trust-enabling function: it retrieves keys of "
                    + "SUID 21 only, and " + rn + " is of SUID " + k.suid);
        }
        if (!KeyRegistrationRules.isTarget(k.tgis, me.enroleeId, spId)) {
            throw OneM2MException.noPrivilege(me.enroleeId + " is not a Target MEF Client of key " + rn);
        }
        PreSharedKey key = MefKeys.key(environment, rn).orElseThrow(() -> OneM2MException.notFound(
                "no Key Value for " + rn));
        ObjectNode out = JSON.createObjectNode();
        ObjectNode r = out.putObject(ROOT);
        byte[] b = key.bytes();
        try {
            r.put("kv", Base64.getEncoder().encodeToString(b));
        } finally {
            Arrays.fill(b, (byte) 0);
            key.destroy();
        }
        r.put("et", k.et).put("cr", k.cr).put("adfq", k.adfq).put("suid", k.suid);
        if (k.lbl != null) {
            r.set("lbl", strings(k.lbl));
        }
        audit.write(audit.line(clock.instant(), "key-retrieved", session.kpmId()).put("enrolee", me.enroleeId)
                .put("key", rn).put("source", k.cr));
        return new MefService.Reply(ResponseStatusCode.OK, out);
    }

    private MefService.Reply update(String rn, byte[] body, MefService.Session session) {
        ObjectNode in = MefService.members(body, ROOT, UPDATE_MEMBERS);
        if (!in.has("et") && !in.has("lbl") && !in.has("tgis")) {
            throw OneM2MException.badRequest(ROOT + ": give et, lbl or tgis (TS-0003 table 8.3.5.2.9-1)");
        }
        Instant now = clock.instant();
        Instant et = in.has("et") ? KeyRegistrationRules.expiry(in.get("et"), now, longest, PREFIX) : null;
        List<String> lbl = KeyRegistrationRules.labels(in.get("lbl"), PREFIX);
        return state.update(data -> {
            MefData.KeyRegistration k = own(data, rn, session);
            if (k == null) {
                return expired(rn);
            }
            List<String> tgis = in.has("tgis")
                    ? KeyRegistrationRules.targets(in.get("tgis"), k.suid, Distributor.MEF, PREFIX) : null;
            ObjectNode out = JSON.createObjectNode();
            ObjectNode r = out.putObject(ROOT);
            if (et != null) {
                k.et = Timestamps.format(et);
                r.put("et", k.et);
            }
            if (lbl != null) {
                k.lbl = lbl;
                r.set("lbl", strings(lbl));
            }
            if (tgis != null) {
                k.tgis = new java.util.ArrayList<>(tgis);
                r.set("tgis", strings(tgis));
            }
            k.lt = Timestamps.format(now);
            ObjectNode line = audit.line(now, "key-updated", session.kpmId()).put("enrolee", k.cr).put("key", rn);
            k.tgis.forEach(line.putArray("targets")::add);
            audit.write(line.put("et", k.et));
            return new MefService.Reply(ResponseStatusCode.UPDATED, out);
        });
    }

    /**
     * The key {@code rn}: 4004 when unknown; null when it has expired, having removed it (the caller answers
     * {@link #expired} and the removal is written).
     */
    private MefData.KeyRegistration live(MefData data, String rn) {
        MefData.KeyRegistration k = data.keys.get(rn);
        if (k == null) {
            throw OneM2MException.notFound("no MEF Key Registration " + rn);
        }
        if (!Timestamps.parse(k.et, "et").isAfter(clock.instant())) {
            data.keys.remove(rn);
            MefKeys.deleteKey(environment, rn);
            audit.write(audit.line(clock.instant(), "key-expired", null).put("enrolee", k.cr).put("key", rn));
            return null;
        }
        return k;
    }

    private static MefService.Reply expired(String rn) {
        return MefService.Reply.refused(OneM2MException.notFound("MEF Key Registration " + rn + " has expired"));
    }

    /** The key {@code rn} as {@link #live}, which the session's enrolee must have registered (4103 otherwise). */
    private MefData.KeyRegistration own(MefData data, String rn, MefService.Session session) {
        MefData.KeyRegistration k = live(data, rn);
        MefService.enrolee(data, session);
        if (k != null && !k.source.equals(session.kpmId())) {
            throw OneM2MException.noPrivilege("key " + rn + " was registered by another MEF Client");
        }
        return k;
    }

    private static ObjectNode registration(MefData.KeyRegistration k) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode r = out.putObject(ROOT);
        r.put("rn", k.rn).put("ri", k.rn).put("pi", MefService.BASE).put("ty", TrustEnablingTypes.SYMM_KEY_REG)
                .put("ct", k.ct).put("lt", k.lt).put("et", k.et).put("cr", k.cr).put("adfq", k.adfq)
                .put("suid", k.suid);
        r.set("tgis", strings(k.tgis));
        if (k.lbl != null) {
            r.set("lbl", strings(k.lbl));
        }
        return out;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
