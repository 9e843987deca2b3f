package io.bastion.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request and response primitives as whole objects (TS-0004 6.4.1, 6.4.2, 8.4; TS-0010 6.5 examples). */
class PrimitivesTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void theRequestExampleOfTs0010IsRead() throws Exception {
        // TS-0010 figure 6.5.1-1 (ot quoted: the figure's bare timestamp is no JSON)
        Request rq = RequestPrimitives.read(json("{\"op\": 1, \"to\": \"//xxxxx/2345\", \"fr\": \"//xxxxx/99\","
                + " \"rqi\": \"A1234\", \"ty\": 18, \"pc\": {\"m2m:sch\":{\"rn\":\"schedule1\", \"se\":{\"sce\":"
                + "[\"* 0-5 2,6,10 * * * *\"]}}}, \"ot\": \"20150910T062032\"}"));
        assertThat(rq.op()).isEqualTo(Operation.CREATE);
        assertThat(rq.to()).isEqualTo("//xxxxx/2345");
        assertThat(rq.fr()).isEqualTo("//xxxxx/99");
        assertThat(rq.rqi()).isEqualTo("A1234");
        assertThat(rq.ty()).isEqualTo(18);
        assertThat(rq.pc().at("/m2m:sch/rn").asText()).isEqualTo("schedule1");
        assertThat(rq.ot()).isEqualTo("20150910T062032");
    }

    @Test
    void everyParameterSurvivesWritingAndReading() throws Exception {
        Request rq = RequestPrimitives.read(json("{\"op\":2,\"to\":\"cse-in/c\",\"fr\":\"Cae\",\"rqi\":\"r1\","
                + "\"rvi\":\"3\",\"rcn\":4,\"rt\":{\"rtv\":3,\"nu\":[\"Cae\"]},\"rp\":\"PT1M\",\"drt\":2,"
                + "\"fc\":{\"fu\":1,\"ty\":[3,4],\"lbl\":[\"a\",\"b\"],\"cra\":\"20260101T000000\",\"lim\":5,"
                + "\"atr\":[{\"nm\":\"rn\",\"val\":\"x*\"}]},\"rqet\":\"20300101T000000\",\"ec\":2,\"gid\":\"g\","
                + "\"vsi\":\"v\",\"rids\":[\"r\"],\"tkns\":[\"t\"],\"tids\":[\"i\"],\"ltids\":[\"l\"],\"tqi\":true}"));
        Request again = RequestPrimitives.read(RequestPrimitives.write(rq));
        assertThat(again).usingRecursiveComparison().isEqualTo(rq);
        assertThat(rq.fc().ty()).containsExactly(3, 4);
        assertThat(rq.fc().cra()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(rq.fc().atr()).hasSize(1);
        assertThat(rq.rtu()).containsExactly("Cae");
        assertThat(rq.ec()).isEqualTo("2");
        assertThat(rq.tqi()).isTrue();
    }

    @Test
    void aWrappedPrimitiveIsReadAsItsContent() throws Exception {
        Request rq = RequestPrimitives.read(
                json("{\"m2m:rqp\":{\"op\":2,\"to\":\"cse-in\",\"fr\":\"C\",\"rqi\":\"1\"}}"));
        assertThat(rq.op()).isEqualTo(Operation.RETRIEVE);
        Response r = ResponsePrimitives.read(json("{\"m2m:rsp\":{\"rsc\":2000,\"rqi\":\"1\"}}"));
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1,2]|not a request primitive",
            "\"text\"|not a request primitive",
            "{\"to\":\"x\"}|no operation",
            "{\"op\":9}|not an operation",
            "{\"op\":\"1\"}|op must be",
            "{\"op\":-1}|op must be",
            "{\"op\":2,\"to\":5}|to must be a string",
            "{\"op\":2,\"fr\":{}}|fr must be a string",
            "{\"op\":2,\"ty\":1.5}|ty must be",
            "{\"op\":2,\"rcn\":99999999999}|rcn must be",
            "{\"op\":2,\"rt\":\"x\"}|rt must be",
            "{\"op\":2,\"rt\":{\"zz\":1}}|unknown member rt.zz",
            "{\"op\":2,\"fc\":[]}|fc (filterCriteria) must be an object",
            "{\"op\":2,\"fc\":{\"zz\":1}}|unknown filter condition fc.zz",
            "{\"op\":2,\"fc\":{\"cra\":\"yesterday\"}}|cra",
            "{\"op\":2,\"fc\":{\"atr\":[{\"nm\":\"ty\",\"val\":2}]}}|may not be used",
            "{\"op\":2,\"tqi\":\"yes\"}|tqi must be true or false",
            "{\"op\":2,\"rids\":[1]}|rids must be a string",
            "{\"op\":2,\"nope\":1}|unknown request parameter nope"})
    void aMalformedRequestPrimitiveIs4000NamingWhatIsWrong(String primitive, String message) throws Exception {
        assertThatThrownBy(() -> RequestPrimitives.read(json(primitive))).isInstanceOf(OneM2MException.class)
                .satisfies(e -> assertThat(((OneM2MException) e).status()).isEqualTo(ResponseStatusCode.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    @Test
    void aFilterThisCseDoesNotEvaluateIs5001() throws Exception {
        assertThatThrownBy(() -> RequestPrimitives.read(json("{\"op\":2,\"fc\":{\"smf\":\"x\"}}")))
                .isInstanceOf(OneM2MException.class)
                .satisfies(e -> assertThat(((OneM2MException) e).status())
                        .isEqualTo(ResponseStatusCode.NOT_IMPLEMENTED));
    }

    @Test
    void theResponseExampleOfTs0010IsReadAndWrittenBack() throws Exception {
        JsonNode example = json("{\"rsc\": 2000, \"rqi\": \"A1234\", \"pc\": {\"m2m:sch\":{\"se\":{\"sce\":"
                + "[\"* 0-5 2,6,10 * * * *\"]}}}, \"to\": \"//xxxxx/2345\", \"fr\": \"//xxxxx/99\"}");
        Response r = ResponsePrimitives.read(example);
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(ResponsePrimitives.write(r)).isEqualTo(example);
    }

    @Test
    void aResponseCarriesItsTokenAssignmentsAndContentStatus() {
        Response r = new Response(ResponseStatusCode.OK, "1", null, "Cae", "/id-in", "3", null, null,
                List.of(new Response.LocalTokenId("l1", "t1"))).withPartialContent(7);
        JsonNode p = ResponsePrimitives.write(r);
        assertThat(p.at("/ati/ltia/0/lti").asText()).isEqualTo("l1");
        assertThat(ResponsePrimitives.read(p)).usingRecursiveComparison().isEqualTo(r);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{}", "{\"rsc\":1234}", "{\"rsc\":\"2000\"}", "[]"})
    void aResponseWithoutAKnownStatusIsRefused(String primitive) throws Exception {
        assertThatThrownBy(() -> ResponsePrimitives.read(json(primitive))).isInstanceOf(OneM2MException.class);
    }
}
