package io.bastion.trust.maf;

import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.bindings.tls.ExportedKeys;
import io.bastion.bindings.tls.PskTlsFront;
import io.bastion.core.codec.Codecs;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
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

    private MafServer(HttpBinding http, MafRecords records, MafAuditLog audit, FilePskStore clients) {
        this.http = http;
        this.records = records;
        this.audit = audit;
        this.clients = clients;
    }

    /**
     * Opens the records, the key store and the audit log, and starts listening.
     *
     * @param environment looks environment variables up (the key store's password)
     * @throws IllegalArgumentException when the key store cannot be opened
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
        try {
            http = new HttpBinding(HttpBindingConfig.of(settings.bind(), settings.port(), null)
                    .withMaxBodyBytes(MAX_BODY_BYTES), service, new Codecs(), new PskTlsFront(clients, random,
                    exported)).start();
        } catch (RuntimeException e) {
            audit.close();
            records.close();
            throw e;
        }
        log.info("MAF {} serves administrating stakeholders {} over TLS-PSK on port {}; key values in {}",
                settings.fqdn(), settings.adminFqdns(), http.port(), keys.describe());
        return new MafServer(http, records, audit, clients);
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        audit.close();
        records.close();
        try {
            clients.close();
        } catch (Exception e) {
            log.debug("closing the MAF's client credentials: {}", e.toString());
        }
    }
}
