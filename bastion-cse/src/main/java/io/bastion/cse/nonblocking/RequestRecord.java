package io.bastion.cse.nonblocking;

import io.bastion.cse.resource.UniversalAttributes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import java.time.Instant;

/**
 * The attributes of a {@code <request>} resource (TS-0001 9.6.12, TS-0004 tables 7.3.2.2-1, 7.3.2.2-2 and 7.3.2.5-2):
 * made from the accepted request, completed with the result, and read back into the request to run.
 */
final class RequestRecord {
    /** m2m:requestStatus (TS-0004 table 6.3.4.2.10-1). */
    static final int COMPLETED = 1;
    static final int FAILED = 2;
    static final int PENDING = 3;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RequestRecord() {
    }

    /**
     * A new {@code <request>} under the CSEBase for the accepted request {@code rq} of {@code originator}, PENDING,
     * its {@code ors} the acknowledgement. It carries no {@code acpi}: its creator, the originator, alone may use it
     * (with the admin), which is what the policy TS-0004 table 7.3.2.2-1 describes gives the originator.
     */
    static Resource create(String ri, String cseBaseRi, String cseBaseName, Request rq, String originator,
                           ResponseStatusCode ack, Instant now, Instant et) {
        ObjectNode a = JSON.objectNode();
        UniversalAttributes.put(a, ResourceTypes.REQ, ri, ri, cseBaseRi, now, et);
        a.putArray("lbl").add(originator); // table 7.3.2.2-1: labels, the Originator ID
        a.put("st", 0);
        a.put("op", rq.op().code());
        a.put("tg", rq.to());
        a.put("org", rq.originator());
        a.put("rid", rq.rqi());
        a.set("mi", MetaInformation.of(rq));
        if (rq.pc() != null && !rq.pc().isNull()) {
            a.set("pc", rq.pc().deepCopy());
        }
        a.put("rs", PENDING);
        ObjectNode ors = a.putObject("ors");
        ors.put("rsc", ack.code());
        ors.put("rqi", rq.rqi());
        return new Resource(ri, cseBaseRi, ResourceTypes.REQ, cseBaseName + "/" + ri, a, originator, et);
    }

    /** The request a stored {@code <request>} stands for, to run blocking (no response type). */
    static Request request(Resource req) {
        Request.Builder b = Request.builder(Operation.fromCode(req.get("op").asInt()), req.getText("tg"))
                .fr(req.getText("org")).rqi(req.getText("rid"));
        JsonNode mi = req.get("mi");
        if (mi != null && mi.isObject()) {
            MetaInformation.applyTo(mi, b);
        }
        JsonNode pc = req.get("pc");
        if (pc != null && !pc.isNull()) {
            b.pc(pc.deepCopy());
        }
        return b.build();
    }

    /**
     * The {@code ors} of a finished request (m2m:operationResult, TS-0004 table 6.3.5.32-1): the response primitive's
     * elements by short name.
     */
    static ObjectNode operationResult(Response r, Request rq) {
        ObjectNode ors = JSON.objectNode();
        ors.put("rsc", r.rsc().code());
        ors.put("rqi", rq.rqi());
        if (r.pc() != null && !r.pc().isNull()) {
            ors.set("pc", r.pc());
        }
        if (rq.fr() != null) {
            ors.put("to", rq.fr());
        }
        if (r.fr() != null) {
            ors.put("fr", r.fr());
        }
        if (r.ot() != null) {
            ors.put("ot", r.ot());
        }
        if (rq.rset() != null) {
            ors.put("rset", rq.rset());
        }
        if (rq.ec() != null) {
            ors.put("ec", rq.ec());
        }
        if (r.cnst() != null) {
            ors.put("cnst", r.cnst().code());
            if (r.cnot() != null) {
                ors.put("cnot", r.cnot());
            }
        }
        return ors;
    }

    /**
     * COMPLETED for a result the operation produced, FAILED for an error: TS-0004 7.2.2.1 Orig-5.2 has the originator
     * "finish with error" on FAILED, and an error status is such an end; the texts name FAILED only for a transit CSE
     * (table 7.3.2.5-2) and leave a local error open.
     */
    static int statusOf(ResponseStatusCode rsc) {
        return rsc.code() >= 4000 ? FAILED : COMPLETED;
    }
}
