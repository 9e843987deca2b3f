package io.bastion.security.escertke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The ESCertKE Message in m2m:seci (TS-0004 6.3.5.48, sit 6 with eckm): serialized, parsed, malformed ones named. */
class EsCertKeMessageTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roundTripsAsSeciSit6WithBase64Eckm() throws Exception {
        EsCertKeMessage m = new EsCertKeMessage(new byte[] {22, 3, 3, 0, 1, 1});
        JsonNode c = m.toContent();
        assertThat(c.toString()).isEqualTo("{\"m2m:seci\":{\"sit\":6,\"eckm\":\"FgMDAAEB\"}}");
        assertThat(EsCertKeMessage.fromContent(JSON.readTree(c.toString()))).isEqualTo(m);
        assertThat(EsCertKeMessage.isEsCertKe(c)).isTrue();
        assertThat(EsCertKeMessage.isEsCertKe(JSON.readTree("{\"m2m:seci\":{\"sit\":5}}"))).isFalse();
        // xs:base64Binary allows white space
        assertThat(EsCertKeMessage.fromContent(JSON.readTree("{\"m2m:seci\":{\"sit\":6,\"eckm\":\"FgMD\\nAAEB\"}}")))
                .isEqualTo(m);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'null'                                               | nothing else",
        "'{\"m2m:sgn\":{}}'                                   | nothing else",
        "'{\"m2m:seci\":{\"sit\":6,\"eckm\":\"AA==\"},\"x\":1}' | nothing else",
        "'{\"m2m:seci\":[]}'                                  | must be an object",
        "'{\"m2m:seci\":{\"eckm\":\"AA==\"}}'                 | m2m:seci.sit: missing",
        "'{\"m2m:seci\":{\"sit\":\"6\",\"eckm\":\"AA==\"}}'   | m2m:seci.sit: must be an integer",
        "'{\"m2m:seci\":{\"sit\":5,\"eckm\":\"AA==\"}}'       | 5 is not an ESCertKE Message",
        "'{\"m2m:seci\":{\"sit\":6}}'                         | m2m:seci.eckm: missing",
        "'{\"m2m:seci\":{\"sit\":6,\"eckm\":7}}'              | must be a base64 string",
        "'{\"m2m:seci\":{\"sit\":6,\"eckm\":\"%%%\"}}'        | not base64",
        "'{\"m2m:seci\":{\"sit\":6,\"eckm\":\"\"}}'           | at least one TLS record",
        "'{\"m2m:seci\":{\"sit\":6,\"eckm\":\"AA==\",\"epo\":\"x\"}}' | not allowed with sit 6: epo",
    })
    void malformedContentIsA4000NamingTheElement(String json, String reason) throws Exception {
        JsonNode c = JSON.readTree(json);
        assertThatThrownBy(() -> EsCertKeMessage.fromContent(c))
                .isInstanceOfSatisfying(EsCertKeException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST))
                .hasMessageContaining(reason);
    }

    @Test
    void aMessageIsBounded() throws Exception {
        byte[] big = new byte[EsCertKeMessage.MAX_BYTES + 1];
        String json = "{\"m2m:seci\":{\"sit\":6,\"eckm\":\"" + Base64.getEncoder().encodeToString(big) + "\"}}";
        assertThatThrownBy(() -> EsCertKeMessage.fromContent(JSON.readTree(json)))
                .isInstanceOf(EsCertKeException.class).hasMessageContaining("more than the 32768");
        String huge = "{\"m2m:seci\":{\"sit\":6,\"eckm\":\"" + "A".repeat(200_000) + "\"}}";
        assertThatThrownBy(() -> EsCertKeMessage.fromContent(JSON.readTree(huge)))
                .isInstanceOf(EsCertKeException.class).hasMessageContaining("longer than");
        assertThat(new EsCertKeMessage(new byte[EsCertKeMessage.MAX_BYTES]).records()).hasSize(32768);
    }
}
