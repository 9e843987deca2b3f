package io.bastion.security.escertke;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * What one handshake learnt of the other end-point's certificate: the entity it proved, or the refusal, which the
 * procedure reports instead of the TLS alert it causes (an alert says only {@code bad_certificate}).
 */
final class PeerVerdict {
    private final PeerCheck peers;
    private final String expected;
    private volatile EsCertKeException refusal;
    private volatile String entity;

    PeerVerdict(PeerCheck peers, String expected) {
        this.peers = peers;
        this.expected = expected;
    }

    /**
     * Checks the certificate the peer sent in {@code message}, from Bouncy Castle's callback.
     *
     * @throws TlsFatalAlert to stop the handshake when it does not authenticate the expected entity
     */
    void check(Certificate peer, String message) throws IOException {
        X509Certificate[] chain = TlsFlights.chain(peer);
        if (chain == null) {
            refusal = EsCertKeException.notAuthenticated(message + " carries no certificate of " + expected
                    + " (TS-0003 8.7 authenticates both end-points)");
            throw new TlsFatalAlert(AlertDescription.certificate_required);
        }
        try {
            entity = peers.check(chain, expected);
        } catch (EsCertKeException e) {
            refusal = e;
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    EsCertKeException refusal() {
        return refusal;
    }

    /** The entity the peer's certificate proved, or null while it has not. */
    String entity() {
        return entity;
    }
}
