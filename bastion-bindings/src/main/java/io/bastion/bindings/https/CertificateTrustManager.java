package io.bastion.bindings.https;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.Authentication;
import io.bastion.security.certificate.CertificateAuthenticator;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification step of the HTTPS door's handshake: a client certificate chain is accepted only when the
 * {@link CertificateAuthenticator} accepts it (path validation, TS-0003 10.1.1 profile, the operator's deny list);
 * what it authenticates is kept in the handshake session ({@link Proof}) for {@link HttpsFront} to pick up. Refusals
 * are logged with their reason, since the client only sees a TLS alert.
 */
final class CertificateTrustManager extends X509ExtendedTrustManager {
    private static final Logger log = LoggerFactory.getLogger(CertificateTrustManager.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    /** The session value holding the {@link Proof} of the client certificate. */
    static final String SESSION_KEY = "io.bastion.https.authentication";

    /**
     * What a handshake proved, as kept in its session.
     *
     * @param verified what the client certificate authenticated
     * @param generation the authenticator's generation read before it validated the chain
     */
    record Proof(Authentication.Verified verified, long generation) {
    }

    private final CertificateAuthenticator authenticator;

    CertificateTrustManager(CertificateAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        long generation = authenticator.generation();
        Authentication.Verified v = verify(chain, engine == null ? "?" : engine.getPeerHost() + ":"
                + engine.getPeerPort());
        SSLSession s = engine == null ? null : engine.getHandshakeSession();
        if (s != null) {
            s.putValue(SESSION_KEY, new Proof(v, generation));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain, socket == null ? "?" : String.valueOf(socket.getRemoteSocketAddress()));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, "?");
    }

    private Authentication.Verified verify(X509Certificate[] chain, String peer) throws CertificateException {
        try {
            Authentication.Verified v = authenticator.authenticate(chain);
            if (v.allowedOriginators().isEmpty()) {
                LIMITED.info("HTTPS client {} presented certificate {} which names no AE-ID or CSE-ID and is bound to "
                        + "none: bind it with 'bastion credentials cert bind --subject {} --ae AE-ID'", peer,
                        v.credentialId(), v.credentialId());
            } else {
                log.debug("HTTPS client {} authenticated as {} for {}", peer, v.credentialId(),
                        v.allowedOriginators());
            }
            return v;
        } catch (CertificateException e) {
            LIMITED.info("HTTPS client {} refused: {}", peer, e.getMessage());
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager verifies TLS clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager verifies TLS clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager verifies TLS clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authenticator.trustStore().certificates();
    }
}
