package io.bastion.bindings.tls;

import io.bastion.bindings.http.ChannelIdentity;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.text.Excerpt;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.SecurityAssociation;
import io.bastion.security.credential.PskStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS-PSK in a Netty pipeline ({@link TlsProtocolHandler} over a {@link TlsServerProtocol}), in
 * front of the HTTP codec. All methods run on the channel's event loop.
 *
 * <p>When the handshake completes, the channel's {@link ChannelIdentity} becomes door {@code psk} with
 * {@code Authentication.Verified("12-<KpsaID>", the AE-IDs/CSE-IDs of the credential)}, before any request is passed
 * on. It is a {@link SecurityAssociation} of the store: should the identity be removed or re-keyed while the
 * connection is open, its next request is refused (4107) and the connection closed; should its IDs change, its
 * requests get the new ones. A session that negotiated a certificate suite (a door with a
 * {@link ServerCertificateTls}) becomes door {@code tls-cert} with what {@code CertificateAuthenticator} made of the
 * client's chain, associated in the same way (a CA no longer trusted, a revoked certificate, a changed binding). A
 * refused handshake sends its alert, writes one log line (the identity, never a key,
 * and whether it is provisioned: the client's alert does not say) and closes.
 */
final class PskTlsHandler extends TlsProtocolHandler<TlsServerProtocol> {
    private static final Logger log = LoggerFactory.getLogger(PskTlsHandler.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    static final String DOOR = "psk";
    /** The door of a session authenticated with a certificate (a door built with a {@link ServerCertificateTls}). */
    static final String CERTIFICATE_DOOR = "tls-cert";

    /**
     * How long the bytes of a handshake may wait for the store to prepare an identity (a MAF round trip): the store
     * bounds its own work, this only guards against one that forgets to.
     */
    static final long PREPARE_BOUND_MS = 15_000;

    private final PskTlsServer server;
    private final PskStore store;
    private final ExportedKeys exported;
    /** Reads offered identities until the handshake no longer sends plaintext; null once done. */
    private PskIdentityPeek peek = new PskIdentityPeek();
    /** Bytes that arrived while the store prepared an identity, in order; null while none wait. */
    private List<Object> held;

    PskTlsHandler(PskTlsServer server, PskStore store, ExportedKeys exported) {
        super(new TlsServerProtocol());
        this.server = server;
        this.store = store;
        this.exported = exported;
        if (exported != null) {
            server.exportAtCompletion(exported.label(), exported.length());
        }
    }

    /**
     * Before the handshake's bytes reach the protocol, the identities they offer are handed to the store's
     * {@link PskStore#prepare}: while one is not ready, reading stops and the bytes wait here, so that the event
     * loop never waits for a remote key source. A plain provisioned identity is ready at once and costs a parse of
     * the client's first flight.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (held != null) {
            held.add(msg);
            return;
        }
        if (peek != null && msg instanceof ByteBuf in) {
            byte[] b = new byte[in.readableBytes()];
            in.getBytes(in.readerIndex(), b);
            List<String> ids = peek.offer(b, 0, b.length);
            if (peek.done()) {
                peek = null;
            }
            CompletableFuture<?> pending = pending(ids);
            if (pending != null) {
                hold(ctx, msg, pending);
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    private CompletableFuture<?> pending(List<String> ids) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (String id : ids) {
            CompletableFuture<Void> f = store.prepare(id).toCompletableFuture();
            if (!f.isDone()) {
                waits.add(f);
            }
        }
        return waits.isEmpty() ? null : CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    private void hold(ChannelHandlerContext ctx, Object msg, CompletableFuture<?> pending) {
        held = new ArrayList<>();
        held.add(msg);
        ctx.channel().config().setAutoRead(false);
        pending.orTimeout(PREPARE_BOUND_MS, TimeUnit.MILLISECONDS).whenComplete((v, e) -> ctx.executor().execute(() -> {
            List<Object> waiting = held;
            if (waiting == null) {
                return; // the connection closed meanwhile (channelInactive released the bytes)
            }
            held = null;
            ctx.channel().config().setAutoRead(true);
            for (int i = 0; i < waiting.size(); i++) {
                Object m = waiting.get(i);
                if (held != null) {
                    held.add(m); // a later read started another wait
                } else if (i == 0) {
                    super.channelRead(ctx, m); // already read by the peek
                } else {
                    channelRead(ctx, m);
                }
            }
        }));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (exported != null) {
            exported.closed(ctx.channel().remoteAddress());
        }
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        protocol.accept(server); // non-blocking: returns at once, offerInput advances it
    }

    @Override
    boolean handshakeCompleted(ChannelHandlerContext ctx) {
        PskCredential c = server.authenticated();
        var byCertificate = server.authenticatedByCertificate();
        SecurityAssociation association = server.association();
        if ((c == null && byCertificate == null) || association == null) {
            fail(ctx, new TlsFatalAlert(AlertDescription.internal_error, "handshake without a credential"));
            return false;
        }
        if (exported != null) {
            exported.opened(ctx.channel().remoteAddress(), server.takeExported());
        }
        ChannelIdentity.set(ctx.channel(), ChannelIdentity.of(byCertificate != null ? CERTIFICATE_DOOR : DOOR,
                association));
        log.debug("TLS session from {}: {} {}, {}, SNI {}", ctx.channel().remoteAddress(),
                byCertificate != null ? "certificate" : "identity", byCertificate != null
                        ? byCertificate.credentialId() : c.identity(), server.describeSession(), server.serverName());
        return true;
    }

    /** A failed write closes the connection (with close_notify when the session still stands), logging nothing. */
    @Override
    void writeFailed(ChannelHandlerContext ctx, Exception e) {
        ctx.close();
    }

    /** One log line: the identity (never a key), and whether it is provisioned, which the client's alert hides. */
    @Override
    void failing(ChannelHandlerContext ctx, Exception e) {
        short alert = server.fatalAlert() >= 0 ? server.fatalAlert()
                : e instanceof TlsFatalAlert f ? f.getAlertDescription() : AlertDescription.internal_error;
        String who = server.certificateRefusal() != null ? "certificate refused (" + server.certificateRefusal() + ")"
                : server.presentedIdentity() == null ? "no PSK identity"
                : (server.identityKnown() ? "identity '" : "unknown identity '") + Excerpt.of(server.presentedIdentity())
                        + "'";
        String why = AlertDescription.getText(alert);
        boolean keyCheck = alert == AlertDescription.bad_record_mac || alert == AlertDescription.decrypt_error;
        if (!established() && keyCheck) {
            // the client cannot tell these apart (RFC 4279 section 2); the operator can
            why += server.identityKnown() ? " (wrong key?)"
                    : " (the identity is not provisioned; answered as a wrong key)";
        }
        if (established()) {
            LIMITED.info("TLS-PSK session from {} ({}) failed: {}", ctx.channel().remoteAddress(), who, why);
        } else {
            LIMITED.info("{} handshake from {} refused: {}: {}", server.certificateRefusal() != null ? "TLS"
                    : "TLS-PSK", ctx.channel().remoteAddress(), who, why);
        }
        log.debug("TLS-PSK failure detail", e);
    }
}
