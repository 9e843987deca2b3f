package io.bastion.cse.pipeline;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.primitive.ResultContent;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.RequestContext;
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
                throw OneM2MException.badRequest("a " + type.get().name() + " cannot be created");
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
        if (rq.op() != Operation.CREATE && rq.op() != Operation.NOTIFY && rq.op() != Operation.UPDATE
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
        if (rq.rt() != null && rq.rt() != 3) {
            throw new OneM2MException(ResponseStatusCode.NON_BLOCKING_SYNCH_REQUEST_NOT_SUPPORTED,
                    "only blocking requests (rt=3) are served");
        }
        if (rq.oet() != null) {
            throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED,
                    "operationExecutionTime (oet) is not supported by this CSE");
        }
        if (rq.rqet() != null
                && !Timestamps.parseAbsRel(rq.rqet(), clock.instant(), "rqet").isAfter(clock.instant())) {
            throw new OneM2MException(ResponseStatusCode.REQUEST_TIMEOUT, "request expiration timestamp has passed");
        }
        return next.proceed(x);
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
