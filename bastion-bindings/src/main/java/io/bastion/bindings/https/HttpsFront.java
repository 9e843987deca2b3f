package io.bastion.bindings.https;

import io.bastion.bindings.http.ChannelIdentity;
import io.bastion.bindings.http.ConnectionFront;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.Authentication;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.credential.SecurityAssociation;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS door (the Certificate-Based SAEF of TS-0003 8.2.2.2 over TLS): JDK JSSE through Netty's
 * {@link SslHandler}, in front of the same HTTP codec and request pipeline as plain HTTP.
 *
 * <ul>
 *   <li>TLS 1.3 and 1.2; the TLS 1.2 suites are ECDHE with AEAD ciphers plus
 *       {@code TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256}, the suite TS-0003 10.2.3 mandates. A client that tries to
 *       renegotiate (TLS 1.2) loses its connection ({@link RenegotiationRefusingEngine}).</li>
 *   <li>The server's chain and key come from {@link ServerCredentials}.</li>
 *   <li>Client certificates per {@link ClientCertificates}; one that is sent is validated by the
 *       {@link CertificateAuthenticator} during the handshake (a refused one fails the handshake) and the request's
 *       peer gets door {@code https} with the {@link Authentication.Verified} it proves, or
 *       {@link Authentication#none()} when the client sent none.</li>
 *   <li>The connection keeps the certificate's {@link SecurityAssociation}: when the trusted CAs, the bindings or
 *       the deny list change, the chain is validated again at the next request; a chain refused now (CA untrusted,
 *       certificate revoked) makes that request fail with 4107 and closes the connection, a changed binding changes
 *       the IDs it may use. A resumed session is checked the same way when its handshake completes, and refused
 *       there (closed, its session invalidated) when its certificate no longer passes.</li>
 * </ul>
 */
public final class HttpsFront implements ConnectionFront {
    private static final Logger log = LoggerFactory.getLogger(HttpsFront.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    /** The door's name in {@code Peer.door()} and the audit log. */
    public static final String DOOR = "https";
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

    private final SslContext context;
    private final CertificateAuthenticator authenticator;

    private HttpsFront(SslContext context, CertificateAuthenticator authenticator) {
        this.context = context;
        this.authenticator = authenticator;
    }

    /**
     * @throws IllegalArgumentException when no TLS context can be made from the credentials
     */
    public static HttpsFront create(ServerCredentials credentials, CertificateAuthenticator authenticator,
                                    ClientCertificates clientCertificates) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(authenticator, "authenticator");
        try {
            SslContextBuilder b = SslContextBuilder.forServer(credentials.keyManager())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(switch (clientCertificates) {
                        case NONE -> ClientAuth.NONE;
                        case OPTIONAL -> ClientAuth.OPTIONAL;
                        case REQUIRED -> ClientAuth.REQUIRE;
                    });
            if (clientCertificates != ClientCertificates.NONE) {
                b.trustManager(new CertificateTrustManager(authenticator));
            }
            log.info("HTTPS server credentials: {}; client certificates {}", credentials.describe(),
                    clientCertificates.name().toLowerCase(java.util.Locale.ROOT));
            return new HttpsFront(b.build(), authenticator);
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public void install(SocketChannel ch) {
        InetSocketAddress remote = ch.remoteAddress();
        // The peer's address is only a hint for JSSE; it names the client in refusal logs.
        SSLEngine engine = remote == null ? context.newEngine(ch.alloc())
                : context.newEngine(ch.alloc(), remote.getHostString(), remote.getPort());
        SslHandler tls = new SslHandler(new RenegotiationRefusingEngine(engine));
        tls.setHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ch.pipeline().addLast("tls", tls);
        ch.pipeline().addLast("tls-identity", new HandshakeIdentity(tls));
    }

    @Override
    public String name() {
        return "HTTPS";
    }

    /** Records what the handshake proved as the channel's {@link ChannelIdentity}, then steps aside. */
    private final class HandshakeIdentity extends ChannelInboundHandlerAdapter {
        private final SslHandler tls;

        HandshakeIdentity(SslHandler tls) {
            this.tls = tls;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    SSLSession session = tls.engine().getSession();
                    ChannelIdentity identity;
                    try {
                        identity = identityOf(session);
                    } catch (CertificateException e) {
                        LIMITED.info("HTTPS client {} refused on resumption: {}", ctx.channel().remoteAddress(),
                                e.getMessage());
                        session.invalidate();
                        ctx.close();
                        return;
                    }
                    if (identity.authentication() instanceof Authentication.Revoked r) {
                        // Mostly a resumed session whose certificate was revoked (or its CA untrusted) since it was
                        // made; also a full handshake during which the credentials changed.
                        LIMITED.info("HTTPS client {} refused after its handshake: {}", ctx.channel().remoteAddress(),
                                r.reason());
                        session.invalidate();
                        ctx.close();
                        return;
                    }
                    ChannelIdentity.set(ctx.channel(), identity);
                    ctx.pipeline().remove(this);
                } else {
                    // Stay, to keep the handshake's exception from reaching the HTTP side; the channel closes.
                    log.debug("HTTPS handshake with {} failed: {}", ctx.channel().remoteAddress(),
                            done.cause() == null ? "?" : done.cause().toString());
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Still here: the handshake failed (e.g. a refused certificate, already logged with its reason). Keep
            // the HTTP side from logging it as a connection error.
            log.debug("HTTPS connection from {} failed during the handshake: {}", ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }
    }

    /**
     * The connection's identity: none without a client certificate, else the certificate's association, from what
     * the handshake proved or, for a session resumed without that record, validated again now.
     */
    private ChannelIdentity identityOf(SSLSession session) throws CertificateException {
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException none) {
            return ChannelIdentity.fixed(DOOR, Authentication.none());
        }
        if (peer == null || peer.length == 0) {
            return ChannelIdentity.fixed(DOOR, Authentication.none());
        }
        X509Certificate[] chain = Arrays.stream(peer).map(X509Certificate.class::cast)
                .toArray(X509Certificate[]::new);
        if (session.getValue(CertificateTrustManager.SESSION_KEY) instanceof CertificateTrustManager.Proof p) {
            return ChannelIdentity.of(DOOR, authenticator.associate(chain, p.verified(), p.generation()));
        }
        long generation = authenticator.generation();
        Authentication.Verified v = authenticator.authenticate(chain);
        return ChannelIdentity.of(DOOR, authenticator.associate(chain, v, generation));
    }
}
