package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.text.Fqdn;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.SecureEnvironment;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the operator (the administrating stakeholder's side, TS-0003 8.3.2.1 "Bootstrap Instruction Configuration")
 * does at the MEF, for {@code bastion mef enrolee|command}: provision an enrolee (its KpmID, its Kpm into the secure
 * environment, the ID it is given and the kind of certificate subject it is; or, for the certificate-based RSPF, its
 * certificate's Credential-ID, keyed {@code cert:<Credential-ID>}), withdraw it, and queue MEF Client
 * Commands for it. Safe while the MEF runs: every change goes through {@link MefState}'s lock and the environment's
 * file, which the running MEF reads again.
 */
public final class MefAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MefState state;
    private final SecureEnvironment environment;
    private final MefAuditLog audit;
    private final Clock clock;

    private MefAdmin(MefState state, SecureEnvironment environment, MefAuditLog audit, Clock clock) {
        this.state = state;
        this.environment = environment;
        this.audit = audit;
        this.clock = clock;
    }

    /** For the MEF whose data folder is {@code dataDir} (state and audit log in {@code dataDir/mef}). */
    public static MefAdmin open(Path dataDir, SecureEnvironment environment, Clock clock) {
        Path dir = dataDir.resolve("mef");
        try {
            return new MefAdmin(new MefState(dir), environment, MefAuditLog.open(dir.resolve("audit.jsonl")), clock);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the MEF audit log in " + dir, e);
        }
    }

    /**
     * Provisions an enrolee.
     *
     * @param enroleeId an SP-relative AE-ID ({@code /id-in/Cdev1}) or CSE-ID ({@code /id-mn}), a Node-ID URN, or the
     *     lower-case FQDN of a trust-enabling function ({@code maf.example}: a MAF as Target MEF Client of the keys its
     *     MAF Clients share with it, SUID 21, whose one target is that FQDN; TS-0003 8.3.9.9.5, 8.3.5.2.8)
     * @throws IllegalArgumentException for a malformed KpmID or ID, or a KpmID provisioned already
     */
    public void addEnrolee(String kpmId, PreSharedKey kpm, String enroleeId) {
        if (kpmId == null || !kpmId.matches("[\\x21-\\x7e]{1,128}")) {
            throw new IllegalArgumentException("a KpmID is 1 to 128 printable ASCII characters without spaces");
        }
        int subjectType = subjectType(enroleeId);
        state.update(data -> {
            if (data.enrolees.containsKey(kpmId)) {
                throw new IllegalArgumentException("KpmID " + kpmId + " is provisioned already"
                        + (data.enrolees.get(kpmId).revoked != null ? " (revoked; remove it first)" : ""));
            }
            MefKeys.storeKpm(environment, kpmId, kpm);
            MefData.Enrolee e = new MefData.Enrolee();
            e.enroleeId = enroleeId;
            e.subjectType = subjectType;
            data.enrolees.put(kpmId, e);
            audit.write(audit.line(clock.instant(), "enrolee-added", kpmId).put("enrolee", enroleeId));
            return null;
        });
    }

    /**
     * Provisions an enrolee of the Certificate-Based RSPF (TS-0003 8.3.2.2, 8.1.2.4): the Credential-ID its
     * certificate has ({@code 31-<sha256>} a device certificate, {@code 34-<Node-ID>} a Node-ID certificate,
     * {@code 33-}/{@code 32-<sha256>} an AE-ID/CSE-ID certificate), which must also chain to a CA the MEF's data folder
     * trusts.
     *
     * @throws IllegalArgumentException for a malformed Credential-ID or ID, or one provisioned already
     */
    public void addCertificateEnrolee(String credentialId, String enroleeId) {
        if (credentialId == null || !credentialId.matches("3[1-4]-[\\x21-\\x7e]{1,256}")) {
            throw new IllegalArgumentException("a certificate's Credential-ID is 31-, 32-, 33- or 34- and its value "
                    + "(TS-0003 8.2.2.2), e.g. 31-<sha256 of the certificate>");
        }
        int subjectType = subjectType(enroleeId);
        String key = EnroleeCertificates.enroleeKey(credentialId);
        state.update(data -> {
            if (data.enrolees.containsKey(key)) {
                throw new IllegalArgumentException("Credential-ID " + credentialId + " is provisioned already");
            }
            MefData.Enrolee e = new MefData.Enrolee();
            e.enroleeId = enroleeId;
            e.subjectType = subjectType;
            data.enrolees.put(key, e);
            audit.write(audit.line(clock.instant(), "enrolee-added", key).put("enrolee", enroleeId));
            return null;
        });
    }

    /** Withdraws an enrolee: its Kpm, its registration and Ke, its commands. Returns whether there was one. */
    public boolean removeEnrolee(String kpmId) {
        return state.update(data -> {
            MefData.Enrolee e = data.enrolees.remove(kpmId);
            if (!kpmId.startsWith("cert:")) {
                MefKeys.deleteKpm(environment, kpmId);
            }
            if (e == null) {
                return false;
            }
            if (e.registration != null) {
                MefKeys.deleteKe(environment, e.registration.keId);
            }
            ObjectNode line = audit.line(clock.instant(), "enrolee-removed", kpmId).put("enrolee", e.enroleeId);
            for (String rn : data.dropKeysOf(kpmId)) {
                MefKeys.deleteKey(environment, rn);
                line.withArray("keysDeregistered").add(rn);
            }
            audit.write(line);
            return true;
        });
    }

    /** Queues CERT_PROV (EST; the URI and subject are filled in when it is issued). Returns its cmdID. */
    public String queueCertificate(String kpmId) {
        if (state.read().enrolees.get(kpmId) instanceof MefData.Enrolee e
                && e.subjectType == CommandCodes.SUBJECT_FUNCTION) {
            throw new IllegalArgumentException("the enrolee " + kpmId + " is the trust-enabling function "
                    + e.enroleeId + ": CERT_PROV issues certificates to AE-IDs, CSE-IDs and Node-IDs only");
        }
        return queue(kpmId, CommandCodes.CERT_PROV, JSON.createObjectNode());
    }

    /**
     * Queues DEV_CFG with a sec:deviceConfigURI ({@code devMgmtID:URI}, devMgmtID 1–4 of TS-0003 12.3.2.2).
     *
     * @throws IllegalArgumentException for another form
     */
    public String queueDeviceConfiguration(String kpmId, String deviceConfigUri) {
        if (deviceConfigUri == null || !deviceConfigUri.matches("[1-4]:\\S{1,1024}")) {
            throw new IllegalArgumentException("a deviceConfigURI is devMgmtID:URI with devMgmtID 1 (OMA DM 1.3), 2 "
                    + "(OMA DM 2.0), 3 (LwM2M) or 4 (TR-069)");
        }
        return queue(kpmId, CommandCodes.DEV_CFG, JSON.createObjectNode().put("dcu", deviceConfigUri));
    }

    /**
     * Queues MO_NODE for the MO node at {@code objectPath} of type {@code objectTypeID} (12.3.2.7: 1
     * authenticationProfile, which needs a SUID; 2 trustAnchorCred; 3 MAFClientRegCfg).
     */
    public String queueMoNode(String kpmId, String objectPath, int objectTypeId, Integer suid) {
        if (objectPath == null || objectPath.isBlank() || objectPath.length() > 1024) {
            throw new IllegalArgumentException("an objectPath is a non-empty URI of at most 1024 characters");
        }
        if (!CommandCodes.OBJECT_TYPES.contains(objectTypeId)) {
            throw new IllegalArgumentException("objectTypeID is 1 (authenticationProfile), 2 (trustAnchorCred) or 3 "
                    + "(MAFClientRegCfg)");
        }
        if ((objectTypeId == 1) != (suid != null)) {
            throw new IllegalArgumentException("a SUID is given for an authenticationProfile (objectTypeID 1) and "
                    + "only then (TS-0003 8.3.9.9.1)");
        }
        ObjectNode args = JSON.createObjectNode().put("ajop", objectPath).put("otyp", objectTypeId);
        if (suid != null) {
            args.putObject("otsa").put("suid", suid);
        }
        return queue(kpmId, CommandCodes.MO_NODE, args);
    }

    private String queue(String kpmId, int classId, ObjectNode args) {
        return state.update(data -> {
            MefData.Enrolee e = enrolee(data, kpmId);
            if (e.revoked != null) {
                throw new IllegalArgumentException("the enrolee " + kpmId + " is revoked");
            }
            MefData.Command c = new MefData.Command();
            c.id = "c" + e.nextCommand++;
            c.classId = classId;
            c.args = args;
            e.queue.add(c);
            audit.write(audit.line(clock.instant(), "command-queued", kpmId).put("enrolee", e.enroleeId)
                    .put("cmdID", c.id).put("cmdClassID", classId));
            return c.id;
        });
    }

    /**
     * Puts one node of the enrolee's MO tree (TS-0003 8.3.9.9.1; what the device fetches when an MO_NODE command names
     * it). Returns the path in its one form.
     *
     * @throws IllegalArgumentException for a malformed path or object, or an unknown enrolee
     */
    public String putMoNode(String kpmId, String path, JsonNode object) {
        String p = MoNodes.path(path);
        ObjectNode node = MoNodes.object(object).deepCopy();
        return state.update(data -> {
            MefData.Enrolee e = enrolee(data, kpmId);
            e.mo.put(p, node);
            audit.write(audit.line(clock.instant(), "mo-node-put", kpmId).put("enrolee", e.enroleeId).put("path", p)
                    .put("object", node.fieldNames().next()));
            return p;
        });
    }

    /** The enrolee's MO tree by path (as configured, without what the MEF fills in when serving). */
    public Map<String, JsonNode> moNodes(String kpmId) {
        MefData data = state.read();
        return new java.util.TreeMap<>(enrolee(data, kpmId).mo);
    }

    /** Removes a node and the nodes below it; returns the paths removed (none when there was no such node). */
    public List<String> removeMoNode(String kpmId, String path) {
        String p = MoNodes.path(path);
        return state.update(data -> {
            MefData.Enrolee e = enrolee(data, kpmId);
            List<String> gone = MoNodes.subtree(e.mo, p);
            gone.forEach(e.mo::remove);
            if (!gone.isEmpty()) {
                ObjectNode line = audit.line(clock.instant(), "mo-node-removed", kpmId).put("enrolee", e.enroleeId);
                gone.forEach(line.putArray("paths")::add);
                audit.write(line);
            }
            return gone;
        });
    }

    /**
     * Makes {@code certificate} a trust anchor the MEF serves its enrolees at {@code /mef/ta/<cfp>} (TS-0003 8.3.9.9.7:
     * the device's HTTPS GET of a trustAnchorCred's URI). Returns cfp, the SHA-256 hex of its DER.
     *
     * @throws IllegalArgumentException when it is not a CA certificate
     */
    public String addTrustAnchor(X509Certificate certificate) {
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("not a CA certificate (basicConstraints cA is not set): "
                    + certificate.getSubjectX500Principal().getName());
        }
        String cfp = Certificates.fingerprint(certificate);
        String der;
        try {
            der = Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
        return state.update(data -> {
            if (data.trustAnchors.put(cfp, der) == null) {
                audit.write(audit.line(clock.instant(), "trust-anchor-added", null).put("cfp", cfp)
                        .put("subject", certificate.getSubjectX500Principal().getName()));
            }
            return cfp;
        });
    }

    /**
     * Revokes an enrolee: its Kpm is deleted (its handshake then fails as an unknown KpmID's), its registration and
     * Ke are deleted, the keys it registered (8.3.5.2.7) de-registered, its commands dropped, and it is kept, marked revoked, so that its KpmID is not provisioned
     * again by mistake. Returns the SHA-256 fingerprints of the certificates the MEF issued to it, for the CSEs'
     * {@code credentials cert revoke}.
     *
     * @throws IllegalArgumentException for an unknown enrolee
     */
    public List<String> revokeEnrolee(String kpmId) {
        return state.update(data -> {
            MefData.Enrolee e = enrolee(data, kpmId);
            if (!kpmId.startsWith("cert:")) {
                MefKeys.deleteKpm(environment, kpmId);
            }
            if (e.registration != null) {
                MefKeys.deleteKe(environment, e.registration.keId);
                e.registration = null;
            }
            List<String> keys = data.dropKeysOf(kpmId);
            keys.forEach(rn -> MefKeys.deleteKey(environment, rn));
            e.queue.clear();
            e.current = null;
            boolean first = e.revoked == null;
            if (first) {
                e.revoked = io.bastion.core.time.Timestamps.format(clock.instant());
            }
            ObjectNode line = audit.line(clock.instant(), "enrolee-revoked", kpmId).put("enrolee", e.enroleeId);
            e.issued.forEach(line.putArray("certificates")::add);
            keys.forEach(line.putArray("keysDeregistered")::add);
            audit.write(line);
            return List.copyOf(e.issued);
        });
    }

    private static MefData.Enrolee enrolee(MefData data, String kpmId) {
        MefData.Enrolee e = data.enrolees.get(kpmId);
        if (e == null) {
            throw new IllegalArgumentException("no enrolee with KpmID " + kpmId);
        }
        return e;
    }

    /**
     * One line per enrolee: KpmID, ID, registration, commands; then one line per MEF Key Registration: RelativeKeyID,
     * source, SUID, targets, expiry (never a key).
     */
    public List<String> list() {
        MefData data = state.read();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, MefData.Enrolee> en : data.enrolees.entrySet()) {
            MefData.Enrolee e = en.getValue();
            StringBuilder b = new StringBuilder(en.getKey()).append(' ').append(e.enroleeId);
            if (e.revoked != null) {
                b.append(" revoked=").append(e.revoked);
            }
            b.append(" registration=").append(e.registration == null ? "none"
                    : e.registration.ri + " KeID=" + e.registration.keId + " et=" + e.registration.et);
            b.append(" current=").append(e.current == null ? "none" : e.current.id + "(class " + e.current.classId
                    + ")");
            b.append(" queued=").append(e.queue.size()).append(" mo=").append(e.mo.size())
                    .append(" certificates=").append(e.issued.size());
            for (MefData.Command c : e.reported) {
                b.append(' ').append(c.id).append(':').append(c.status);
            }
            out.add(b.toString());
        }
        for (MefData.KeyRegistration k : data.keys.values()) {
            out.add("key " + k.rn + " source=" + k.cr + " suid=" + k.suid + " targets=" + String.join(",", k.tgis)
                    + " adfq=" + k.adfq + " et=" + k.et + (k.exported ? " exported" : " given"));
        }
        return out;
    }

    /** A lower-case FQDN of two labels or more: a MAF's, as a MAFClientRegCfg's {@code fq} names it. */

    /**
     * sec:certSubjectType of an ID: 3 an AE-ID, 2 a CSE-ID, 1 a Node-ID; {@link CommandCodes#SUBJECT_FUNCTION} for the
     * FQDN of a trust-enabling function (lower case, two labels or more), which gets no certificate.
     */
    static int subjectType(String id) {
        if (id == null) {
            throw new IllegalArgumentException("give the enrolee's ID");
        }
        if (id.matches("/[A-Za-z0-9._~-]{1,64}/[CS][A-Za-z0-9._~-]{0,128}")) {
            return CommandCodes.SUBJECT_AE;
        }
        if (id.matches("/[A-Za-z0-9._~-]{1,64}")) {
            return CommandCodes.SUBJECT_CSE;
        }
        if (id.matches("(?i)urn:[a-z0-9][a-z0-9-]{0,31}:\\S{1,256}")) {
            return CommandCodes.SUBJECT_NODE;
        }
        if (Fqdn.isValid(id)) {
            return CommandCodes.SUBJECT_FUNCTION;
        }
        throw new IllegalArgumentException("the enrolee's ID must be an SP-relative AE-ID (/id-in/Cdev1), a CSE-ID "
                + "(/id-mn), a Node-ID URN (urn:…) or a trust-enabling function's FQDN (maf.example)");
    }
}
