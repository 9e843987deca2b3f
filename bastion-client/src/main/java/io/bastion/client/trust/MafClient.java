package io.bastion.client.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A MAF Client (TS-0003 8.8.2): registration and symmetric keys, each procedure over the MAF Handshake (8.8.2.2:
 * TLS-PSK with the client's KmID and Km), as primitives on the MAF's {@code <MAFBase>} {@code maf}:
 *
 * <table>
 *   <caption>Procedures and their primitives</caption>
 *   <tr><th>method</th><th>procedure</th><th>primitive, expected answer</th></tr>
 *   <tr><td>{@link #register}</td><td>Client Registration 8.8.2.3</td>
 *       <td>CREATE ty 9002 {@code sec:macr}, 2001</td></tr>
 *   <tr><td>{@link #configuration}</td><td>Client Configuration Retrieval 8.8.2.4</td><td>RETRIEVE, 2000</td></tr>
 *   <tr><td>{@link #update}</td><td>Client Registration Update 8.8.2.5</td><td>UPDATE {@code sec:macr}, 2004</td></tr>
 *   <tr><td>{@link #deregister}</td><td>Client De-Registration 8.8.2.6</td><td>DELETE, 2002</td></tr>
 *   <tr><td>{@link #registerKey}</td><td>Key Registration 8.8.2.7</td>
 *       <td>CREATE ty 9003 {@code sec:mkr}, 2001</td></tr>
 *   <tr><td>{@link #retrieveKey}</td><td>Key Retrieval 8.8.2.8</td><td>RETRIEVE, 2000</td></tr>
 *   <tr><td>{@link #updateKey}</td><td>Key Registration Update 8.8.2.9</td><td>UPDATE {@code sec:mkr}, 2004</td></tr>
 *   <tr><td>{@link #deregisterKey}</td><td>Key De-Registration 8.8.2.10</td><td>DELETE, 2002</td></tr>
 * </table>
 *
 * <p>Any other answer is a {@link TrustServiceException} with the MAF's code and {@code m2m:dbg}. A key registered
 * without a value is derived from the session it is registered on (10.3.1, 10.3.5): 48 bytes exported with
 * {@code EXPORTER-oneM2M-Connection}, KcID the 16 most significant (in hex, the RelativeKeyID the MAF must answer,
 * checked), Kc the 32 least significant; each such key is registered on a fresh session, since a second one on the
 * same session would be the same key (the MAF answers 4105). The other procedures share one session, kept alive and
 * reopened when it ended. Km is kept (to reopen) until {@link #close}, never shown. Thread-safe.
 */
public final class MafClient implements AutoCloseable {
    /** The exporter label of TS-0003 10.3.1 for keys derived from a MAF session. */
    public static final String EXPORTER_LABEL = KeyProcedures.EXPORTER_LABEL;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String BASE = "/maf";
    private static final int SAEF = 32;

    private final String host;
    private final int port;
    private final String kmId;
    private final byte[] km;
    private final String clientId;
    private final String mafFqdn;
    private final Duration timeout;
    private final KeyProcedures keys;
    private PskChannel channel;
    private boolean closed;

    private MafClient(String host, int port, String mafFqdn, String kmId, byte[] km, String clientId,
                      Duration timeout, PskChannel channel) {
        this.host = host;
        this.port = port;
        this.kmId = kmId;
        this.km = km;
        this.clientId = clientId;
        this.mafFqdn = mafFqdn;
        this.timeout = timeout;
        this.channel = channel;
        this.keys = new KeyProcedures("MAF", BASE, mafFqdn, clientId, new KeyProcedures.Sessions() {
            @Override
            public PskChannel session() throws IOException {
                return MafClient.this.session();
            }

            @Override
            public PskChannel fresh(String exporterLabel) throws IOException {
                return open(exporterLabel);
            }
        });
    }

    /**
     * Performs the MAF Handshake.
     *
     * @param kmId {@code relative@MAF-FQDN} (TS-0003 10.6)
     * @param clientId the AE-ID or CSE-ID the KmID is bound to (sent as {@code X-M2M-Origin})
     * @throws IOException when the MAF cannot be reached or refuses the handshake (unknown KmID, wrong Km)
     */
    public static MafClient connect(String host, int port, String kmId, byte[] km, String clientId, Duration timeout)
            throws IOException {
        int at = kmId == null ? -1 : kmId.lastIndexOf('@');
        return connect(host, port, at < 0 ? "" : kmId.substring(at + 1), kmId, km, clientId, timeout);
    }

    /**
     * Performs the MAF Handshake with a KmID that names another function: a MEF-provisioned KmID
     * ({@code RelativeKeyID@MEF-FQDN}, TS-0003 8.3.9.9.5) is shared with the MAF {@code mafFqdn}, which names the keys
     * registered over it ({@code RelativeKeyID@MAF-FQDN}).
     */
    public static MafClient connect(String host, int port, String mafFqdn, String kmId, byte[] km, String clientId,
                                    Duration timeout) throws IOException {
        Objects.requireNonNull(km, "km");
        Objects.requireNonNull(mafFqdn, "mafFqdn");
        Objects.requireNonNull(clientId, "clientId");
        int at = kmId == null ? -1 : kmId.lastIndexOf('@');
        if (at <= 0 || at == kmId.length() - 1) {
            throw new IllegalArgumentException("a KmID is relative@MAF-FQDN (TS-0003 10.6)");
        }
        byte[] copy = km.clone();
        try {
            return new MafClient(host, port, mafFqdn, kmId, copy, clientId, timeout,
                    PskChannel.open(host, port, kmId, copy, null, timeout));
        } catch (IOException | RuntimeException e) {
            Arrays.fill(copy, (byte) 0);
            throw e;
        }
    }

    /** The MAF-FQDN: the part after '@' of every Key Identifier of this MAF (and of a KmID it issued). */
    public String mafFqdn() {
        return mafFqdn;
    }

    /** The MAF Client ID this client originates with (its KmID's binding at the MAF). */
    public String clientId() {
        return clientId;
    }

    /** Client Registration (8.8.2.3) for {@code adminFqdn}, proposing {@code expires}. */
    public MafClientRegistration register(String adminFqdn, Instant expires, List<String> labels) throws IOException {
        ObjectNode c = NODES.objectNode();
        c.put("et", Timestamps.format(expires)).put("adfq", adminFqdn);
        KeyProcedures.labels(c, labels);
        JsonNode r = keys.expect(session().request("POST", BASE, clientId, 9002, KeyProcedures.wrap("sec:macr", c)),
                2001, "sec:macr");
        return new MafClientRegistration(keys.text(r, "rn"), keys.time(r, "et"), keys.text(r, "adfq"),
                keys.text(r, "cr"), KeyProcedures.list(r, "lbl"));
    }

    /** Client Registration Update (8.8.2.5): the expiry and/or labels (null: unchanged); answers the record now. */
    public MafClientRegistration update(String registrationId, Instant expires, List<String> labels)
            throws IOException {
        ObjectNode c = NODES.objectNode();
        if (expires != null) {
            c.put("et", Timestamps.format(expires));
        }
        KeyProcedures.labels(c, labels);
        keys.expect(session().request("PUT", keys.record(registrationId), clientId, null,
                KeyProcedures.wrap("sec:macr", c)), 2004,
                "sec:macr");
        JsonNode cfg = configuration(registrationId);
        return new MafClientRegistration(registrationId, keys.time(cfg, "et"), keys.text(cfg, "adfq"), clientId,
                KeyProcedures.list(cfg, "lbl"));
    }

    /** Client Configuration Retrieval (8.8.2.4): the {@code sec:clientRegCfg} object ({@code fq, adfq, et, lbl}). */
    public JsonNode configuration(String registrationId) throws IOException {
        return keys.expect(session().request("GET", keys.record(registrationId), clientId, null, null), 2000,
                "sec:clientRegCfg");
    }

    /** Client De-Registration (8.8.2.6); the MAF de-registers this client's keys for that stakeholder with it. */
    public void deregister(String registrationId) throws IOException {
        keys.expect(session().request("DELETE", keys.record(registrationId), clientId, null, null), 2002, null);
    }

    /** SUID 32 (SAEF), one target, Kc/KcID from EXPORTER-oneM2M-Connection on a fresh session; rn checked. */
    public MafKey registerKey(String adminFqdn, String targetId, Instant expires) throws IOException {
        return registerKey(adminFqdn, SAEF, List.of(targetId), expires, null);
    }

    /**
     * Key Registration (8.8.2.7). {@code keyValue} null = exporter-derived (on a fresh session); otherwise the value
     * is sent ({@code kv}, base64, 16–64 bytes) and the MAF names the key.
     *
     * @throws IOException when the MAF's RelativeKeyID is not this session's KcID (then nothing is returned)
     */
    public MafKey registerKey(String adminFqdn, int suid, List<String> targetIds, Instant expires, byte[] keyValue)
            throws IOException {
        return keys.register(adminFqdn, suid, targetIds, expires, null, keyValue);
    }

    /** Key Registration (8.8.2.7) with labels ({@code lbl}; null or empty: none). */
    public MafKey registerKey(String adminFqdn, int suid, List<String> targetIds, Instant expires,
                              List<String> labels, byte[] keyValue) throws IOException {
        return keys.register(adminFqdn, suid, targetIds, expires, labels, keyValue);
    }

    /** Key Retrieval (8.8.2.8): a key this client is a target of. */
    public MafKey retrieveKey(String relativeKeyId) throws IOException {
        return keys.retrieve(relativeKeyId, clientId);
    }

    /**
     * Key Registration Update (8.8.2.9) by its source: expiry, labels, targets (null: unchanged).
     *
     * @return the values the MAF granted ({@code sec:mkr} with those given)
     */
    public JsonNode updateKey(String relativeKeyId, Instant expires, List<String> labels, List<String> targetIds)
            throws IOException {
        return keys.update(relativeKeyId, expires, labels, targetIds);
    }

    /** Key De-Registration (8.8.2.10) by its source. */
    public void deregisterKey(String relativeKeyId) throws IOException {
        keys.deregister(relativeKeyId);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) {
            channel.close();
        }
        Arrays.fill(km, (byte) 0);
    }

    @Override
    public String toString() {
        return "MafClient[" + clientId + " with " + kmId + " at " + host + ":" + port + "]";
    }

    /** The kept-alive session, reopened (a new MAF Handshake) when the MAF ended it. */
    private synchronized PskChannel session() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = open(null);
        }
        return channel;
    }

    private synchronized PskChannel open(String exporterLabel) throws IOException {
        if (closed) {
            throw new IOException("this MAF Client is closed");
        }
        return PskChannel.open(host, port, kmId, km, exporterLabel, timeout);
    }
}
