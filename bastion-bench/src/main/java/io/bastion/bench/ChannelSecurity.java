package io.bastion.bench;

import io.bastion.bindings.tls.PskTlsClient;
import io.bastion.bindings.tls.PskTlsClientHandler;
import io.bastion.bindings.tls.PskTlsSuites;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * How the load client protects a connection before HTTP runs over it: not at all, TLS-PSK with Bouncy Castle's
 * client (as a device would), or TLS with a client certificate through the JDK's {@link SSLEngine}. All three put
 * the same Netty HTTP codec behind them, so only the security layer differs between the transport scenarios.
 */
sealed interface ChannelSecurity {

    /** Plain TCP. */
    ChannelSecurity PLAIN = new Plain();

    /**
     * Adds the handler that secures a freshly registered channel to {@code port} (before any other handler) and
     * returns what completes when the channel can carry application data.
     */
    Future<?> install(SocketChannel ch, int port);

    /** What was negotiated on the last completed handshake ("plain" for none), for the report. */
    String negotiated();

    /** Plain TCP: ready as soon as it is connected. */
    final class Plain implements ChannelSecurity {
        private Plain() {
        }

        @Override
        public Future<?> install(SocketChannel ch, int port) {
            return ch.eventLoop().newSucceededFuture(null);
        }

        @Override
        public String negotiated() {
            return "plain";
        }
    }

    /**
     * TLS-PSK offering exactly one protocol version and one suite, never resuming a session (Bouncy Castle's client
     * resumes only when asked to): every connection is a full PSK handshake.
     */
    final class TlsPsk implements ChannelSecurity {
        private final TlsCrypto crypto;
        private final String identity;
        private final byte[] key;
        private final ProtocolVersion version;
        private final int suite;
        private volatile String negotiated = "(no handshake yet)";

        TlsPsk(TlsCrypto crypto, String identity, byte[] key, ProtocolVersion version, int suite) {
            this.crypto = Objects.requireNonNull(crypto);
            this.identity = Objects.requireNonNull(identity);
            this.key = key.clone();
            this.version = Objects.requireNonNull(version);
            this.suite = suite;
        }

        @Override
        public Future<?> install(SocketChannel ch, int port) {
            Promise<Void> ready = ch.eventLoop().newPromise();
            PskTlsClientHandler handler = new PskTlsClientHandler(
                    new PskTlsClient(crypto, identity, key, version, suite, null), ready);
            ch.pipeline().addFirst("tls-psk", handler);
            ready.addListener(f -> {
                if (f.isSuccess()) {
                    int selected = handler.selectedSuite();
                    negotiated = version.getName() + " " + (selected == suite ? PskTlsSuites.name(suite)
                            : String.format("0x%04X (offered only %s)", selected, PskTlsSuites.name(suite)));
                }
            });
            return ready;
        }

        @Override
        public String negotiated() {
            return negotiated;
        }
    }

    /**
     * TLS through the JDK's {@link SSLEngine} (in Netty's {@link SslHandler}) with the client certificate and trust of
     * {@code context}; the server certificate is checked against {@code serverName} (sent as SNI). With
     * {@code resumable} false the engine is made without a peer host, so the JDK's client session cache is never
     * consulted and each connection is a full handshake; {@link #fullHandshakes()} counts the server certificate
     * checks, which only full handshakes make.
     */
    final class TlsCertificate implements ChannelSecurity {
        private final SSLContext context;
        private final String serverName;
        private final boolean resumable;
        private final AtomicLong fullHandshakes;
        private volatile String negotiated = "(no handshake yet)";

        TlsCertificate(SSLContext context, String serverName, boolean resumable, AtomicLong fullHandshakes) {
            this.context = Objects.requireNonNull(context);
            this.serverName = Objects.requireNonNull(serverName);
            this.resumable = resumable;
            this.fullHandshakes = fullHandshakes;
        }

        @Override
        public Future<?> install(SocketChannel ch, int port) {
            SSLEngine engine = resumable ? context.createSSLEngine(serverName, port) : context.createSSLEngine();
            engine.setUseClientMode(true);
            SSLParameters p = engine.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(serverName)));
            // Without a peer host the JDK checks the server's name against the SNI name.
            p.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(p);
            SslHandler tls = new SslHandler(engine);
            ch.pipeline().addFirst("tls", tls);
            Future<?> done = tls.handshakeFuture();
            done.addListener(f -> {
                if (f.isSuccess()) {
                    negotiated = engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite();
                }
            });
            return done;
        }

        /** Server certificate checks made so far: one per full handshake, none for a resumed one. */
        long fullHandshakes() {
            return fullHandshakes.get();
        }

        @Override
        public String negotiated() {
            return negotiated;
        }
    }
}
