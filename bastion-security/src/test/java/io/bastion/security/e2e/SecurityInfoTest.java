package io.bastion.security.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** m2m:seci for sit 3..6: round trips and every malformed form 4000 naming the element. */
class SecurityInfoTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roundTrips() throws Exception {
        ReceiverRandObject ero = new ReceiverRandObject("Uabc", RandValue.parse("00112233445566778899aabbccddeeff",
                "x"), NOW.plusSeconds(3600), List.of(1), List.of(10, 11, 12));
        for (SecurityInfo s : List.of(SecurityInfo.randObjectRequest(), SecurityInfo.randObjectResponse(ero),
                SecurityInfo.esprimObject("a..b.c.d"), SecurityInfo.escertkeMessage("AAEC"))) {
            assertEquals(s, SecurityInfo.fromJson(JSON.readTree(s.toJson().toString()), NOW));
        }
        assertEquals("{\"m2m:seci\":{\"sit\":4,\"ero\":{\"esri\":\"Uabc\",\"esrv\":\"00112233445566778899aabbccddeeff\","
                + "\"esrx\":\"20261206T130000,000000\",\"esks\":[1],\"espa\":[10,11,12]}}}",
                SecurityInfo.randObjectResponse(ero).toJson().toString());
    }

    @Test
    void aRelativeExpiryCountsFromNow() throws Exception {
        SecurityInfo s = SecurityInfo.fromJson(JSON.readTree("{\"m2m:seci\":{\"sit\":4,\"ero\":{\"esri\":\"U1\","
                + "\"esrv\":\"00112233445566778899aabbccddeeff\",\"esrx\":60000,\"esks\":[1],\"espa\":[10]}}}"), NOW);
        assertEquals(NOW.plusSeconds(60), s.ero().esrx());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                                              | the single member m2m:seci",
        "{\"m2m:seci\":5}                                 | m2m:seci: must be an object",
        "{\"m2m:seci\":{}}                                | m2m:seci.sit: missing",
        "{\"m2m:seci\":{\"sit\":\"5\"}}                    | m2m:seci.sit: must be an integer",
        "{\"m2m:seci\":{\"sit\":9}}                        | not an m2m:securityInfoType",
        "{\"m2m:seci\":{\"sit\":1}}                        | dynamic authorization message",
        "{\"m2m:seci\":{\"sit\":5}}                        | m2m:seci.epo: missing",
        "{\"m2m:seci\":{\"sit\":5,\"epo\":7}}              | m2m:seci.epo: must be a compact JWE",
        "{\"m2m:seci\":{\"sit\":5,\"epo\":\"\"}}           | m2m:seci.epo: must be a compact JWE",
        "{\"m2m:seci\":{\"sit\":3,\"epo\":\"x\"}}          | m2m:seci.epo: not allowed when sit is 3",
        "{\"m2m:seci\":{\"sit\":5,\"epo\":\"x\",\"xx\":1}} | m2m:seci.xx: unknown element",
        "{\"m2m:seci\":{\"sit\":4}}                        | m2m:seci.ero: missing",
        "{\"m2m:seci\":{\"sit\":4,\"ero\":{\"esri\":\"1a\"}}} | m2m:seci.ero.esri: must be an NCName",
        "{\"m2m:seci\":{\"sit\":4,\"ero\":{\"esri\":\"U\",\"esrv\":\"00\"}}} | m2m:seci.ero.esrv: must be 32 hexadecimal",
        "{\"m2m:seci\":{\"sit\":4,\"ero\":{\"esri\":\"U\",\"esrv\":\"00112233445566778899aabbccddeeff\",\"esrx\":\"soon\"}}} | m2m:seci.ero.esrx",
        "{\"m2m:seci\":{\"sit\":4,\"ero\":{\"esri\":\"U\",\"esrv\":\"00112233445566778899aabbccddeeff\",\"esrx\":1,\"esks\":[],\"espa\":[10]}}} | m2m:seci.ero.esks: must be a list",
        "{\"m2m:seci\":{\"sit\":6}}                        | m2m:seci.eckm: missing",
    })
    void malformedIs4000NamingTheElement(String content, String reason) throws Exception {
        OneM2MException e = assertThrows(OneM2MException.class,
                () -> SecurityInfo.fromJson(JSON.readTree(content), NOW));
        assertEquals(ResponseStatusCode.BAD_REQUEST, e.status());
        assertTrue(e.getMessage().contains(reason.strip()), e.getMessage());
    }
}
