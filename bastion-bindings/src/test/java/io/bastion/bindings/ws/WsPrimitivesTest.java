package io.bastion.bindings.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Primitives as WebSocket messages carry them (TS-0004 8.4.2, table 8.2.2-1): read strictly, written back. */
class WsPrimitivesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void aRequestWithEveryParameterIsRead() throws Exception {
        WsPrimitives.Message m = WsPrimitives.read(json("{'op':1,'to':'cse-in/ae','fr':'Cae','rqi':'r1','rvi':'3',"
                + "'ty':4,'pc':{'m2m:cin':{'con':'x'}},'rcn':1,'rt':{'rtv':2,'nu':['Cae']},'rp':'PT1M','drt':2,"
                + "'ot':'20261206T000000','rqet':'PT10S','rset':'PT1M','oet':'PT0S','ec':2,'gid':'g1','vsi':'v',"
                + "'rids':['r'],'tids':['t'],'ltids':['l'],'tkns':['a.b.c'],'tqi':true}"));
        assertThat(m).isInstanceOf(WsPrimitives.Inbound.class);
        assertThat(m.wrapped()).isFalse();
        Request rq = ((WsPrimitives.Inbound) m).request();
        assertThat(rq.op()).isEqualTo(Operation.CREATE);
        assertThat(rq.to()).isEqualTo("cse-in/ae");
        assertThat(rq.fr()).isEqualTo("Cae");
        assertThat(rq.rqi()).isEqualTo("r1");
        assertThat(rq.ty()).isEqualTo(4);
        assertThat(rq.pc().path("m2m:cin").path("con").asText()).isEqualTo("x");
        assertThat(rq.rt()).isEqualTo(2);
        assertThat(rq.rtu()).containsExactly("Cae");
        assertThat(rq.ec()).isEqualTo("2"); // m2m:eventCat is a number; the request keeps it as text, as HTTP does
        assertThat(rq.tkns()).containsExactly("a.b.c");
        assertThat(rq.tqi()).isTrue();
        assertThat(List.of(rq.rp(), rq.drt().toString(), rq.gid(), rq.vsi(), rq.rids().get(0), rq.tids().get(0),
                rq.ltids().get(0), rq.rqet(), rq.rset(), rq.oet(), rq.ot()))
                .containsExactly("PT1M", "2", "g1", "v", "r", "t", "l", "PT10S", "PT1M", "PT0S", "20261206T000000");
    }

    @Test
    void theRootMembersOfTheXmlFormAreReadAndAnsweredTheSameWay() throws Exception {
        WsPrimitives.Message rq = WsPrimitives.read(json("{'m2m:rqp':{'op':2,'to':'cse-in','fr':'C','rqi':'w'}}"));
        assertThat(rq.wrapped()).isTrue();
        JsonNode answer = WsPrimitives.write(Response.of(ResponseStatusCode.OK, null), "w", "3", true);
        assertThat(answer.path("m2m:rsp").path("rsc").asInt()).isEqualTo(2000);
        assertThat(answer.path("m2m:rsp").path("rqi").asText()).isEqualTo("w");
        WsPrimitives.Message rs = WsPrimitives.read(json("{'m2m:rsp':{'rsc':2001,'rqi':'n1'}}"));
        assertThat(((WsPrimitives.Answer) rs).response().rsc()).isEqualTo(ResponseStatusCode.CREATED);
    }

    @Test
    void filterCriteriaGoThroughTheSameRulesAsTheHttpQuery() throws Exception {
        Request rq = ((WsPrimitives.Inbound) WsPrimitives.read(json("{'op':2,'to':'cse-in','rqi':'f',"
                + "'fc':{'fu':1,'ty':[3,4],'lbl':['a+b','c&d=e'],'lim':10,'atr':[{'nm':'con','val':'on'}]}}")))
                .request();
        assertThat(rq.isDiscovery()).isTrue();
        assertThat(rq.fc().ty()).containsExactly(3, 4);
        assertThat(rq.fc().lbl()).containsExactly("a+b", "c&d=e"); // '+', '&', '=' stay values
        assertThat(rq.fc().lim()).isEqualTo(10);
        assertThat(rq.fc().atr()).hasSize(1);
        assertThat(rq.fc().atr().get(0).name()).isEqualTo("con");
    }

    @Test
    void percentEncodingLeavesOnlyUnreservedCharacters() {
        for (String s : List.of("a+b", "c&d=e", "ü/ %", "x~y.z_-")) {
            String e = WsPrimitives.encode(s);
            assertThat(e).matches("[A-Za-z0-9._~%-]*");
            assertThat(URLDecoder.decode(e, StandardCharsets.UTF_8)).isEqualTo(s); // an independent decoder
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "[]|4000|one request or response primitive",
        "{'x':1}|4000|neither a request",
        "{'op':2,'to':'a'}|4000|rqi",
        "{'op':2,'rqi':'r'}|4000|to",
        "{'op':0,'to':'a','rqi':'r'}|4000|op 0",
        "{'op':2.5,'to':'a','rqi':'r'}|4000|op must be",
        "{'op':2,'to':5,'rqi':'r'}|4000|to must be a string",
        "{'op':2,'to':'a','rqi':'r','ty':-1}|4000|ty must be",
        "{'op':2,'to':'a','rqi':'r','rt':{'rtv':2,'x':1}}|4000|rt.x",
        "{'op':2,'to':'a','rqi':'r','rt':{'nu':[]}}|4000|rt.rtv is mandatory",
        "{'op':2,'to':'a','rqi':'r','rids':'r1'}|4000|rids must be a list",
        "{'op':2,'to':'a','rqi':'r','tqi':'yes'}|4000|tqi must be a boolean",
        "{'op':2,'to':'a','rqi':'r','fc':[1]}|4000|fc (filter criteria) must be an object",
        "{'op':2,'to':'a','rqi':'r','fc':{'drt':1}}|4000|fc.drt is a request parameter",
        "{'op':2,'to':'a','rqi':'r','fc':{'lbl':[{'a':1}]}}|4000|must list plain values",
        "{'op':2,'to':'a','rqi':'r','fc':{'zz':1}}|4000|unknown query parameter 'zz'",
        "{'op':2,'to':'a','rqi':'r','sqi':true}|5001|'sqi'",
        "{'op':2,'to':'a','rqi':'r','aus':[]}|5001|'aus'",
        "{'op':2,'to':'a','rqi':'r','hello':1}|4000|unknown request parameter 'hello'",
        "{'rsc':1234,'rqi':'r'}|4000|1234 is not a response status code",
        "{'rsc':2000}|4000|rqi of a response primitive",
        "{'m2m:rqp':5}|4000|m2m:rqp must be an object",
    })
    void malformedPrimitivesAreRefusedNamingWhatIsWrong(String message, int rsc, String reason) throws Exception {
        assertThatThrownBy(() -> WsPrimitives.read(json(message)))
                .isInstanceOfSatisfying(OneM2MException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(rsc);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void aBrokenResponseIsToldFromABrokenRequest() throws Exception {
        assertThat(WsPrimitives.isResponse(json("{'rsc':1234,'rqi':'r'}"))).isTrue();
        assertThat(WsPrimitives.isResponse(json("{'m2m:rsp':{'rsc':'x'}}"))).isTrue();
        assertThat(WsPrimitives.isResponse(json("{'op':9,'rsc':1}"))).isFalse();
        assertThat(WsPrimitives.isResponse(json("[1]"))).isFalse();
    }

    @Test
    void aResponseIsWrittenWithTheNamesOfTable822() {
        Response rs = new Response(ResponseStatusCode.CREATED, null, JSON.createObjectNode().put("x", 1), "Cae",
                "/id-in", null, "20261206T000000", "cse-in/x", List.of(new Response.LocalTokenId("l1", "t1")));
        JsonNode p = WsPrimitives.write(rs, "r9", "4", false);
        assertThat(p.path("rsc").asInt()).isEqualTo(2001);
        assertThat(p.path("rqi").asText()).isEqualTo("r9");
        assertThat(p.path("rvi").asText()).isEqualTo("4");
        assertThat(p.path("to").asText()).isEqualTo("Cae");
        assertThat(p.path("fr").asText()).isEqualTo("/id-in");
        assertThat(p.path("ati").path("ltia").get(0).path("lti").asText()).isEqualTo("l1");
        assertThat(p.has("m2m:rsp")).isFalse();
    }

    @Test
    void aNotifyIsWrittenAsARequestPrimitiveTheReaderReadsBack() {
        Request n = Request.builder(Operation.NOTIFY, "Cae").fr("/id-in").rqi("n1").rvi("3")
                .pc(JSON.createObjectNode().set("m2m:sgn", JSON.createObjectNode().put("vrq", true))).build();
        Request back = ((WsPrimitives.Inbound) WsPrimitives.read(WsPrimitives.write(n))).request();
        assertThat(back.op()).isEqualTo(Operation.NOTIFY);
        assertThat(back.to()).isEqualTo("Cae");
        assertThat(back.pc()).isEqualTo(n.pc());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "oneM2M.json|JSON",
        "oneM2M.cbor|CBOR",
        "chat, oneM2M.cbor, oneM2M.json|CBOR",
        "oneM2M.JSON|",
        "chat|",
    })
    void theFirstServedSubprotocolInTheClientsOrderIsChosen(String offer, String chosen) {
        Subprotocol s = Subprotocol.choose(List.of(offer), new Codecs());
        assertThat(s == null ? null : s.name()).isEqualTo(chosen);
    }

    @Test
    void doorsAreNamedAfterTheDoorTheyUpgrade() {
        assertThat(WsConnection.doorOf("http")).isEqualTo("ws");
        assertThat(WsConnection.doorOf("https")).isEqualTo("wss");
        assertThat(WsConnection.doorOf("psk")).isEqualTo("wss-psk");
    }
}
