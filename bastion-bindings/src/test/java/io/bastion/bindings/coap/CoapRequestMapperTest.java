package io.bastion.bindings.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Option;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** TS-0008 6.2.1 (methods), table 6.2.2.3-1 (Uri-Path forms) and 6.2.2.4 (oneM2M options) on the receiver side. */
class CoapRequestMapperTest {
    private final CoapRequestMapper mapper = new CoapRequestMapper(new Codecs());

    @ParameterizedTest
    @CsvSource({
        "CSEBase/ae12/cont27/contInst696, CSEBase/ae12/cont27/contInst696",
        "~/CSE178/CSEBase/ae12, /CSE178/CSEBase/ae12",
        "_/mym2msp.org/CSE178/cin00856, //mym2msp.org/CSE178/cin00856",
        "cin00856, cin00856",
    })
    void uriPathFormsGiveTheToOfTable6223(String segments, String to) {
        assertThat(CoapRequestMapper.target(List.of(segments.split("/")))).isEqualTo(to);
    }

    @Test
    void emptyOrBareFormsAreBadRequests() {
        assertThatThrownBy(() -> CoapRequestMapper.target(List.of())).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> CoapRequestMapper.target(List.of("~"))).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> CoapRequestMapper.target(List.of("a/b"))).isInstanceOf(OneM2MException.class);
        // an empty first segment of a form would read as another form ("/x" SP-relative, "//x" absolute)
        assertThatThrownBy(() -> CoapRequestMapper.target(List.of("", "x"))).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> CoapRequestMapper.target(List.of("~", "", "x"))).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> CoapRequestMapper.target(List.of("_", "", "x"))).isInstanceOf(OneM2MException.class);
    }

    @Test
    void otherEmptySegmentsReachTheCseWhichRefusesThemForEveryDoor() {
        assertThat(CoapRequestMapper.target(List.of("cse-in", ""))).isEqualTo("cse-in/");
        assertThat(CoapRequestMapper.target(List.of("cse-in", "", "x"))).isEqualTo("cse-in//x");
        assertThat(CoapRequestMapper.target(List.of("~", "id-in", "cse-in", ""))).isEqualTo("/id-in/cse-in/");
    }

    @Test
    void queryOptionsKeepAmpersandAndPercentInsideTheirValue() {
        assertThat(CoapRequestMapper.query(List.of("rcn=1", "lbl=a&b%", "lbl=c+d")))
                .isEqualTo("rcn=1&lbl=a%26b%25&lbl=c+d");
    }

    @Test
    void locationPathUsesTheUriPathForms() {
        assertThat(CoapResponseEncoder.locationPath("cse-in/ae1")).containsExactly("cse-in", "ae1");
        assertThat(CoapResponseEncoder.locationPath("/id-in/C1")).containsExactly("~", "id-in", "C1");
        assertThat(CoapResponseEncoder.locationPath("//sp/id-in/C1")).containsExactly("_", "sp", "id-in", "C1");
    }

    @Test
    void postWithTyIsCreateAndWithoutIsNotify() {
        org.eclipse.californium.core.coap.Request post = coap(CoAP.Code.POST, "cse-in");
        post.getOptions().addOption(new Option(OneM2mOptions.TY, 2));
        Request create = mapper.map(post);
        assertThat(create.op()).isEqualTo(Operation.CREATE);
        assertThat(create.ty()).isEqualTo(2);
        assertThat(create.fr()).isEqualTo("Cme");
        assertThat(create.rqi()).isEqualTo("r1");
        assertThat(create.rvi()).isEqualTo("4");
        assertThat(create.ec()).isEqualTo("3");
        assertThat(create.rtu()).containsExactly("http://a", "http://b");

        assertThat(mapper.map(coap(CoAP.Code.POST, "cse-in")).op()).isEqualTo(Operation.NOTIFY);
        assertThat(mapper.map(coap(CoAP.Code.GET, "cse-in")).op()).isEqualTo(Operation.RETRIEVE);
        assertThat(mapper.map(coap(CoAP.Code.PUT, "cse-in")).op()).isEqualTo(Operation.UPDATE);
        assertThat(mapper.map(coap(CoAP.Code.DELETE, "cse-in")).op()).isEqualTo(Operation.DELETE);
    }

    @Test
    void aRequestWithoutRqiIsABadRequest() {
        org.eclipse.californium.core.coap.Request get = new org.eclipse.californium.core.coap.Request(CoAP.Code.GET);
        get.getOptions().addUriPath("cse-in");
        assertThatThrownBy(() -> mapper.map(get)).isInstanceOf(OneM2MException.class).hasMessageContaining("RQI");
    }

    private static org.eclipse.californium.core.coap.Request coap(CoAP.Code code, String path) {
        org.eclipse.californium.core.coap.Request r = new org.eclipse.californium.core.coap.Request(code);
        r.getOptions().addUriPath(path);
        r.getOptions().addOption(new Option(OneM2mOptions.FR, "Cme"));
        r.getOptions().addOption(new Option(OneM2mOptions.RQI, "r1"));
        r.getOptions().addOption(new Option(OneM2mOptions.RVI, "4"));
        r.getOptions().addOption(new Option(OneM2mOptions.EC, 3));
        r.getOptions().addOption(new Option(OneM2mOptions.RTURI, "http://a&http://b"));
        return r;
    }
}
