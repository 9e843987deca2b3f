package io.bastion.client.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.client.notification.NotificationReceiver;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.e2e.E2eSecInfo;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimReceiver;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.InnerRequestCheck;
import io.bastion.security.e2e.SecurityInfo;
import io.bastion.security.escertke.EsCertKeMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AE as ESPrim Receiver (TS-0003 8.4.2 B–C, TS-0001 11.4.2), answering the NOTIFYs its CSE relays to it, for
 * {@code NotificationReceiver.respond("m2m:seci", responder)}: {@code sit}=3 with a unique receiver rand object
 * ({@code sit}=4), {@code sit}=5 by opening the ESPrim object with the checks of C.6 (a refusal is the outer answer's
 * code, unprotected), checking the inner {@code fr} against the key's identity (4116, protected), handing the inner
 * request to the AE's handler and protecting its answer with the same session key. With {@link #withEsCertKe} it also
 * takes {@code sit}=6 (ESCertKE) on the same receiver; without, {@code sit}=6 is 5001.
 */
public final class EsPrimResponder implements NotificationReceiver.Responder {
    private static final Logger LOG = LoggerFactory.getLogger(EsPrimResponder.class);
    private final EsprimReceiver receiver;
    private final IdForms ids;
    private final Function<Request, Response> handler;
    private final NotificationReceiver.Responder escertke;
    private final Clock clock;

    EsPrimResponder(EsprimReceiver receiver, IdForms ids, Function<Request, Response> handler, Clock clock) {
        this(receiver, ids, handler, null, clock);
    }

    private EsPrimResponder(EsprimReceiver receiver, IdForms ids, Function<Request, Response> handler,
                            NotificationReceiver.Responder escertke, Clock clock) {
        this.clock = clock;
        this.receiver = receiver;
        this.ids = ids;
        this.handler = handler;
        this.escertke = escertke;
    }

    /** This responder, handing ESCertKE Messages ({@code sit}=6) to {@code escertke} ({@link EsCertKe#responder}). */
    public EsPrimResponder withEsCertKe(NotificationReceiver.Responder escertke) {
        return new EsPrimResponder(receiver, ids, handler, escertke, clock);
    }

    /**
     * The {@code esi} this AE shows in its {@code <AE>} resource (8.4.2 A): {@code esf} 13 (and 43 with ESCertKE)
     * and its shared receiver rand object, rotated by the engine before it expires; write it again from time to time.
     */
    public ObjectNode e2eSecInfo() {
        List<Integer> esf = new ArrayList<>(List.of(E2eSecInfo.SUID_PROVISIONED_ESPRIM));
        if (escertke != null) {
            esf.add(E2eSecInfo.SUID_CERTIFICATE_ESPRIM);
        }
        return new E2eSecInfo(esf, List.of(), receiver.sharedRandObject()).toJson();
    }

    @Override
    public JsonNode answer(String originator, String rqi, JsonNode content) {
        if (EsCertKeMessage.isEsCertKe(content)) {
            if (escertke == null) {
                throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "m2m:seci.sit 6: this AE is no "
                        + "ESCertKE end-point");
            }
            return escertke.answer(originator, rqi, content);
        }
        SecurityInfo seci = SecurityInfo.fromJson(content, clock.instant());
        return switch (seci.sit()) {
            case RECEIVER_ESPRIM_RAND_OBJECT_REQUEST ->
                    SecurityInfo.randObjectResponse(receiver.issueRandObject()).toJson();
            case ESPRIM_OBJECT -> esprim(seci.epo());
            default -> throw OneM2MException.badRequest("m2m:seci.sit " + seci.sit().value() + " answers a request; "
                    + "it is not sent to an ESPrim Receiver");
        };
    }

    private JsonNode esprim(String epo) {
        EsprimReceiver.Opened opened = receiver.open(epo); // a refusal is the outer answer's code (C.6a.2)
        Request inner;
        switch (InnerRequestCheck.check(opened, this::canonical)) {
            case InnerRequestCheck.Accepted a -> inner = a.request();
            case InnerRequestCheck.Refused r -> {
                Response error = Response.error(r.reason());
                return protect(opened, r.request() == null ? error : error.withRequest(r.request(), null));
            }
        }
        Response answer;
        try {
            answer = handler.apply(inner);
        } catch (OneM2MException e) {
            answer = Response.error(e);
        } catch (RuntimeException e) {
            LOG.warn("the ESPrim handler failed on {}", inner.rqi(), e);
            answer = Response.error(ResponseStatusCode.INTERNAL_SERVER_ERROR, "the receiver could not process the "
                    + "request");
        }
        if (answer.rqi() == null) {
            answer = answer.withRequest(inner, null);
        }
        return protect(opened, answer);
    }

    private static JsonNode protect(EsprimReceiver.Opened opened, Response inner) {
        return SecurityInfo.esprimObject(opened.protect(InnerPrimitives.responseBytes(inner), EsprimHeader.JSON))
                .toJson();
    }

    private String canonical(String id) {
        String n = id == null ? null : ids.normalize(id);
        return n == null ? (id == null ? "" : id) : n;
    }
}
