package io.bastion.security.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.wire.RequestPrimitives;
import io.bastion.core.wire.ResponsePrimitives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON serialization of inner primitives (TS-0003 8.4.2 C.2, NOTE 3): a request as {@code {"m2m:rqp":{...}}}
 * and a response as {@code {"m2m:rsp":{...}}}, with the short names of TS-0004 8.2.3. The members are those of every
 * door's primitives ({@link RequestPrimitives}, {@link ResponsePrimitives}): each is checked for its type and one this
 * CSE does not know is refused (4000), because a parameter silently dropped inside a protected request would change
 * its meaning. An inner request must name {@code to} and {@code rqi}, which the outer NOTIFY cannot supply.
 */
public final class InnerPrimitives {
    public static final String RQP = RequestPrimitives.ROOT;
    public static final String RSP = ResponsePrimitives.ROOT;

    private InnerPrimitives() {
    }

    public static byte[] requestBytes(Request rq) {
        return bytes(E2eJson.NODES.objectNode().set(RQP, RequestPrimitives.write(rq)));
    }

    /**
     * Parses an inner request.
     *
     * @throws OneM2MException 4000 naming what is wrong
     */
    public static Request request(byte[] json) {
        Request rq = RequestPrimitives.read(root(json, RQP));
        if (rq.to() == null) {
            throw E2eJson.invalid("the inner primitive's to", "missing");
        }
        if (rq.rqi() == null) {
            throw E2eJson.invalid("the inner primitive's rqi", "missing");
        }
        return rq;
    }

    public static byte[] responseBytes(Response r) {
        return bytes(E2eJson.NODES.objectNode().set(RSP, ResponsePrimitives.write(r)));
    }

    /** Parses an inner response; 4000 naming what is wrong. */
    public static Response response(byte[] json) {
        return ResponsePrimitives.read(root(json, RSP));
    }

    /** The one member {@code root} of the JSON object {@code json}, as it is. */
    private static JsonNode root(byte[] json, String root) {
        JsonNode n;
        try {
            n = E2eJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw OneM2MException.badRequest("the inner primitive is not JSON");
        }
        if (n == null || !n.isObject() || n.size() != 1 || !n.path(root).isObject()) {
            throw OneM2MException.badRequest("the inner primitive must be {\"" + root + "\":{...}}");
        }
        return n.get(root);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return E2eJson.MAPPER.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
