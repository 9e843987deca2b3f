package io.bastion.cse.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code <request>} keeps what rebuilds its request after a restart, and never the tokens. */
class RequestRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void theStoredRequestRebuildsThePrimitiveWithoutItsTokensOrResponseType() throws Exception {
        FilterCriteria fc = new FilterCriteria(1, 2, NOW, null, null, NOW.plusSeconds(5), 3, null, null, null,
                List.of("a", "b"), List.of(3, 4), "x", 10, null, 5, 2, 1, null,
                List.of(new AttributeCondition("api", "N*")));
        Request rq = Request.builder(Operation.RETRIEVE, "cse-in/ae/cnt").fr("Cae").rqi("r1").rvi("3").rt(2)
                .rtu(List.of()).rcn(8).drt(2).rset("60000").rp("PT1H").ec("2").fc(fc).rids(List.of("role1"))
                .tkns(List.of("secret.jwt")).tids(List.of("tk1")).ltids(List.of("lt1")).tqi(true).vsi("v").build();
        Resource req = RequestRecord.create("req1", "cb", "cse-in", rq, "Cae",
                ResponseStatusCode.ACCEPTED_NON_BLOCKING_REQUEST_ASYNCH, NOW, NOW.plusSeconds(60));

        assertThat(req.attrs().toString()).doesNotContain("secret.jwt").doesNotContain("tk1").doesNotContain("lt1");
        assertThat(req.get("rs").asInt()).isEqualTo(RequestRecord.PENDING);
        assertThat(req.get("ors")).isEqualTo(JSON.readTree("{\"rsc\":1002,\"rqi\":\"r1\"}"));
        assertThat(req.creator()).isEqualTo("Cae");
        assertThat(MetaInformation.notificationTargets(req.get("mi"))).as("present and empty").isEmpty();
        assertThat(MetaInformation.responseType(req.get("mi"))).isEqualTo(2);

        Request back = RequestRecord.request(req);
        assertThat(back.op()).isEqualTo(Operation.RETRIEVE);
        assertThat(back.to()).isEqualTo("cse-in/ae/cnt");
        assertThat(back.fr()).isEqualTo("Cae");
        assertThat(back.rqi()).isEqualTo("r1");
        assertThat(back.rt()).as("performed blocking").isNull();
        assertThat(back.rtu()).isNull();
        assertThat(back.fc()).isEqualTo(fc);
        assertThat(back.rcn()).isEqualTo(8);
        assertThat(back.drt()).isEqualTo(2);
        assertThat(back.rset()).isEqualTo("60000");
        assertThat(back.rp()).isEqualTo("PT1H");
        assertThat(back.ec()).isEqualTo("2");
        assertThat(back.rids()).containsExactly("role1");
        assertThat(back.tqi()).isTrue();
        assertThat(back.vsi()).isEqualTo("v");
        assertThat(back.tkns()).isEmpty();
        assertThat(back.tids()).isEmpty();
        assertThat(back.ltids()).isEmpty();
    }

    @Test
    void absentNotificationTargetsStayAbsent() {
        Request rq = Request.builder(Operation.DELETE, "cse-in/x").fr("Cae").rqi("r2").rvi("3").rt(1).build();
        Resource req = RequestRecord.create("req2", "cb", "cse-in", rq, "Cae",
                ResponseStatusCode.ACCEPTED_NON_BLOCKING_REQUEST_SYNCH, NOW, NOW.plusSeconds(60));
        assertThat(MetaInformation.notificationTargets(req.get("mi"))).isNull();
        assertThat(req.get("pc")).isNull();
        assertThat(RequestRecord.request(req).fc()).isEqualTo(FilterCriteria.none());
    }

    @Test
    void anErrorIsFailedAndAResultCompleted() {
        assertThat(RequestRecord.statusOf(ResponseStatusCode.CREATED)).isEqualTo(RequestRecord.COMPLETED);
        assertThat(RequestRecord.statusOf(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE))
                .isEqualTo(RequestRecord.FAILED);
        Request rq = Request.builder(Operation.RETRIEVE, "cse-in/x").fr("Cae").rqi("r3").rset("5").ec("3").build();
        Response r = Response.error(ResponseStatusCode.NOT_FOUND, "gone").withOt("20260101T100000");
        assertThat(RequestRecord.operationResult(r, rq).toString())
                .isEqualTo("{\"rsc\":4004,\"rqi\":\"r3\",\"pc\":{\"m2m:dbg\":\"gone\"},\"to\":\"Cae\","
                        + "\"ot\":\"20260101T100000\",\"rset\":\"5\",\"ec\":\"3\"}");
    }
}
