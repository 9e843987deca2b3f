package io.bastion.client.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A MEF Client (TS-0003 8.3): enrols over the bootstrap session and runs the MEF Client Commands.
 *
 * <p>One TLS-PSK session with the KpmID and Kpm (the pre-provisioned symmetric key RSPF, 8.3.2.1) carries everything:
 * the MEF Client Registration (8.3.5.2.3; {@code et} a year ahead, {@code adfq}; the answer's {@code et} must lie
 * ahead, its {@code aski} must be the KeID exported from this session with {@code EXPORTER-oneM2M-Bootstrap},
 * 10.3.1/10.3.4), then MEF Client Command Retrieve and Update (8.3.9.2, 8.3.9.3) until NO_MORE_COMMANDS, each command
 * reported with its cmdStatusCode: CERT_PROV by EST ({@link EstEnrolment}), DEV_CFG by the {@link DeviceManagement}
 * given (none: UNACCEPTABLE_ARGUMENTS), MO_NODE by {@link MoNodeProcessor} on nodes fetched from the MEF
 * ({@code /mef/<ri>/mo/<path>}), since no DM protocol brings them. A command ID met again is REPEATED_CMD_ID
 * (8.3.9.5.5); an unknown class CLASS_NOT_SUPPORTED.
 *
 * <pre>{@code
 * Enrolment e = MefClient.to("mef.example", 8095, "kpm-dev1", kpm).adminFqdn("sp.example").enrol();
 * e.certificate().orElseThrow().writePkcs12(Path.of("device.p12"), pw);
 * }</pre>
 *
 * <p>The MEF key procedures (8.3.5.2.7–.10), each over a bootstrap session of its own: {@link #registerKey} (as the
 * Source MEF Client; without a value the key is exported from a fresh session with {@code EXPORTER-oneM2M-Connection},
 * KeyID = hex of the first 16 bytes @ MEF-FQDN, checked against the MEF's {@code rn}; the answer verified as
 * 8.3.9.9.4 says: {@code et} ahead, {@code cr} this MEF Client, {@code adfq}, {@code suid} and {@code tgis} those
 * sent), {@link #retrieveKey} (as a target), {@link #updateKey}, {@link #deregisterKey}. They need the MEF-FQDN and
 * this client's MEF Client ID, learnt by {@link #enrol} or given ({@link #mefFqdn}, {@link #mefClientId}), and a live
 * MEF Client Registration with {@link #adminFqdn}. A key is a {@link MafKey}: the record of a MAF key has exactly the
 * fields of a MEF key (RelativeKeyID, Key Identifier, Kc, expiry, Source Client ID, adminFQDN, SUID, targets), so one
 * record serves both functions. The MO_NODE procedure runs the same registration for an autp with SUID 21–23
 * (8.3.9.9.4) and keeps the key in the {@link DeviceConfiguration}.
 */
public final class MefClient {
    static final String EXPORTER = "EXPORTER-oneM2M-Bootstrap";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(MefClient.class.getName());
    private static final int MAX_COMMANDS = 1000;

    private final String host;
    private final int port;
    private final String kpmId;
    private final byte[] kpm;
    private Duration timeout = Duration.ofSeconds(30);
    private String adminFqdn;
    private DeviceManagement deviceManagement;
    private DeviceConfiguration preConfigured = new DeviceConfiguration();
    private String mefFqdn;
    private String mefClientId;
    private UnaryOperator<String> hostResolver = UnaryOperator.identity();

    private MefClient(String host, int port, String kpmId, byte[] kpm) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.kpmId = Objects.requireNonNull(kpmId, "kpmId");
        this.kpm = Objects.requireNonNull(kpm, "kpm").clone();
    }

    public static MefClient to(String host, int port, String kpmId, byte[] kpm) {
        return new MefClient(host, port, kpmId, kpm);
    }

    public MefClient timeout(Duration d) {
        this.timeout = Objects.requireNonNull(d);
        return this;
    }

    /** The administrating stakeholder's FQDN, sent in sec:mecr adfq (mandatory at the MEF). */
    public MefClient adminFqdn(String fqdn) {
        this.adminFqdn = fqdn;
        return this;
    }

    public MefClient deviceManagement(DeviceManagement dm) {
        this.deviceManagement = dm;
        return this;
    }

    public MefClient configuration(DeviceConfiguration preConfigured) {
        this.preConfigured = new DeviceConfiguration(preConfigured);
        return this;
    }

    /** The MEF-FQDN of its Key Identifiers (the part after '@' of the KeID); {@link #enrol} learns it. */
    public MefClient mefFqdn(String fqdn) {
        this.mefFqdn = fqdn;
        return this;
    }

    /**
     * Where an FQDN an MO node names is reached (a MAFClientRegCfg's {@code fq}, 8.3.9.9.8): the host to connect to
     * for it. Default: the FQDN itself, resolved by DNS when connecting; a test or a gateway maps it (e.g. to
     * {@code 127.0.0.1}). The MAF Handshake still names the MAF by its FQDN (the KmID, the Key Identifiers).
     */
    public MefClient hostResolver(UnaryOperator<String> resolver) {
        this.hostResolver = Objects.requireNonNull(resolver, "resolver");
        return this;
    }

    /** This client's MEF Client ID (the registration's {@code cr}); {@link #enrol} learns it. */
    public MefClient mefClientId(String id) {
        this.mefClientId = id;
        return this;
    }

    /**
     * MEF Key Registration (8.3.5.2.7) as the Source MEF Client, for {@link #adminFqdn}. {@code keyValue} null: the
     * key is exported from a fresh bootstrap session (10.3.1) and the MEF's {@code rn} must be its KeyID.
     *
     * @throws TrustServiceException when the MEF refuses (its rsc)
     * @throws IOException when the answer fails the verification of 8.3.9.9.4 (then the key is not returned)
     */
    public MafKey registerKey(int suid, List<String> targetIds, Instant expires, List<String> labels,
                              byte[] keyValue) throws IOException {
        try (PskChannel mef = open()) {
            return registerKey(keys(mef), suid, targetIds, expires, labels, keyValue);
        }
    }

    /** MEF Key Retrieval (8.3.5.2.8) by a target: the key {@code relativeKeyId} names. */
    public MafKey retrieveKey(String relativeKeyId) throws IOException {
        try (PskChannel mef = open()) {
            return keys(mef).retrieve(relativeKeyId, clientId());
        }
    }

    /** MEF Key Registration Update (8.3.5.2.9) by its source: expiry, labels, targets (null: unchanged). */
    public JsonNode updateKey(String relativeKeyId, Instant expires, List<String> labels, List<String> targetIds)
            throws IOException {
        try (PskChannel mef = open()) {
            return keys(mef).update(relativeKeyId, expires, labels, targetIds);
        }
    }

    /** MEF Key De-Registration (8.3.5.2.10) by its source. */
    public void deregisterKey(String relativeKeyId) throws IOException {
        try (PskChannel mef = open()) {
            keys(mef).deregister(relativeKeyId);
        }
    }

    private PskChannel open() throws IOException {
        return PskChannel.open(host, port, kpmId, kpm, null, timeout);
    }

    private String clientId() {
        if (mefClientId == null || mefFqdn == null) {
            throw new IllegalStateException("enrol first, or give mefFqdn and mefClientId: the key procedures name "
                    + "keys by the MEF-FQDN and check the Source MEF Client ID");
        }
        return mefClientId;
    }

    /** The key procedures over {@code session}, a fresh session for each exporter-derived key. */
    private KeyProcedures keys(PskChannel session) {
        clientId();
        return new KeyProcedures("MEF", "/mef", mefFqdn, originator(), new KeyProcedures.Sessions() {
            @Override
            public PskChannel session() {
                return session;
            }

            @Override
            public PskChannel fresh(String exporterLabel) throws IOException {
                return PskChannel.open(host, port, kpmId, kpm, exporterLabel, timeout);
            }
        });
    }

    /** 8.3.5.2.7 then the verification of 8.3.9.9.4 step 10. */
    private MafKey registerKey(KeyProcedures keys, int suid, List<String> targetIds, Instant expires,
                               List<String> labels, byte[] keyValue) throws IOException {
        if (adminFqdn == null) {
            throw new IllegalStateException("set adminFqdn: the MEF Key Registration names the administrating "
                    + "stakeholder (adfq)");
        }
        MafKey k = keys.register(adminFqdn, suid, targetIds, expires, labels, keyValue);
        String wrong = KeyProcedures.unverified(k, clientId(), adminFqdn, suid, targetIds);
        if (wrong != null) {
            throw new IOException("the MEF's Key Registration Response fails verification (TS-0003 8.3.9.9.4): "
                    + wrong + "; the key " + k.pskIdentity() + " is not used");
        }
        return k;
    }

    /**
     * Registration, then commands until NO_MORE_COMMANDS; each reported with its cmdStatusCode.
     *
     * @throws TrustServiceException when the MEF refuses the registration or a command exchange (its rsc)
     * @throws IOException when the MEF cannot be reached, the handshake fails (a wrong or revoked Kpm), or its answer
     *         fails the checks of 8.3.5.2.3 (et past, aski not the exported KeID)
     */
    public Enrolment enrol() throws IOException {
        if (adminFqdn == null) {
            throw new IllegalStateException("set adminFqdn: the MEF Client Registration names the administrating "
                    + "stakeholder (adfq)");
        }
        try (PskChannel mef = PskChannel.open(host, port, kpmId, kpm, EXPORTER, timeout)) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("sec:mecr").put("et", Timestamps.format(Instant.now().plus(Duration.ofDays(365))))
                    .put("adfq", adminFqdn);
            JsonNode reg = expect(mef.request("POST", "/mef", originator(), 9005, body), "sec:mecr",
                    "MEF Client Registration");
            String ri = text(reg, "ri");
            String keId = text(reg, "aski");
            String clientId = text(reg, "cr");
            checkRegistration(reg, keId, mef.exported());
            mefFqdn = keId.substring(keId.indexOf('@') + 1);
            mefClientId = clientId;
            DeviceConfiguration config = new DeviceConfiguration(preConfigured);
            Run run = new Run(mef, ri, clientId, keId.substring(keId.indexOf('@') + 1), config);
            Duration retry = run.commands();
            return new Enrolment(ri, keId, clientId, Optional.ofNullable(run.certificate), config, run.reports, retry);
        }
    }

    private String originator() {
        return "C" + HexFormat.of().formatHex(kpmId.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0,
                Math.min(8, kpmId.length()));
    }

    /** 8.3.5.2.3: et still ahead; aski = hex(RelativeKeID)@MEF-FQDN with RelativeKeID the first 16 exported bytes. */
    static void checkRegistration(JsonNode reg, String keId, byte[] exported) throws IOException {
        Instant et;
        try {
            et = Timestamps.parse(text(reg, "et"), "sec:mecr.et");
        } catch (RuntimeException e) {
            throw new IOException("the MEF's sec:mecr.et is not an m2m:timestamp");
        }
        if (!et.isAfter(Instant.now())) {
            throw new IOException("the MEF answered a registration that has expired (et " + text(reg, "et") + ")");
        }
        String relative = HexFormat.of().formatHex(exported, 0, 16);
        int at = keId.indexOf('@');
        if (at < 0 || !keId.substring(0, at).equalsIgnoreCase(relative) || at == keId.length() - 1) {
            throw new IOException("the MEF's KeID " + keId + " is not the one exported from this session ("
                    + relative + "@MEF-FQDN, TS-0003 10.3.4)");
        }
        java.util.Arrays.fill(exported, (byte) 0);
    }

    private static JsonNode expect(OneM2mAnswer a, String root, String what) throws TrustServiceException {
        if (!a.ok() || a.content() == null || !a.content().path(root).isObject()) {
            throw new TrustServiceException(a.rsc(), what + " refused: " + a.rsc() + " " + a.debug());
        }
        return a.content().get(root);
    }

    private static String text(JsonNode n, String name) throws IOException {
        if (!n.path(name).isTextual() || n.get(name).textValue().isEmpty()) {
            throw new IOException("the MEF's answer lacks " + name);
        }
        return n.get(name).textValue();
    }

    /** One enrolment's command loop over the registration {@code ri}. */
    private final class Run {
        final PskChannel mef;
        final String ri;
        final String clientId;
        final String mefFqdn;
        final DeviceConfiguration config;
        final List<CommandReport> reports = new ArrayList<>();
        final Set<String> done = new HashSet<>();
        DeviceCertificate certificate;

        Run(PskChannel mef, String ri, String clientId, String mefFqdn, DeviceConfiguration config) {
            this.mef = mef;
            this.ri = ri;
            this.clientId = clientId;
            this.mefFqdn = mefFqdn;
            this.config = config;
        }

        Duration commands() throws IOException {
            String cmd = "/mef/" + ri + "/cmd";
            JsonNode mcc = expect(mef.request("GET", cmd, originator(), null, null), "sec:mcc", "Command Retrieve");
            for (int i = 0; i < MAX_COMMANDS; i++) {
                JsonNode d = mcc.path("mccd");
                int cls = d.path("ccid").asInt(-1);
                String id = text(mcc, "mcci");
                if (cls == 0) {
                    try {
                        return Duration.parse(d.path("cma").path("nmca").path("rdu").asText());
                    } catch (DateTimeParseException e) {
                        return null;
                    }
                }
                int status = done.add(id) ? execute(id, cls, d) : CommandFailed.REPEATED_CMD_ID;
                reports.add(new CommandReport(id, cls, status));
                ObjectNode report = JSON.createObjectNode();
                report.putObject("sec:mcc").put("mcci", id).put("mccs", status);
                mcc = expect(mef.request("PUT", cmd, originator(), null, report), "sec:mcc", "Command Update");
            }
            throw new IOException("the MEF issued more than " + MAX_COMMANDS + " commands without NO_MORE_COMMANDS");
        }

        private int execute(String id, int cls, JsonNode d) {
            try {
                if (d.has("tgi") && !d.path("tgi").asText().equals(clientId)) {
                    throw new CommandFailed(CommandFailed.UNACCEPTABLE_ARGUMENTS, "targetID " + d.path("tgi")
                            + " is not this MEF Client");
                }
                JsonNode cma = d.path("cma");
                switch (cls) {
                    case 1 -> certificate = certificate(cma.get("cpca"));
                    case 2 -> {
                        return configure(cma.get("dcca"));
                    }
                    case 3 -> new MoNodeProcessor(tree(), config, Optional.ofNullable(certificate), this::register,
                            new MoNodeProcessor.MafAccess(hostResolver, clientId, timeout)).process(cma.get("nnca"));
                    default -> throw new CommandFailed(CommandFailed.CLASS_NOT_SUPPORTED, "cmdClassID " + cls);
                }
                return CommandFailed.OK;
            } catch (CommandFailed f) {
                LOG.log(System.Logger.Level.INFO, "MEF Client Command {0} (class {1}) ends with {2}: {3}", id, cls,
                        f.status, f.getMessage());
                return f.status;
            }
        }

        /**
         * 8.3.9.9.4 precondition B: the key is registered with this MEF (the child MEFClientRegCfg's fq) for the
         * stakeholder of this registration (its adfq), over a fresh session to the address enrolled with (the
         * MEFClientRegCfg's ports are not used: the bootstrap session's address is the MEF's).
         */
        private MafKey register(String fq, String adfq, int suid, List<String> targets, Instant expires,
                                List<String> labels) throws IOException {
            if (!fq.equalsIgnoreCase(mefFqdn)) {
                throw new IOException("the MEFClientRegCfg names MEF " + Http11.excerpt(fq) + ", not the MEF this "
                        + "client is registered with (" + mefFqdn + ")");
            }
            if (!adfq.equals(adminFqdn)) {
                throw new IOException("the MEFClientRegCfg names stakeholder " + Http11.excerpt(adfq) + ", not the one "
                        + "of this MEF Client Registration (" + adminFqdn + ")");
            }
            return registerKey(keys(mef), suid, targets, expires, labels, null);
        }

        /** 8.3.9.7: EST at the MEF only; the URI must name this MEF (its FQDN) and the EST path. */
        private DeviceCertificate certificate(JsonNode a) throws CommandFailed {
            if (a == null || !a.path("cppi").isInt() || !a.path("uri").isTextual() || !a.path("csi").isTextual()) {
                throw new CommandFailed(CommandFailed.BAD_ARGUMENTS, "cpca: cppi, uri and csi");
            }
            if (a.get("cppi").intValue() != 1) {
                throw new CommandFailed(CommandFailed.UNACCEPTABLE_ARGUMENTS, "certProvProtocolID "
                        + a.get("cppi") + ": only EST (1) is done");
            }
            URI uri;
            try {
                uri = URI.create(a.get("uri").textValue());
            } catch (IllegalArgumentException e) {
                throw new CommandFailed(CommandFailed.BAD_ARGUMENTS, "cpca.uri is not a URI");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || !mefFqdn.equalsIgnoreCase(uri.getHost())
                    || uri.getPath() == null || !uri.getPath().startsWith("/.well-known/est")) {
                throw new CommandFailed(CommandFailed.UNACCEPTABLE_ARGUMENTS, "EST is done with this MEF ("
                        + mefFqdn + ") over the bootstrap session only, not at " + uri);
            }
            String path = uri.getPath().endsWith("/") ? uri.getPath().substring(0, uri.getPath().length() - 1)
                    : uri.getPath();
            return EstEnrolment.provision(mef, path, a.get("csi").textValue());
        }

        private int configure(JsonNode a) throws CommandFailed {
            String dcu = a == null ? "" : a.path("dcu").asText("");
            if (!dcu.matches("[1-4]:\\S+")) {
                throw new CommandFailed(CommandFailed.BAD_ARGUMENTS, "dcca.dcu is devMgmtID:URI");
            }
            if (deviceManagement == null) {
                throw new CommandFailed(CommandFailed.UNACCEPTABLE_ARGUMENTS, "no device-management client for "
                        + "devMgmtID " + dcu.charAt(0));
            }
            return deviceManagement.configure(dcu.charAt(0) - '0', dcu.substring(2), config);
        }

        private MoNodeProcessor.Tree tree() {
            String base = "/mef/" + ri + "/mo";
            return new MoNodeProcessor.Tree() {
                @Override
                public JsonNode node(String path) throws IOException {
                    OneM2mAnswer a = mef.request("GET", base + "/" + path, originator(), null, null);
                    if (a.rsc() == 4004) {
                        return null;
                    }
                    if (!a.ok() || a.content() == null) {
                        throw new TrustServiceException(a.rsc(), "MO node " + path + ": " + a.debug());
                    }
                    return a.content();
                }

                @Override
                public List<String> paths() throws IOException {
                    OneM2mAnswer a = mef.request("GET", base, originator(), null, null);
                    List<String> out = new ArrayList<>();
                    if (a.ok() && a.content() != null) {
                        a.content().path("m2m:uril").forEach(p -> out.add(p.asText()));
                    }
                    config.nodes().keySet().stream().filter(p -> !out.contains(p)).forEach(out::add);
                    return out;
                }

                @Override
                public Optional<byte[]> get(URI uri) throws IOException {
                    if (!mefFqdn.equalsIgnoreCase(uri.getHost()) || uri.getRawPath() == null) {
                        return Optional.empty(); // plain HTTPS elsewhere is not done (README, The device side)
                    }
                    HttpAnswer a = mef.send("GET", uri.getRawPath(), Map.of(), null);
                    return a.status() == 200 ? Optional.of(a.body()) : Optional.empty();
                }
            };
        }
    }

    @Override
    public String toString() {
        return "MefClient[" + host + ":" + port + ", KpmID " + kpmId + "]";
    }
}
