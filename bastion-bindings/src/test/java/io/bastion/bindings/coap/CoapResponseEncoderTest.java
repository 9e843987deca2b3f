package io.bastion.bindings.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.ContentStatus;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP;
import org.junit.jupiter.api.Test;

class CoapResponseEncoderTest {
    private final Codecs codecs = new Codecs();

    private JsonNode created() {
        return codecs.json().decode("{\"m2m:cnt\":{\"rn\":\"box\",\"ri\":\"cnt1\"}}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theOneM2mOptionsCarryTheParametersInTheUsualForm() {
        Response rs = Response.of(ResponseStatusCode.CREATED, created()).withLocation("/id-in/cnt1");
        org.eclipse.californium.core.coap.Response coap = CoapResponseEncoder.encode(rs, Operation.CREATE, "r1", "3",
                codecs.json(), ContentFormats.JSON);
        assertThat(coap.getCode()).isEqualTo(CoAP.ResponseCode.CREATED);
        assertThat(coap.getOptions().getOtherOption(OneM2mOptions.RSC).getIntegerValue()).isEqualTo(2001);
        assertThat(coap.getOptions().getOtherOption(OneM2mOptions.RQI).getStringValue()).isEqualTo("r1");
        assertThat(coap.getPayloadString()).startsWith("{\"m2m:cnt\"");
    }

    @Test
    void aResponsePrimitiveAskedForCarriesEverythingInThePayloadAndNoCriticalOption() {
        Response rs = Response.of(ResponseStatusCode.CREATED, created()).withLocation("/id-in/cnt1")
                .withOt("20261231T000000").withAti(List.of(new Response.LocalTokenId("lt1", "tk1")));
        org.eclipse.californium.core.coap.Response coap = CoapResponseEncoder.encode(rs, Operation.CREATE, "r1", "3",
                codecs.json(), 10009);
        assertThat(coap.getCode()).isEqualTo(CoAP.ResponseCode.CREATED);
        assertThat(coap.getOptions().getContentFormat()).isEqualTo(10009);
        assertThat(coap.getOptions().getLocationPath()).containsExactly("~", "id-in", "cnt1");
        // every oneM2M option number is odd, i.e. critical (RFC 7252 5.4.6): a client that does not know it rejects
        assertThat(coap.getOptions().asSortedList()).allMatch(o -> o.getNumber() < 256);
        JsonNode p = codecs.json().decode(coap.getPayload());
        assertThat(p.path("rsc").asInt()).isEqualTo(2001);
        assertThat(p.path("rqi").asText()).isEqualTo("r1");
        assertThat(p.path("rvi").asText()).isEqualTo("3");
        assertThat(p.path("ot").asText()).isEqualTo("20261231T000000");
        assertThat(p.path("ati").path("ltia").get(0).path("tkid").asText()).isEqualTo("tk1");
        assertThat(p.path("pc").path("m2m:cnt").path("rn").asText()).isEqualTo("box");
    }

    @Test
    void aPartialContentSaysSoInThePrimitive() {
        Response rs = Response.of(ResponseStatusCode.OK, created()).withPartialContent(101);
        JsonNode p = codecs.json().decode(CoapResponseEncoder.encode(rs, Operation.RETRIEVE, "r3", "3",
                codecs.json(), 10009).getPayload());
        assertThat(p.path("cnst").asInt()).isEqualTo(ContentStatus.PARTIAL_CONTENT.code());
        assertThat(p.path("cnot").asInt()).isEqualTo(101);
    }

    @Test
    void aRefusalAsAResponsePrimitiveHasItsStatusAndReason() {
        org.eclipse.californium.core.coap.Response coap = CoapResponseEncoder.encode(
                Response.error(ResponseStatusCode.NOT_FOUND, "no such resource"), Operation.RETRIEVE, "r2", null,
                codecs.forContentType("application/cbor"), 10013);
        assertThat(coap.getCode()).isEqualTo(CoAP.ResponseCode.NOT_FOUND);
        JsonNode p = codecs.forContentType("application/cbor").decode(coap.getPayload());
        assertThat(p.path("rsc").asInt()).isEqualTo(4004);
        assertThat(p.path("pc").path("m2m:dbg").asText()).isEqualTo("no such resource");
        assertThat(p.has("rvi")).isFalse();
    }
}
