package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.id.IdForms;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.text.Excerpt;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.credential.StandInKeys;
import io.bastion.security.environment.SecureEnvironment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running M2M Enrolment Function: one TCP port on which every connection starts with the Bootstrap Security
 * Handshake ({@link BootstrapTlsServer}) and then carries HTTP/1.1 (TS-0009 for the oneM2M procedures of
 * {@link MefService}, RFC 7030 for {@link EstEndpoint}), parsed and written by Netty's HTTP codec over the TLS
 * session's streams. One virtual thread per connection; requests of a connection are answered in order.
 *
 * <pre>{@code
 * try (MefServer mef = MefServer.start(settings, environment, Clock.systemUTC())) {
 *     int port = mef.port();   // a device: TLS-PSK with its KpmID and Kpm, then POST /mef (ty 9005)
 * }
 * }</pre>
 */
public final class MefServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MefServer.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int IDLE_MILLIS = 30_000;

    private final ServerSocket listener;
    private final MefService service;
    private final EstEndpoint est;
    private final MefAuditLog audit;
    private final SecureEnvironment environment;
    private final TlsCrypto crypto;
    private final StandInKeys standIns;
    private final EnroleeCertificates certificates;
    private final Clock clock;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private MefServer(ServerSocket listener, MefService service, EstEndpoint est, MefAuditLog audit,
                      SecureEnvironment environment, EnroleeCertificates certificates, Clock clock) {
        this.listener = listener;
        this.service = service;
        this.est = est;
        this.audit = audit;
        this.environment = environment;
        SecureRandom random = new SecureRandom();
        this.crypto = new BcTlsCrypto(random);
        this.standIns = new StandInKeys(random);
        this.certificates = certificates;
        this.clock = clock;
        this.acceptor = Thread.ofPlatform().name("mef-accept").daemon().unstarted(this::acceptLoop);
    }

    /**
     * Opens the audit log and the state, binds the port and starts serving.
     *
     * @param environment holds the Kpms, the Kes and (with {@link MefSettings#caAlias()}) the CA key
     * @throws UncheckedIOException when the port cannot be bound or the audit log opened
     * @throws IllegalArgumentException when the CA key has no certificate
     */
    public static MefServer start(MefSettings settings, SecureEnvironment environment, Clock clock) {
        MefAuditLog audit;
        try {
            audit = MefAuditLog.open(settings.mefDir().resolve("audit.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the MEF audit log in " + settings.mefDir(), e);
        }
        try {
            MefState state = new MefState(settings.mefDir());
            state.read(); // a damaged state file stops the start, not the first device
            MefService service = new MefService(settings.fqdn(), settings.spId(), state, environment, audit, clock,
                    settings.retry(), settings.longestRegistration(), settings.deviceConfigUri());
            EstEndpoint est = settings.caAlias() == null ? null : new EstEndpoint(state, new MefCa(environment,
                    settings.caAlias(), settings.certificateValidity(), clock, new SecureRandom()), audit, clock,
                    settings.spId());
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port()));
            int port = listener.getLocalPort();
            service.estBase("https://" + settings.fqdn() + ":" + port + EstEndpoint.PREFIX.substring(0,
                    EstEndpoint.PREFIX.length() - 1));
            EnroleeCertificates certificates = settings.tlsAlias() == null ? null : new EnroleeCertificates(
                    environment, settings.tlsAlias(), CertificateAuthenticator.inDataDir(settings.dataDir(),
                            new IdForms(settings.spId(), "/" + settings.fqdn()), clock));
            MefServer server = new MefServer(listener, service, est, audit, environment, certificates, clock);
            server.acceptor.start();
            log.info("MEF {} (SP {}) listening on {}:{}; keys in {}; CA {}; enrolees with certificates {}",
                    settings.fqdn(), settings.spId(), settings.bind(), port, environment.describe(),
                    settings.caAlias() == null ? "none (no CERT_PROV)" : "key '" + settings.caAlias() + "'",
                    settings.tlsAlias() == null ? "not served" : "served with key '" + settings.tlsAlias()
                            + "', CAs trusted in " + settings.dataDir().resolve("credentials").resolve("trust"));
            return server;
        } catch (IOException e) {
            audit.close();
            throw new UncheckedIOException("cannot listen on " + settings.bind() + ":" + settings.port(), e);
        } catch (RuntimeException e) {
            audit.close();
            throw e;
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                open.add(s);
                connections.execute(() -> {
                    try {
                        serve(s);
                    } finally {
                        open.remove(s);
                        closeQuietly(s);
                    }
                });
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LIMITED.warn("MEF accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        BootstrapTlsServer server = BootstrapTlsServer.create(crypto, environment, standIns, certificates);
        TlsServerProtocol tls;
        try {
            socket.setSoTimeout(IDLE_MILLIS);
            // An answer leaves as several TLS records (the codec's head, content and end): without this, Nagle's
            // algorithm holds the later ones until the peer's delayed ACK, some 40 ms per exchange.
            socket.setTcpNoDelay(true);
            tls = new TlsServerProtocol(socket.getInputStream(), socket.getOutputStream());
            tls.accept(server);
        } catch (IOException | RuntimeException e) {
            LIMITED.info("bootstrap handshake from {} refused: {}: {}", socket.getRemoteSocketAddress(), server.who(),
                    server.failure());
            log.debug("bootstrap handshake failure detail", e);
            audit.write(audit.line(clock.instant(), "handshake-refused", server.kpmId() == null ? null
                    : Excerpt.of(server.kpmId())).put("client", server.who()).put("reason", server.failure()));
            return;
        }
        MefService.Session session = new MefService.Session(server.enroleeKey(), server.enrolmentKey(),
                new SessionExport(server.takeConnectionExport()));
        log.debug("bootstrap session from {}: KpmID {}", socket.getRemoteSocketAddress(), session.kpmId());
        EmbeddedChannel http = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY_BYTES));
        try {
            InputStream in = tls.getInputStream();
            OutputStream out = tls.getOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                http.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
                drain(http, out); // what the codec answers itself (413, 100-continue)
                Object m;
                while ((m = http.readInbound()) != null) {
                    FullHttpRequest rq = (FullHttpRequest) m;
                    boolean keep;
                    try {
                        keep = HttpUtil.isKeepAlive(rq) && !rq.decoderResult().isFailure();
                        FullHttpResponse rs = respond(rq, session);
                        HttpUtil.setKeepAlive(rs, keep);
                        http.writeOutbound(rs);
                    } finally {
                        rq.release();
                    }
                    drain(http, out);
                    if (!keep) {
                        tls.close();
                        return;
                    }
                }
            }
        } catch (SocketException | java.net.SocketTimeoutException e) {
            log.debug("MEF connection from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (IOException e) {
            LIMITED.info("MEF connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            session.export().wipe();
            http.finishAndReleaseAll();
            try {
                tls.close();
            } catch (IOException ignored) {
                // the peer went away
            }
        }
    }

    private static void drain(EmbeddedChannel http, OutputStream out) throws IOException {
        Object o;
        boolean wrote = false;
        while ((o = http.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            try {
                out.write(ByteBufUtil.getBytes(b));
                wrote = true;
            } finally {
                b.release();
            }
        }
        if (wrote) {
            out.flush();
        }
    }

    private FullHttpResponse respond(FullHttpRequest rq, MefService.Session session) {
        if (rq.decoderResult().isFailure()) {
            return text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
        }
        String path = new QueryStringDecoder(rq.uri()).path();
        byte[] body = ByteBufUtil.getBytes(rq.content());
        if (path.startsWith(EstEndpoint.PREFIX)) {
            if (est == null) {
                return text(HttpResponseStatus.NOT_FOUND, "this MEF provisions no certificates");
            }
            EstEndpoint.EstReply r = est.handle(rq.method().name(), path, body, session);
            FullHttpResponse rs = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
            rs.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
            if (r.status() == 200) {
                rs.headers().set("Content-Transfer-Encoding", "base64");
            }
            return rs;
        }
        if (path.startsWith(MefService.TRUST_ANCHORS)) {
            byte[] der = rq.method().name().equals("GET")
                    ? service.trustAnchor(path.substring(MefService.TRUST_ANCHORS.length())) : null;
            if (der == null) {
                return text(HttpResponseStatus.NOT_FOUND, "no trust anchor at " + Excerpt.of(path));
            }
            FullHttpResponse rs = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(der));
            rs.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/pkix-cert")
                    .set(HttpHeaderNames.CONTENT_LENGTH, der.length);
            return rs;
        }
        return OneM2MHttp.respond(rq, body, service, session);
    }

    static FullHttpResponse text(HttpResponseStatus status, String text) {
        byte[] b = (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FullHttpResponse rs = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(b));
        rs.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .set(HttpHeaderNames.CONTENT_LENGTH, b.length);
        return rs;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(MefServer::closeQuietly);
        connections.shutdownNow();
        audit.close();
    }
}
