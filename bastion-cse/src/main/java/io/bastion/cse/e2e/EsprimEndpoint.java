package io.bastion.cse.e2e;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimReceiver;
import io.bastion.security.e2e.EsprimRefusal;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.InnerRequestCheck;
import io.bastion.security.e2e.SecurityInfo;
import io.bastion.security.escertke.EsCertKeMessage;
import java.time.Clock;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A NOTIFY to the CSEBase carrying {@code m2m:seci} (TS-0001 11.4.2): this CSE as the Receiver of ESPrim.
 * <ul>
 *   <li>{@code sit}=3 (receiverESPrimRandObject Request, B.2d): answered 2000 with {@code sit}=4 and a fresh,
 *       unique {@code ero} (B.2e, B.2f). Any originator the authenticate stage admits may ask (a registered AE, a
 *       CSE over its association); no access control policy is consulted, as the rand object grants nothing.</li>
 *   <li>{@code sit}=5 (an ESPrim object, C.5–C.9): the object opened by the checks of TS-0003 8.4.2 C.6; a refusal
 *       is the outer response's status with its reason, unprotected (C.6a.2: no session key is established yet),
 *       and an audit line. Once it verified, the inner request must parse (else a protected 4000), its {@code fr}
 *       must be the key's identity (else a protected 4116 ESPRIM_IMPERSONATION_ERROR and an audit line: C.6a.1,
 *       TS-0003 7.2.2), its {@code to} must address this CSE (else a protected 4000: the inner request is not
 *       forwarded in the clear) and it must not carry {@code m2m:seci} itself (a protected 4000: no nesting). It
 *       then runs through the whole pipeline as a request of its own, from the inner
 *       {@code fr} over an association proving that identity (Credential-ID {@code 13-<kid>}: TS-0003 7.1.2, an
 *       originator authenticated by ESPrim), with no source address (no IP rule matches), so access control decides
 *       on the inner originator, never on the outer {@code fr} or a transit CSE. Its response, whatever its status, is
 *       protected with the same session key and returned as {@code sit}=5 in a 2000 outer response (C.8, C.9).</li>
 *   <li>{@code sit}=4 is an answer, never a request (4000); {@code sit}=6 is an ESCertKE Message to this CSE as the
 *       Terminating End-Point ({@link EsCertKeEndpoint}), whose established keys this receiver then accepts.</li>
 * </ul>
 * Audit lines name the key ID and the check, never the plaintext or a key.
 */
public final class EsprimEndpoint {
    private final CseConfig config;
    private final EsprimReceiver receiver;
    private final AuditSink audit;
    private final Clock clock;
    private final IdForms ids;
    private final Predicate<String> elsewhere;
    private final Function<RequestContext, Response> pipeline;
    private final EsCertKeEndpoint escertke;

    /**
     * @param elsewhere whether a {@code to} addresses another CSE
     * @param pipeline runs a request to the end (the pipeline's {@code runToTheEnd})
     * @param escertke this CSE as an ESCertKE end-point ({@code sit}=6)
     */
    public EsprimEndpoint(CseConfig config, EsprimReceiver receiver, AuditSink audit, Clock clock,
                          Predicate<String> elsewhere, Function<RequestContext, Response> pipeline,
                          EsCertKeEndpoint escertke) {
        this.config = config;
        this.receiver = receiver;
        this.audit = audit;
        this.clock = clock;
        this.ids = new IdForms(config.spId(), config.cseId());
        this.elsewhere = elsewhere;
        this.pipeline = pipeline;
        this.escertke = escertke;
    }

    /** The answer to a NOTIFY to the CSEBase whose content is {@code m2m:seci}. */
    public Response receive(RequestContext x) {
        if (EsCertKeMessage.isEsCertKe(x.request().pc())) { // its own strict parser names what is wrong
            return escertke.receive(x);
        }
        SecurityInfo seci = SecurityInfo.fromJson(x.request().pc(), clock.instant());
        return switch (seci.sit()) {
            case RECEIVER_ESPRIM_RAND_OBJECT_REQUEST -> Response.of(ResponseStatusCode.OK,
                    SecurityInfo.randObjectResponse(receiver.issueRandObject()).toJson());
            case ESPRIM_OBJECT -> esprim(x, seci.epo());
            case RECEIVER_ESPRIM_RAND_OBJECT_RESPONSE -> throw OneM2MException.badRequest("m2m:seci.sit 4 (a "
                    + "receiverESPrimRandObject Response) answers a request; it is not sent to a CSEBase");
            default -> escertke.receive(x);
        };
    }

    private Response esprim(RequestContext x, String epo) {
        EsprimReceiver.Opened opened;
        try {
            opened = receiver.open(epo);
        } catch (EsprimRefusal e) {
            refused(x, e.status(), e.getMessage(), e.keyId());
            throw e;
        }
        String kid = opened.key().keyId();
        Request inner;
        switch (InnerRequestCheck.check(opened, this::canonical)) {
            case InnerRequestCheck.Accepted a -> inner = a.request();
            case InnerRequestCheck.Refused r -> {
                OneM2MException e = r.reason();
                refused(x, e.status(), (r.request() == null ? "the inner request of a verified ESPrim object: " : "")
                        + e.getMessage(), kid);
                Response error = Response.error(e);
                return protect(opened, r.request() == null ? error : error.withRequest(r.request(), config.cseId()));
            }
        }
        if (elsewhere.test(inner.to())) {
            return protect(opened, Response.error(ResponseStatusCode.BAD_REQUEST, "the inner request of an ESPrim "
                    + "object sent to this CSE must address a resource of this CSE; send it to its Hosting CSE")
                    .withRequest(inner, config.cseId()));
        }
        Peer proved = new Peer(null, "esprim", new Authentication.Verified(opened.key().credentialId(),
                Set.of(canonical(opened.key().entity()))));
        Response answer = pipeline.apply(new RequestContext(inner, proved, x.received()));
        return protect(opened, answer);
    }

    private Response protect(EsprimReceiver.Opened opened, Response inner) {
        String epo;
        try {
            epo = opened.protect(InnerPrimitives.responseBytes(inner), EsprimHeader.JSON);
        } catch (EsprimRefusal e) {
            throw new OneM2MException(e.status(), e.getMessage());
        }
        return Response.of(ResponseStatusCode.OK, SecurityInfo.esprimObject(epo).toJson());
    }

    /** The form the authenticate stage compares: an AE-ID of this CSE as its AE-ID-Stem, anything else as given. */
    private String canonical(String id) {
        String n = id == null ? null : ids.normalize(id);
        return n == null ? (id == null ? "" : id) : n;
    }

    private void refused(RequestContext x, ResponseStatusCode rsc, String reason, String kid) {
        audit.record(AuditEntry.refusal(x, rsc, "ESPrim object refused" + (kid == null ? "" : " (key " + kid + ")")
                + ": " + reason));
    }
}
