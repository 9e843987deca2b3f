package io.bastion.bindings.coap;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.credential.SecurityAssociation;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.eclipse.californium.scandium.dtls.ResumptionVerificationResult;
import org.eclipse.californium.scandium.dtls.SessionId;
import org.eclipse.californium.scandium.dtls.resumption.ConnectionStoreResumptionVerifier;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session resumption (an abbreviated handshake from the session's master secret, without the credential) only for
 * sessions whose security association still stands: Scandium's own verifier finds the session, and one whose
 * association is {@link Authentication.Revoked} now (its PSK removed or re-keyed, its certificate untrusted, revoked
 * or expired, its raw public key unbound) is not offered, so the client falls back to a full handshake, which looks
 * the credential up again. Without this, ending a revoked session ({@code DTLSConnector.close}) would only make the
 * client resume it.
 */
final class RevocationAwareResumption extends ConnectionStoreResumptionVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationAwareResumption.class);

    @Override
    public ResumptionVerificationResult verifyResumptionRequest(ConnectionId cid, ServerNames serverName,
                                                                SessionId sessionId) {
        ResumptionVerificationResult found = super.verifyResumptionRequest(cid, serverName, sessionId);
        DTLSSession session = found.getDTLSSession();
        if (session == null || session.getPeerIdentity() == null) {
            return found;
        }
        SecurityAssociation association = CoapsAuthentication.associationOf(session.getPeerIdentity());
        if (association != null && !(association.authentication() instanceof Authentication.Revoked)) {
            return found;
        }
        LOG.debug("coaps session of {} not resumed: {}", session.getPeerIdentity().getName(),
                association == null ? "it carries no security association" : "its credential was revoked");
        SecretUtil.destroy(session);
        return new ResumptionVerificationResult(cid, null, null);
    }
}
