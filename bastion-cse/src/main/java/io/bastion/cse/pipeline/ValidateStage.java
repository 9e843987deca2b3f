package io.bastion.cse.pipeline;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.primitive.ResultContent;
import io.bastion.core.resource.AttributeList;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.notification.EventCategory;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.timing.RequestTimes;
import java.time.Clock;
import java.util.Optional;
import io.bastion.core.text.Excerpt;

/**
 * Checks the request primitive itself (stage 1, TS-0004 7.3.2.1): mandatory parameters, release version,
 * resource type (one a request may create), result content per operation ({@link ResultContent}), and the
 * time-related parameters.
 */
public final class ValidateStage implements Stage {
    private static final int MAX_RQI = 1024;

    private final CseConfig config;
    private final Clock clock;

    public ValidateStage(CseConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Request rq = x.request();
        if (rq.op() == null) {
            throw OneM2MException.badRequest("missing operation (op)");
        }
        if (rq.rqi() == null || rq.rqi().isEmpty()) {
            throw OneM2MException.badRequest("missing request identifier (rqi / X-M2M-RI)");
        }
        if (rq.rqi().length() > MAX_RQI) {
            throw OneM2MException.badRequest("request identifier longer than " + MAX_RQI + " characters");
        }
        checkRelease(rq.rvi());
        boolean aeCreate = rq.op() == Operation.CREATE && rq.ty() != null && rq.ty() == ResourceTypes.AE;
        if (rq.originator().isEmpty() && !aeCreate) {
            throw OneM2MException.badRequest("missing originator (fr / X-M2M-Origin)");
        }
        if (rq.op() == Operation.CREATE) {
            if (rq.ty() == null) {
                throw OneM2MException.badRequest("CREATE without resource type (ty)");
            }
            Optional<ResourceType> type = ResourceTypes.byTy(rq.ty());
            if (type.isPresent() && !type.get().creatable()) {
                // Made by the CSE only: OPERATION_NOT_ALLOWED, as TS-0004 says of each such type it describes
                // (<request> 7.4.12.2.1, <execInstance>, <pollingChannelURI>).
                throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                        "a " + type.get().name() + " is made by the CSE only and cannot be created by a request");
            }
            if (type.isEmpty()) {
                if (isDefinedType(rq.ty())) {
                    throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED,
                            "resource type " + rq.ty() + " is not implemented by this CSE");
                }
                throw OneM2MException.badRequest("invalid resource type " + rq.ty());
            }
            if (rq.fc().hasConditions() || rq.fc().fu() != null) {
                throw OneM2MException.badRequest("filter criteria are not allowed in a CREATE");
            }
        } else if (rq.ty() != null) {
            throw OneM2MException.badRequest("resource type (ty) is only allowed in a CREATE");
        }
        if (rq.op() == Operation.RETRIEVE && AttributeList.of(rq.pc()) != null) {
            checkPartialRetrieve(rq);
        } else if (rq.op() != Operation.CREATE && rq.op() != Operation.NOTIFY && rq.op() != Operation.UPDATE
                && rq.pc() != null && !rq.pc().isNull() && !rq.pc().isEmpty()) {
            throw OneM2MException.badRequest(rq.op() + " requests carry no content");
        }
        if (rq.fc().fu() != null && rq.fc().fu() != 1 && rq.fc().fu() != 2) {
            throw OneM2MException.badRequest("invalid filterUsage (fu) " + rq.fc().fu());
        }
        if (rq.fc().fo() != null && rq.fc().fo() != 1 && rq.fc().fo() != 2) {
            throw OneM2MException.badRequest("invalid filterOperation (fo) " + rq.fc().fo());
        }
        ResultContent.of(rq); // 4000 for a value the operation does not accept
        checkResponseType(rq);
        // rqet, rset and oet: well-formed, not passed, in order (RequestTimes); the wait for oet is OperationTimeStage's.
        RequestTimes.of(rq, x.received()).checkOnReceipt(x.received());
        if (rq.ec() != null) {
            EventCategory.check(rq.ec());
        }
        return next.proceed(x);
    }

    /**
     * The response type (TS-0004 6.3.4.2.6, 6.3.5.30): 1 nonBlockingRequestSynch and 2 nonBlockingRequestAsynch are
     * accepted by the non-blocking stage after the authorization, 3 blockingRequest and 4 flexBlocking are served
     * blocking; 5 noResponse "shall only be used for procedures related to 3GPP Interworking" (TS-0026), which this
     * CSE does not implement (5001, 7.3.2.1). Notification targets ({@code rtu}) belong to 2, and to 4 (TS-0001 8.1.2).
     */
    private static void checkResponseType(Request rq) {
        Integer rt = rq.rt();
        if (rt != null && (rt < 1 || rt > 5)) {
            throw OneM2MException.badRequest("invalid responseType (rt) " + rt + ": 1 nonBlockingRequestSynch,"
                    + " 2 nonBlockingRequestAsynch, 3 blockingRequest, 4 flexBlocking, 5 noResponse");
        }
        if (rt != null && rt == 5) {
            throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "responseType noResponse (rt=5) belongs"
                    + " to 3GPP interworking (TS-0026), which this CSE does not implement");
        }
        if (rq.rtu() != null && (rt == null || (rt != 2 && rt != 4))) {
            throw OneM2MException.badRequest("notification targets of the responseType (rtu) are given with rt=2"
                    + " (nonBlockingRequestAsynch) or rt=4 (flexBlocking) only");
        }
    }

    /**
     * A partial RETRIEVE (TS-0004 7.3.3.6 case 1: the attributes its attribute list names) is a RETRIEVE of the
     * resource's attributes: not a discovery, and with no result content but attributes (rcn 1), since the other
     * values of a RETRIEVE (4, 5, 6, 8) add child resources, which are no attributes of it.
     */
    private static void checkPartialRetrieve(Request rq) {
        if (rq.isDiscovery()) {
            throw OneM2MException.badRequest("an attribute list (atrl) is not used in a discovery (fu=1)");
        }
        if (rq.rcn() != null && rq.rcn() != ResultContent.ATTRIBUTES.code()) {
            throw OneM2MException.badRequest("an attribute list (atrl) retrieves attributes: result content (rcn) "
                    + rq.rcn() + " cannot go with it, only 1 (attributes)");
        }
    }

    /** Resource types TS-0004 table 6.3.4.2.1-1 defines (Release 3), and their announced variants. */
    static boolean isDefinedType(int ty) {
        int base = ty > 10_000 ? ty - 10_000 : ty;
        return base >= 1 && base <= 51 && base != 33;
    }

    private void checkRelease(String rvi) {
        if (rvi == null || rvi.isEmpty()) {
            // Release 1 requests carry no rvi; this CSE serves Release 2a onwards.
            throw new OneM2MException(ResponseStatusCode.RELEASE_VERSION_NOT_SUPPORTED,
                    "missing release version indicator (rvi / X-M2M-RVI): Release 1 is not supported");
        }
        if (!config.supportedReleases().contains(rvi)) {
            throw new OneM2MException(ResponseStatusCode.RELEASE_VERSION_NOT_SUPPORTED,
                    "release version " + Excerpt.of(rvi) + " is not supported; supported: "
                            + String.join(", ", config.supportedReleases()));
        }
    }

}
