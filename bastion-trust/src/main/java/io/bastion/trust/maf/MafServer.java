package io.bastion.trust.maf;

import io.bastion.bindings.http.ChannelRequestTransport;
import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.bindings.tls.ExportedKeys;
import io.bastion.bindings.tls.PskClientSecurity;
import io.bastion.bindings.tls.PskTlsFront;
import io.bastion.bindings.tls.ServerCertificateTls;
import io.bastion.core.id.IdForms;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.core.codec.Codecs;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.InboundPskStore;
import io.bastion.security.credential.PskStore;
import io.bastion.security.maf.MafPskStore;
import io.bastion.trust.keys.MafKeyRetrieval;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running M2M Authentication Function: {@link MafService} behind the project's HTTP door (TS-0009) over TLS-PSK, the
 * MAF Handshake of TS-0003 8.8.2.2 with each client's KmID (provisioned in {@code <data>/credentials/psk.json} by
 * {@code ./bastion credentials --data DIR psk add --identity KMID@MAF-FQDN --key HEX --ae CLIENT-ID}, picked up
 * without a restart), the session's {@code EXPORTER-oneM2M-Connection} kept for Key Registration; its records in
 * {@code <data>/maf/registrations.db}, key values in the PKCS#12 key store {@code <data>/maf/keys.p12}, audit in
 * {@code <data>/maf/audit.jsonl}.
 *
 * <p>With {@link MafSettings#tlsKeystore()} the same port serves the MAF Handshake with certificates too (8.8.2.2
 * "the certificate-based TLS handshake"; TLS 1.2 with the ECDHE_ECDSA suites of 10.2.3, the text's "according to
 * clause 10.2.2" read as 10.2.3, since 10.2.2 lists PSK suites only): the MAF
 * presents its certificate and key from that PKCS#12 file, the client's chain must lead to a CA of
 * {@code <data>/credentials/trust} and pass the deny list ({@code revoked-certs.json}) and the 10.1.1 profile, and its
 * Credential-ID (8.1.2.4) maps to the MAF Client's IDs through {@code <data>/credentials/cert-bindings.json}
 * ({@code ./bastion credentials --data DIR cert bind --subject CREDENTIAL-ID --ae CLIENT-ID}), as a KmID's binding
 * does. IDs are compared as bound: the MAF has no CSE of its own to make them relative to (its {@link IdForms} name
 * the MAF-FQDN as SP and CSE, which no client ID uses). A valid certificate bound to no ID completes the handshake and
 * gets 4106 for every request until it is bound; a binding, a trust or a revocation change reaches open sessions at
 * their next request. The session exports {@code EXPORTER-oneM2M-Connection} as a PSK one does (10.3.1).
 *
 * <p>With {@link MafSettings#mef()} the MAF is also a Target MEF Client (TS-0003 8.3.9.9.5, 8.3.5.2.8): a KmID
 * {@code RelativeKeyID@MEF-FQDN} at the MAF Handshake is resolved by a MEF Key Retrieval over a TLS-PSK session with
 * the MEF under the MAF's own KpmID ({@link MafPskStore#forMefKm}: SUID 21 only, cached until its expirationTime,
 * retrieved again each recheck, the client's ID the key's source {@code cr}); a refused one is an audit line
 * {@code "handshake"} with 4106 and the reason. The MAF's own KpmID is bound to {@code /MAF-FQDN}, the MAF's ID as its
 * {@link IdForms} name it, and no client may present an identity bound to that ID ({@link InboundPskStore}): the MEF,
 * which shares that Kpm, could otherwise pose as a MAF Client named {@code /MAF-FQDN}.
 *
 * <pre>{@code
 * try (MafServer maf = MafServer.start(MafSettings.defaults().withPort(0).withAdminFqdns(Set.of("sp.example")),
 *         System::getenv, Clock.systemUTC())) {
 *     int port = maf.port();   // https over TLS-PSK: POST /maf (ty 9002, 9003), GET|PUT|DELETE /maf/<id>
 * }
 * }</pre>
 */
public final class MafServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MafServer.class);
    /** MAF requests are small; a larger body is refused (4000) before it is read. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final HttpBinding http;
    private final MafRecords records;
    private final MafAuditLog audit;
    private final FilePskStore clients;
    private final Pkcs12Environment tlsKeys;
    private final Deque<AutoCloseable> mefParts;

    private MafServer(HttpBinding http, MafRecords records, MafAuditLog audit, FilePskStore clients,
                      Pkcs12Environment tlsKeys, Deque<AutoCloseable> mefParts) {
        this.http = http;
        this.records = records;
        this.audit = audit;
        this.clients = clients;
        this.tlsKeys = tlsKeys;
        this.mefParts = mefParts;
    }

    /**
     * Opens the records, the key store and the audit log, and starts listening.
     *
     * @param environment looks environment variables up (the key store's password)
     * @throws IllegalArgumentException when a key store cannot be opened, or the TLS alias has no certificate
     * @throws UncheckedIOException when the audit log cannot be opened or the port cannot be bound
     */
    public static MafServer start(MafSettings settings, Function<String, String> environment, Clock clock) {
        Pkcs12Environment keys = Pkcs12Environment.openOrCreate(settings.folder().resolve("keys.p12"),
                settings.keystorePasswordEnv(), environment);
        MafRecords records = new MafRecords(SqliteResourceStore.open(StoreConfig.of(settings.folder()
                .resolve("registrations.db"))), keys, clock.instant());
        MafAuditLog audit;
        try {
            audit = MafAuditLog.open(settings.folder().resolve("audit.jsonl"));
        } catch (IOException e) {
            records.close();
            throw new UncheckedIOException("cannot open the MAF audit log", e);
        }
        FilePskStore clients = FilePskStore.inDataDir(settings.dataDir());
        SecureRandom random = new SecureRandom();
        ExportedKeys exported = new ExportedKeys(MafService.EXPORTER_LABEL, MafService.EXPORTER_LENGTH);
        MafService service = new MafService(settings, records, exported, audit, clock, random,
                id -> clients.entries().stream().anyMatch(e -> e.allowedIds().contains(id)));
        HttpBinding http;
        Pkcs12Environment tlsKeys = null;
        Deque<AutoCloseable> mefParts = new ArrayDeque<>();
        try {
            PskStore kmIds = new InboundPskStore(settings.mef() == null ? clients
                    : mefKmIds(settings, clients, audit, clock, mefParts), Set.of("/" + settings.fqdn()));
            ServerCertificateTls certificates = null;
            if (settings.tlsKeystore() != null) {
                tlsKeys = Pkcs12Environment.open(settings.tlsKeystore(), MafSettings.TLS_KEYSTORE_PASSWORD_VARIABLE,
                        environment);
                certificates = new ServerCertificateTls(tlsKeys, settings.tlsAlias(), CertificateAuthenticator
                        .inDataDir(settings.dataDir(), new IdForms(settings.fqdn(), "/" + settings.fqdn()), clock));
            }
            http = new HttpBinding(HttpBindingConfig.of(settings.bind(), settings.port(), null)
                    .withMaxBodyBytes(MAX_BODY_BYTES), service, new Codecs(), new PskTlsFront(kmIds, random,
                    exported, certificates)).start();
        } catch (RuntimeException e) {
            closeAll(mefParts);
            if (tlsKeys != null) {
                tlsKeys.close();
            }
            audit.close();
            records.close();
            clients.close();
            throw e;
        }
        if (settings.mef() != null) {
            log.info("MAF {} resolves KmIDs @{} with the MEF at {} (KpmID {})", settings.fqdn(), settings.mef().fqdn(),
                    settings.mef().url(), settings.mef().pskIdentity());
        }
        log.info("MAF {} serves administrating stakeholders {} over TLS-PSK{} on port {}; key values in {}",
                settings.fqdn(), settings.adminFqdns(), tlsKeys == null ? "" : " and certificates (key '"
                        + settings.tlsAlias() + "' of " + tlsKeys.describe() + ", CAs trusted in "
                        + settings.dataDir().resolve("credentials").resolve("trust") + ")", http.port(),
                keys.describe());
        return new MafServer(http, records, audit, clients, tlsKeys, mefParts);
    }

    /**
     * The clients' KmIDs: those provisioned, and {@code RelativeKeyID@MEF-FQDN} ones by a MEF Key Retrieval over a
     * TLS-PSK session with the MEF under the MAF's KpmID (from the same store), as the CSE resolves MEF-based SAEF
     * identities.
     */
    private static PskStore mefKmIds(MafSettings settings, FilePskStore clients, MafAuditLog audit, Clock clock,
                                     Deque<AutoCloseable> parts) {
        MafMefSettings mef = settings.mef();
        String own = "/" + settings.fqdn();
        if (!clients.lookup(mef.pskIdentity()).map(c -> c.allowedIds().equals(Set.of(own))).orElse(false)) {
            // bound to a client's ID, the MEF (which knows the Kpm) could pose as that client here
            throw new IllegalArgumentException("the MAF's KpmID " + mef.pskIdentity() + " must be in "
                    + settings.dataDir().resolve("credentials") + "'s PSK store bound to " + own + " only "
                    + "(credentials psk add --identity " + mef.pskIdentity() + " --key HEX --ae " + own + ")");
        }
        ChannelRequestTransport transport = new ChannelRequestTransport(mef.url(), new PskClientSecurity(clients,
                mef.pskIdentity(), URI.create(mef.url()).getHost()), 16);
        parts.push(transport);
        MafPskStore store = MafPskStore.forMefKm(clients, mef.fqdn(), MafKeyRetrieval.mefForMaf(transport, mef.url(),
                settings.fqdn(), mef.timeout()), clock, mef.recheck(), (identity, reason) -> audit.write(
                clock.instant(), "handshake", identity, null, 4106, "MAF Handshake refused: " + reason));
        parts.push(store);
        return store;
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                log.debug("closing the MAF's MEF retrieval: {}", e.toString());
            }
        }
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        closeAll(mefParts);
        if (tlsKeys != null) {
            tlsKeys.close();
        }
        audit.close();
        records.close();
        try {
            clients.close();
        } catch (Exception e) {
            log.debug("closing the MAF's client credentials: {}", e.toString());
        }
    }
}
