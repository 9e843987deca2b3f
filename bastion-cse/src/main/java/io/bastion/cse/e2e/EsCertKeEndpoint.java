package io.bastion.cse.e2e;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.escertke.EsCertKeException;
import io.bastion.security.escertke.EsCertKeMessage;
import io.bastion.security.escertke.EsCertKeResponder;
import java.util.List;

/**
 * A NOTIFY to the CSEBase carrying {@code m2m:seci} {@code sit}=6: this CSE as the ESCertKE Terminating End-Point
 * (TS-0003 8.7.2.2, TS-0001 11.4.3), with its own certificate (its HTTPS key, in a PKCS#12 file or the secure
 * environment). Message 1 from an originator starts a procedure and is answered with Message 2; its Message 3 is
 * answered with Message 4, and the pairwiseE2EKey then becomes a pairwiseESPrimKey of this CSE for the originator's
 * identity ({@link EstablishedPairwiseKeys}), so that its ESPrim objects to this CSE are accepted.
 *
 * <p>The initiator is the NOTIFY's {@code From} as the authenticate stage admitted it; its certificate must chain to a
 * CA this CSE trusts (or be bound to it) and name that ID (8.7.2.2 B), else 4106. A CSE without an EC certificate of
 * its own answers 5001 NOT_IMPLEMENTED naming what is missing. Refusals and each established key are audited, the key
 * by its ID, its peer and its expiry, never its value.
 */
public final class EsCertKeEndpoint {
    private final EsCertKeResponder responder;
    private final EstablishedPairwiseKeys keys;
    private final AuditSink audit;

    /** @param responder the terminating end-point with this CSE's certificate, or null when it has none */
    public EsCertKeEndpoint(EsCertKeResponder responder, EstablishedPairwiseKeys keys, AuditSink audit) {
        this.responder = responder;
        this.keys = keys;
        this.audit = audit;
    }

    /** Whether this CSE can be an ESCertKE end-point (it has a certificate for it). */
    public boolean enabled() {
        return responder != null;
    }

    /** The answer to a NOTIFY to the CSEBase whose content is an ESCertKE Message. */
    public Response receive(RequestContext x) {
        if (responder == null) {
            throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "m2m:seci.sit 6: this CSE has no "
                    + "certificate with an EC P-256 key (its HTTPS key) to be an ESCertKE end-point with");
        }
        String initiator = x.originator();
        try {
            EsCertKeResponder.Reply reply = responder.handle(initiator, EsCertKeMessage.fromContent(x.request().pc()));
            if (reply.key() != null) {
                PairwiseKey key;
                try {
                    key = keys.add(reply.key());
                } finally {
                    reply.key().destroy();
                }
                audit.record(new AuditEntry(x.received(), x.request().rqi(), initiator, Operation.NOTIFY, null, null,
                        x.request().to(), x.peer().door(), null, true, null, "ESCertKE: pairwiseESPrimKey "
                        + key.keyId() + " established with " + key.entity() + ", valid until " + key.notAfter(),
                        List.of(), "ESTABLISHED"));
            }
            return Response.of(ResponseStatusCode.OK, reply.message().toContent());
        } catch (EsCertKeException e) {
            audit.record(AuditEntry.refusal(x, e.status(), "ESCertKE refused: " + e.getMessage()));
            throw e;
        }
    }
}
