package io.bastion.client.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.security.certificate.Certificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MO_NODE processing (TS-0003 8.3.9.9.1–.8) on the device's MO tree. With no device-management protocol attached
 * (devMgmtIDs 1–4 are OMA DM, LwM2M, TR-069, none implemented), the node "already configured to the DM Client" is
 * fetched from the MEF ({@link Tree}); the checks and codes are the clause's: NOT_FOUND, TYPE_CONFLICT, BAD_ARGS,
 * UNACCEPTABLE_ARGS, INCONSISTENT_CONFIG (parent/child/SUID rules of 8.3.9.9.2; tlcs holding the mandatory suite of
 * 10.2.2 or 10.2.3, TLS or DTLS), PROCESSING_FAILED. An autp with SUID 21–23 (8.3.9.9.4) runs a MEF Key
 * Registration ({@link KeyRegistrar}) with the child MEFClientRegCfg's {@code fq}/{@code adfq}, {@code mkrd}
 * (keyRegDuration), {@code mkrl} (keyRegLabels) and targetIDs from the parent (reg: the Registrar CSE's {@code csi};
 * macrc: its {@code fq}; dataCollection: not done, its containerPath's CSE-ID is not derived), and keeps the verified
 * key with the node ({@link DeviceConfiguration#symmetricKey}).
 *
 * <p>A MAFClientRegCfg node (8.3.9.9.8) is a MAF Client Registration (8.8.2.3) at the MAF its {@code fq} names, port
 * {@code hpt} (HTTP; a node with only {@code cpt}/{@code wpt} fails: CoAP and WebSocket are not done), over a MAF
 * Handshake with the KmID and Km of its authenticationProfile child of SUID 21 (the key 8.3.9.9.4 registered at the
 * MEF for that MAF; processed first), with the node's {@code et}, {@code lbl} and {@code adfq}; the answer's
 * {@code et} must lie ahead, its {@code cr} be this client, its {@code adfq} the one sent; the registration is kept
 * with the node ({@link DeviceConfiguration#mafRegistration}). An autp with SUID 31–33 (8.3.9.9.5) then runs a MAF
 * Key Registration (8.8.2.7, exporter-derived) over the registration of its child MAFClientRegCfg (precondition B), the
 * targets from its parent as for 21–23, verified as 8.3.9.9.5 step 10 says, and keeps the key with the node.
 */
final class MoNodeProcessor {
    /** TLS_PSK_WITH_AES_128_CBC_SHA256 (TLS) and TLS_PSK_WITH_AES_128_CCM_8 (DTLS), 10.2.2. */
    static final Set<Integer> PSK_MANDATORY = Set.of(0x00AE, 0xC0A8);
    /** TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 (TLS) and TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 (DTLS), 10.2.3. */
    static final Set<Integer> CERT_MANDATORY = Set.of(0xC023, 0xC0AE);

    /** Where nodes come from: the MEF's copy of the tree, and HTTPS GETs the MEF can answer. */
    interface Tree {
        /** The node at {@code path}, or null when there is none. */
        JsonNode node(String path) throws IOException;

        /** Every path of the tree. */
        List<String> paths() throws IOException;

        /** The body of an HTTPS GET of {@code uri}, or empty when this device cannot reach it. */
        Optional<byte[]> get(URI uri) throws IOException;
    }

    /** The MEF Key Registration of 8.3.9.9.4 (8.3.5.2.7), the answer verified as that clause says. */
    @FunctionalInterface
    interface KeyRegistrar {
        /** @throws IOException why there is no key (refused, not verified, not this MEF or stakeholder) */
        MafKey register(String mefFqdn, String adminFqdn, int suid, List<String> targetIds, Instant expires,
                        List<String> labels) throws IOException;
    }

    private static final KeyRegistrar NO_MEF = (f, a, s, t, e, l) -> {
        throw new IOException("no MEF session to register a key on");
    };

    /**
     * How this MEF Client reaches a MAF as a MAF Client: the host an FQDN leads to, its MAF Client ID (its MEF Client
     * ID: the source of the KmID the MAF retrieves), how long an exchange may take.
     */
    record MafAccess(java.util.function.UnaryOperator<String> hosts, String clientId, Duration timeout) {
    }

    private final Tree tree;
    private final DeviceConfiguration config;
    private final Optional<DeviceCertificate> certificate;
    private final KeyRegistrar registrar;
    private final MafAccess maf;

    MoNodeProcessor(Tree tree, DeviceConfiguration config, Optional<DeviceCertificate> certificate) {
        this(tree, config, certificate, NO_MEF);
    }

    MoNodeProcessor(Tree tree, DeviceConfiguration config, Optional<DeviceCertificate> certificate,
                    KeyRegistrar registrar) {
        this(tree, config, certificate, registrar, null);
    }

    /** @param maf how MAFs are reached; null: MAFClientRegCfg nodes and SUID 31–33 fail (PROCESSING_FAILED) */
    MoNodeProcessor(Tree tree, DeviceConfiguration config, Optional<DeviceCertificate> certificate,
                    KeyRegistrar registrar, MafAccess maf) {
        this.tree = tree;
        this.config = config;
        this.certificate = certificate;
        this.registrar = registrar;
        this.maf = maf;
    }

    /** Processes the node an MO_NODE command's {@code nnca} names; throws its cmdStatusCode unless OK. */
    void process(JsonNode args) throws CommandFailed {
        if (args == null || !args.path("ajop").isTextual() || !args.path("otyp").isInt()) {
            throw new CommandFailed(CommandFailed.BAD_ARGUMENTS, "nnca: ajop (objectPath) and otyp (objectTypeID)");
        }
        int type = args.get("otyp").intValue();
        String root = switch (type) {
            case 1 -> "dcfg:autp";
            case 2 -> "dcfg:tac";
            case 3 -> "dcfg:macrc";
            default -> throw new CommandFailed(CommandFailed.UNACCEPTABLE_ARGUMENTS, "otyp " + type
                    + ": not an objectTypeID of 12.3.2.7");
        };
        String path = DeviceConfiguration.normalize(args.get("ajop").textValue());
        JsonNode node = node(path);
        if (node == null) {
            throw new CommandFailed(CommandFailed.MO_NODE_NOT_FOUND, "no MO node " + path);
        }
        JsonNode object = node.get(root);
        if (object == null || !object.isObject()) {
            throw new CommandFailed(CommandFailed.MO_NODE_TYPE_CONFLICT, path + " is " + node.fieldNames().next()
                    + ", not " + root);
        }
        switch (type) {
            case 1 -> authenticationProfile(path, object, args.get("otsa"));
            case 2 -> trustAnchor(path, object);
            default -> mafClientRegistration(path, object);
        }
    }

    private JsonNode node(String path) throws CommandFailed {
        JsonNode local;
        try {
            JsonNode fetched = tree.node(path);
            if (fetched != null) {
                config.put(path, fetched);
                return fetched;
            }
            local = config.node(path);
        } catch (IOException e) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "cannot fetch " + path + ": "
                    + e.getMessage());
        }
        return local;
    }

    private void authenticationProfile(String path, JsonNode autp, JsonNode otsa) throws CommandFailed {
        if (otsa == null || !otsa.path("suid").isInt()) {
            throw new CommandFailed(CommandFailed.MO_NODE_BAD_ARGS, "otsa.suid missing or not a number");
        }
        int suid = otsa.get("suid").intValue();
        if (!autp.path("suid").isInt() || autp.get("suid").intValue() != suid) {
            throw new CommandFailed(CommandFailed.MO_NODE_UNACCEPTABLE_ARGS, "SUID " + suid + " is not the SUID of "
                    + path);
        }
        consistent(path, autp, suid);
        switch (suid / 10) {
            case 1 -> {
                if (!autp.has("skv")) {
                    throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "no local copy of the "
                            + "pre-provisioned key " + autp.path("aski").asText());
                }
            }
            case 2 -> config.putKey(path, mefKey(path, autp, suid));
            case 3 -> config.putKey(path, mafKey(path, autp, suid));
            default -> {
                String mcfp = autp.get("mcfp").asText();
                if (certificate.isEmpty() || !certificate.get().fingerprint().equalsIgnoreCase(mcfp)) {
                    throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "no local certificate and key "
                            + "with fingerprint " + mcfp);
                }
            }
        }
    }

    /** 8.3.9.9.4: the request formed from the node, its child MEFClientRegCfg and its parent. */
    private MafKey mefKey(String path, JsonNode autp, int suid) throws CommandFailed {
        JsonNode mecrc = null;
        for (String c : children(path)) {
            JsonNode n = node(c);
            if (n != null && n.has("dcfg:mecrc")) {
                mecrc = n.get("dcfg:mecrc");
                break;
            }
        }
        JsonNode parent = node(path.substring(0, path.lastIndexOf('/')));
        String fq = mecrc == null ? "" : mecrc.path("fq").asText("");
        String adfq = mecrc == null ? "" : mecrc.path("adfq").asText("");
        if (fq.isEmpty() || adfq.isEmpty()) {
            throw failed(path + ": the child MEFClientRegCfg needs fq and adfq (the MEF and the stakeholder)");
        }
        List<String> targets = targets(path, parent);
        Duration lifetime = duration(path, autp.get("mkrd"));
        List<String> labels = new ArrayList<>();
        autp.path("mkrl").forEach(l -> labels.add(l.asText()));
        try {
            return registrar.register(fq, adfq, suid, targets, Instant.now().plus(lifetime), labels);
        } catch (IOException e) {
            throw failed("MEF Key Registration for " + path + ": " + e.getMessage());
        }
    }

    /** targetIDs from the parent: a registration's Registrar CSE ({@code csi}), a MAFClientRegCfg's MAF ({@code fq}).
     */
    private static List<String> targets(String path, JsonNode parent) throws CommandFailed {
        if (parent.has("dcfg:reg") && parent.get("dcfg:reg").path("csi").isTextual()) {
            return List.of(parent.get("dcfg:reg").get("csi").asText());
        }
        if (parent.has("dcfg:macrc") && parent.get("dcfg:macrc").path("fq").isTextual()) {
            return List.of(parent.get("dcfg:macrc").get("fq").asText());
        }
        throw failed(path + ": the parent names no target (reg without csi, macrc without fq, or a "
                + "dataCollection, whose containerPath's CSE-ID is not derived)");
    }

    /** The first child of {@code path} whose object is {@code root} with SUID {@code suid} (any when null). */
    private Optional<String> child(String path, String root, Integer suid) throws CommandFailed {
        for (String c : children(path)) {
            JsonNode n = node(c);
            if (n != null && n.has(root) && (suid == null || n.get(root).path("suid").asInt(-1) == suid)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * 8.3.9.9.8: the MAF Client Registration (8.8.2.3) the node describes, over a MAF Handshake with the KmID of its
     * authenticationProfile child of SUID 21; the answer verified (et ahead, cr this client, adfq as sent) and kept.
     */
    private void mafClientRegistration(String path, JsonNode macrc) throws CommandFailed {
        String fq = macrc.path("fq").asText("");
        String adfq = macrc.path("adfq").asText("");
        if (fq.isEmpty() || adfq.isEmpty()) {
            throw failed(path + ": a MAFClientRegCfg needs fq and adfq (the MAF and the stakeholder)");
        }
        if (!macrc.path("hpt").canConvertToInt() || macrc.get("hpt").asInt() < 1 || macrc.get("hpt").asInt() > 65535) {
            throw failed(path + ": no hpt (httpPort): the MAF is reached over HTTP only (CoAP and WebSocket are not "
                    + "done)");
        }
        int port = macrc.get("hpt").asInt();
        Instant et;
        try {
            et = io.bastion.core.time.Timestamps.parse(macrc.path("et").asText(""), "et");
        } catch (RuntimeException e) {
            throw failed(path + ": et (expirationTime) missing or not an m2m:timestamp");
        }
        List<String> labels = new ArrayList<>();
        macrc.path("lbl").forEach(l -> labels.add(l.asText()));
        String kmPath = child(path, "dcfg:autp", 21).orElseThrow(() -> failed(path + ": no authenticationProfile "
                + "child of SUID 21, whose key (a KmID the MEF shares with " + fq + ") the MAF Handshake needs"));
        MafKey km = config.symmetricKey(kmPath).orElseThrow(() -> failed(path + ": the authenticationProfile "
                + kmPath + " has no key yet: process it first (8.3.9.9.4)"));
        if (maf == null) {
            throw failed(path + ": this MEF Client reaches no MAF");
        }
        String host = maf.hosts().apply(fq);
        byte[] k = km.key();
        try (MafClient c = MafClient.connect(host, port, fq, km.pskIdentity(), k, maf.clientId(), maf.timeout())) {
            MafClientRegistration r = c.register(adfq, et, labels);
            String wrong = !r.expires().isAfter(Instant.now()) ? "expirationTime " + r.expires() + " has passed"
                    : !maf.clientId().equals(r.clientId()) ? "the MAF Client ID " + Http11.excerpt(r.clientId())
                            + " is not this client (" + maf.clientId() + ")"
                    : !adfq.equals(r.adminFqdn()) ? "adminFQDN " + Http11.excerpt(r.adminFqdn()) + " is not " + adfq
                    : null;
            if (wrong != null) {
                throw failed("the MAF's Client Registration Response fails verification (TS-0003 8.3.9.9.8): "
                        + wrong);
            }
            config.putMafRegistration(path, new MafRegistration(host, port, fq, km.pskIdentity(), k, maf.clientId(),
                    r));
        } catch (IOException e) {
            throw failed("MAF Client Registration for " + path + " at " + fq + ": " + e.getMessage());
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * 8.3.9.9.5: a MAF Key Registration (8.8.2.7) over the MAF Client Registration of the child MAFClientRegCfg
     * (precondition B: processed before, same MAF and stakeholder, not expired), exporter-derived, targets from the
     * parent; the answer verified as step 10 says.
     */
    private MafKey mafKey(String path, JsonNode autp, int suid) throws CommandFailed {
        String macrcPath = child(path, "dcfg:macrc", null).orElseThrow(() -> failed(path + ": no child "
                + "MAFClientRegCfg"));
        JsonNode macrc = node(macrcPath).get("dcfg:macrc");
        MafRegistration reg = config.mafRegistration(macrcPath).orElseThrow(() -> failed(path + ": no MAF Client "
                + "Registration for " + macrcPath + ": process that MAFClientRegCfg first (8.3.9.9.5 precondition B)"));
        String adfq = macrc.path("adfq").asText("");
        if (!reg.mafFqdn().equals(macrc.path("fq").asText("")) || !reg.registration().adminFqdn().equals(adfq)) {
            throw failed(path + ": the MAF Client Registration of " + macrcPath + " is with another MAF or "
                    + "stakeholder than the node names now");
        }
        if (!reg.registration().expires().isAfter(Instant.now())) {
            throw failed(path + ": the MAF Client Registration of " + macrcPath + " has expired");
        }
        List<String> targets = targets(path, node(path.substring(0, path.lastIndexOf('/'))));
        Duration lifetime = duration(path, autp.get("mkrd"));
        List<String> labels = new ArrayList<>();
        autp.path("mkrl").forEach(l -> labels.add(l.asText()));
        try (MafClient c = reg.open(maf == null ? Duration.ofSeconds(30) : maf.timeout())) {
            MafKey k = c.registerKey(adfq, suid, targets, Instant.now().plus(lifetime), labels, null);
            String wrong = KeyProcedures.unverified(k, reg.clientId(), adfq, suid, targets);
            if (wrong != null) {
                throw failed("the MAF's Key Registration Response fails verification (TS-0003 8.3.9.9.5): " + wrong
                        + "; the key " + k.pskIdentity() + " is not used");
            }
            return k;
        } catch (IOException e) {
            throw failed("MAF Key Registration for " + path + " at " + reg.mafFqdn() + ": " + e.getMessage());
        }
    }

    /** keyRegDuration: an xs:duration of days and times (PT12H, P30D), or seconds as a number. */
    private static Duration duration(String path, JsonNode mkrd) throws CommandFailed {
        try {
            Duration d = mkrd.isNumber() ? Duration.ofSeconds(mkrd.longValue()) : Duration.parse(mkrd.asText());
            if (d.isNegative() || d.isZero()) {
                throw new java.time.format.DateTimeParseException("not positive", mkrd.asText(), 0);
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw failed(path + ": mkrd " + Http11.excerpt(mkrd.asText()) + " is not a positive duration of days "
                    + "and times (years and months are not taken)");
        }
    }

    private static CommandFailed failed(String why) {
        return new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, why);
    }

    /** The parent/child/attribute rules of 8.3.9.9.2 step 5. */
    private void consistent(String path, JsonNode autp, int suid) throws CommandFailed {
        int family = suid / 10;
        int kind = suid % 10;
        if (family < 1 || family > 4 || kind < 1 || kind > 3) {
            throw inconsistent(path + ": SUID " + suid + " is not one 8.3.9.9.2 knows");
        }
        String parentRoot = switch (kind) {
            case 1 -> "dcfg:macrc";
            case 2 -> "dcfg:reg";
            default -> "dcfg:datc";
        };
        int slash = path.lastIndexOf('/');
        JsonNode parent;
        try {
            parent = slash < 0 ? null : node(path.substring(0, slash));
        } catch (CommandFailed e) {
            throw inconsistent(e.getMessage());
        }
        if (parent == null || !parent.has(parentRoot)) {
            throw inconsistent(path + ": SUID " + suid + " needs a parent " + parentRoot);
        }
        List<String> children = children(path);
        if (family == 1 && !autp.path("aski").isTextual()) {
            throw inconsistent(path + ": SUID " + suid + " needs aski (symmKeyID)");
        }
        if (family == 2 || family == 3) {
            String childRoot = family == 2 ? "dcfg:mecrc" : "dcfg:macrc";
            if (!autp.has("mkrd")) {
                throw inconsistent(path + ": SUID " + suid + " needs mkrd (keyRegDuration)");
            }
            if (!anyChild(children, childRoot)) {
                throw inconsistent(path + ": SUID " + suid + " needs a child " + childRoot);
            }
        }
        if (family <= 3 && kind <= 2 && !suites(autp, PSK_MANDATORY)) {
            throw inconsistent(path + ": tlcs must include TLS_PSK_WITH_AES_128_CBC_SHA256 (174) or, for DTLS, "
                    + "TLS_PSK_WITH_AES_128_CCM_8 (49320) (TS-0003 10.2.2)");
        }
        if (family == 4) {
            if (!autp.path("mcfp").isTextual()) {
                throw inconsistent(path + ": SUID " + suid + " needs mcfp (myCertFingerprint)");
            }
            if (!suites(autp, CERT_MANDATORY)) {
                throw inconsistent(path + ": tlcs must include TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 (49187) or, "
                        + "for DTLS, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 (49326) (TS-0003 10.2.3)");
            }
            if (anyChild(children, "dcfg:tac")) {
                throw inconsistent(path + ": SUID " + suid + " has a trustAnchorCred child");
            }
        }
    }

    private List<String> children(String path) throws CommandFailed {
        try {
            return tree.paths().stream().filter(p -> p.startsWith(path + "/") && p.indexOf('/', path.length() + 1)
                    < 0).toList();
        } catch (IOException e) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "cannot list the MO tree: "
                    + e.getMessage());
        }
    }

    private boolean anyChild(List<String> children, String root) throws CommandFailed {
        for (String c : children) {
            JsonNode n = node(c);
            if (n != null && n.has(root)) {
                return true;
            }
        }
        return false;
    }

    private static boolean suites(JsonNode autp, Set<Integer> mandatory) {
        for (JsonNode s : autp.path("tlcs")) {
            if (s.isInt() && mandatory.contains(s.intValue())) {
                return true;
            }
        }
        return false;
    }

    private static CommandFailed inconsistent(String why) {
        return new CommandFailed(CommandFailed.MO_NODE_INCONSISTENT_CONFIG, why);
    }

    /** 8.3.9.9.7: a local copy matching cfp, else an HTTPS GET of uri, the certificate's fingerprint checked. */
    private void trustAnchor(String path, JsonNode tac) throws CommandFailed {
        String cfp = tac.path("cfp").asText("");
        if (!cfp.matches("(?i)[0-9a-f]{64}")) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, path + ": cfp is not a SHA-256 "
                    + "fingerprint");
        }
        if (config.trustAnchor(cfp).isPresent()) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(tac.path("uri").asText(""));
        } catch (IllegalArgumentException e) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, path + ": uri is not a URI");
        }
        Optional<byte[]> body;
        try {
            body = "https".equalsIgnoreCase(uri.getScheme()) ? tree.get(uri) : Optional.empty();
        } catch (IOException e) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "GET " + uri + ": " + e.getMessage());
        }
        if (body.isEmpty()) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "GET " + uri + ": not successful");
        }
        X509Certificate ca;
        try {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(body.get()));
        } catch (CertificateException e) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "GET " + uri + ": not a certificate");
        }
        if (!Certificates.fingerprint(ca).equalsIgnoreCase(cfp)) {
            throw new CommandFailed(CommandFailed.MO_NODE_PROCESSING_FAILED, "the certificate at " + uri
                    + " does not match cfp");
        }
        config.addTrustAnchor(ca);
    }
}
