package io.bastion.bindings.https;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A server {@link SSLEngine} that refuses client-initiated renegotiation: once its first handshake has finished, a
 * TLS 1.2 record that starts another handshake (the client's new ClientHello) fails the unwrap with an
 * {@link SSLHandshakeException}, so that Netty's {@code SslHandler} ends the connection before the server does any
 * of that handshake's work. Without it one connection could make the server run handshake after handshake, past any
 * limit on connections (a denial-of-service vector testssl.sh reports; RFC 5746 leaves refusing to the server).
 * TLS 1.3 has no renegotiation; its post-handshake messages (KeyUpdate) pass. The server never starts a
 * renegotiation itself.
 *
 * <p>JSSE's own switch, the system property {@code jdk.tls.rejectClientInitiatedRenegotiation}, is JVM-wide and read
 * once, when the first server handshake of the JVM loads JSSE's server classes; this engine makes the refusal a
 * property of the door instead, whatever else the JVM runs. Everything else is delegated to the JSSE engine.
 */
final class RenegotiationRefusingEngine extends SSLEngine {
    private final SSLEngine engine;
    /** The first handshake has finished; set and read on the connection's event loop, as SslHandler calls us. */
    private boolean established;

    RenegotiationRefusingEngine(SSLEngine engine) {
        super(engine.getPeerHost(), engine.getPeerPort());
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        SSLEngineResult r = engine.unwrap(src, dsts, offset, length);
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.FINISHED) {
            established = true;
        } else if (established && hs != HandshakeStatus.NOT_HANDSHAKING && r.getStatus() != SSLEngineResult.Status.CLOSED
                && !"TLSv1.3".equals(engine.getSession().getProtocol())) {
            // A new handshake began with what the client sent: its renegotiation. Closing an inbound half-open
            // handshake is all that is left to do; SslHandler closes the connection on this exception.
            throw new SSLHandshakeException("client-initiated renegotiation is refused");
        }
        return r;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        SSLEngineResult r = engine.wrap(srcs, offset, length, dst);
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            established = true;
        }
        return r;
    }

    @Override
    public String getPeerHost() {
        return engine.getPeerHost();
    }

    @Override
    public int getPeerPort() {
        return engine.getPeerPort();
    }

    @Override
    public Runnable getDelegatedTask() {
        return engine.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        engine.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        if (established) {
            throw new SSLException("this server does not renegotiate");
        }
        engine.beginHandshake();
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        return engine.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        engine.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return engine.getHandshakeApplicationProtocolSelector();
    }
}
