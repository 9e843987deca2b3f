package io.bastion.cse.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.wire.RequestPrimitives;
import java.nio.charset.StandardCharsets;

/**
 * The primitives a polling channel carries as content (TS-0004 7.2.1.2, table 7.5.2-2 note 7; 7.5.1.2.7): a waiting
 * request as {@code m2m:rqp} in a poll's response, and the AE's answer as {@code m2m:rsp} in its NOTIFY to
 * {@code pcu}; short names as in every other content (TS-0004 8.2.3; the parameters of tables 6.4.1-1 and 6.4.2-1).
 */
final class Primitives {
    private static final int MAX_RQI = 1024;

    private Primitives() {
    }

    /**
     * The request primitive as the AE receives it: the parameters it needs to act and answer (op, to, fr, rqi, rvi,
     * pc, and ty, rcn, ot, rqet, ec, drt when given). Tokens are left out: they were the originator's to this CSE,
     * which already decided the request.
     */
    static ObjectNode requestPrimitive(Request rq) {
        return RequestPrimitives.write(rq).retain("op", "to", "fr", "rqi", "rvi", "ty", "pc", "rcn", "drt", "ot",
                "rqet", "ec");
    }

    /** Its size as the mailbox counts it: the UTF-8 bytes of its JSON. */
    static int size(ObjectNode rqp) {
        return rqp.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The AE's answer in a NOTIFY to {@code pcu}: {@code {"m2m:rsp": {"rsc": …, "rqi": …, "pc": …}}} (TS-0004
     * 7.5.1.2.7). {@code rsc} must be a response status code of TS-0004 and {@code rqi} name the request answered.
     *
     * @throws OneM2MException 4000 naming what is missing or wrong
     */
    static Answer answer(JsonNode pc) {
        JsonNode rsp = pc == null || !pc.isObject() || pc.size() != 1 ? null : pc.get("m2m:rsp");
        if (rsp == null || !rsp.isObject()) {
            throw OneM2MException.badRequest("a NOTIFY to a pollingChannelURI carries the AE's response as m2m:rsp "
                    + "and nothing else (TS-0004 7.5.1.2.7)");
        }
        JsonNode rsc = rsp.get("rsc");
        if (rsc == null || !rsc.canConvertToInt() || !rsc.isIntegralNumber()) {
            throw OneM2MException.badRequest("m2m:rsp.rsc must be a response status code");
        }
        ResponseStatusCode status;
        try {
            status = ResponseStatusCode.fromCode(rsc.intValue());
        } catch (RuntimeException e) {
            throw OneM2MException.badRequest("m2m:rsp.rsc " + rsc.intValue() + " is not a response status code");
        }
        JsonNode rqi = rsp.get("rqi");
        if (rqi == null || !rqi.isTextual() || rqi.asText().isEmpty() || rqi.asText().length() > MAX_RQI) {
            throw OneM2MException.badRequest("m2m:rsp.rqi must name the request answered (TS-0001 10.2.5.19)");
        }
        JsonNode content = rsp.get("pc");
        return new Answer(rqi.asText(), Response.of(status, content == null || content.isNull() ? null : content));
    }

    /** The AE's answer: which request, and the response its requester gets. */
    record Answer(String rqi, Response response) {
    }
}
