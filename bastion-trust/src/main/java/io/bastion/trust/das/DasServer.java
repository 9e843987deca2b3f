package io.bastion.trust.das;

import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.bindings.https.ClientCertificates;
import io.bastion.bindings.https.HttpsFront;
import io.bastion.core.codec.Codecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Dynamic Authorization Server: the {@link DasService} behind the project's HTTP door (TS-0009), plain or
 * over TLS ({@link DasTls}), with its rules file, audit log and token store.
 *
 * <pre>{@code
 * try (DasServer das = DasServer.start(DasSettings.defaults().withPort(0).withRules(file), issuer, Clock.systemUTC())) {
 *     int port = das.port();   // POST http://127.0.0.1:port/das  and  /das/token
 * }
 * }</pre>
 */
public final class DasServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DasServer.class);
    /** Requests to a DAS are small; a larger body is refused (4000) before it is read. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int TOKEN_CAPACITY = 100_000;

    private final HttpBinding http;
    private final DasAuditLog audit;
    private final IssuedTokens issued;

    private DasServer(HttpBinding http, DasAuditLog audit, IssuedTokens issued) {
        this.http = http;
        this.audit = audit;
        this.issued = issued;
    }

    /**
     * Loads the rules, opens the audit log and starts listening.
     *
     * @param issuer signs tokens; null when no key is configured (rules that deliver tokens then deny)
     * @throws IllegalArgumentException for an unreadable or invalid rules file
     * @throws UncheckedIOException when the audit log cannot be opened or the port cannot be bound
     */
    public static DasServer start(DasSettings settings, TokenIssuer issuer, Clock clock) {
        return start(settings, issuer, clock, null);
    }

    /**
     * As {@link #start(DasSettings, TokenIssuer, Clock)}, serving TLS on the port when {@code tls} is given (the
     * project's HTTPS door, {@link HttpsFront}: JDK JSSE through Netty's SslHandler, TLS 1.3 and 1.2); plain HTTP
     * when it is null.
     *
     * @throws IllegalArgumentException also when no TLS context can be made from {@code tls}
     */
    public static DasServer start(DasSettings settings, TokenIssuer issuer, Clock clock, DasTls tls) {
        Supplier<List<DasRule>> rules;
        if (settings.rulesFile() == null) {
            log.warn("no rules file given: the DAS denies every request");
            rules = List::of;
        } else {
            RulesFile file = RulesFile.load(settings.rulesFile(), clock);
            log.info("rules file {}: {} rule(s)", file.file(), file.rules().size());
            rules = file::rules;
        }
        DasAuditLog audit;
        try {
            audit = DasAuditLog.open(settings.auditFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the DAS audit log " + settings.auditFile(), e);
        }
        log.info("DAS {} signs tokens with {}", settings.dasId(), issuer == null ? "nothing (no key configured)"
                : issuer.describe());
        IssuedTokens issued = new IssuedTokens(clock, TOKEN_CAPACITY);
        DasService service = new DasService(settings.dasId(), settings.tokenDomain(), rules, issuer, issued, audit,
                clock, new SecureRandom());
        HttpBindingConfig config = HttpBindingConfig.of(settings.bind(), settings.port(), null)
                .withMaxBodyBytes(MAX_BODY_BYTES);
        HttpBinding http;
        try {
            if (tls == null) {
                http = new HttpBinding(config, service);
            } else {
                service.callersIn(tls.forms(settings.dasId()));
                http = new HttpBinding(config, service, new Codecs(), HttpsFront.create(tls.credentials(),
                        tls.callers(settings, clock), tls.clientCertificates()));
                log.info("DAS serves TLS; client certificates {}{}", tls.clientCertificates().name()
                        .toLowerCase(java.util.Locale.ROOT), tls.clientCertificates() == ClientCertificates.NONE ? ""
                        : " (trusted CAs: " + (tls.trust() == null ? settings.dataDir().resolve("credentials")
                        .resolve("trust") : tls.trust()) + ", SP-ID " + tls.spId() + ")");
            }
            http.start();
        } catch (RuntimeException e) {
            audit.close();
            throw e;
        }
        return new DasServer(http, audit, issued);
    }

    public int port() {
        return http.port();
    }

    /** How many issued tokens are still held for lookups. */
    public int tokensHeld() {
        return issued.size();
    }

    @Override
    public void close() {
        http.stop();
        audit.close();
    }
}
