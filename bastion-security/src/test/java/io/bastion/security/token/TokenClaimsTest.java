package io.bastion.security.token;

import static io.bastion.security.token.TokenFixtures.NOW;
import static io.bastion.security.token.TokenFixtures.PARSER;
import static io.bastion.security.token.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The m2m:tokenClaimSet and its two forms: the oneM2M JWT claims (TS-0003 table 7.3.2.6.2-1) and short names. */
class TokenClaimsTest {

    @Test
    void jwtClaimsUseTheProfileNamesAndRoundTrip() {
        TokenClaims c = TokenFixtures.claims();
        ObjectNode jwt = c.toJwtJson();
        assertThat(jwt.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("tkvr", "jti", "iss", "azp", "nbf", "exp", "tknm", "aud", "tkps");
        assertThat(jwt.get("jti").asText()).isEqualTo("tk-1@das.example");
        assertThat(jwt.get("azp").asText()).isEqualTo("Cae1");
        assertThat(jwt.get("nbf").asLong()).isEqualTo(NOW.getEpochSecond() - 60);
        assertThat(jwt.get("aud").isArray()).as("aud always an array").isTrue();
        assertThat(TokenClaims.fromJwtJson(jwt, PARSER)).isEqualTo(c);
        assertThat(TokenClaims.fromJwtClaims(c.toJwtClaims(), PARSER)).isEqualTo(c);
    }

    @Test
    void shortNamesUseTimestampsAndRoundTrip() {
        TokenClaims c = TokenFixtures.claims();
        ObjectNode s = c.toShortNames();
        assertThat(s.get("vr").asText()).isEqualTo("1");
        assertThat(s.get("tknb").asText()).isEqualTo("20260314T101430,000000");
        assertThat(s.get("tkps").get("pm").get(0).get("pv").get("acr").get(0).get("acop").asInt()).isEqualTo(2);
        assertThat(TokenClaims.fromShortNames(s, PARSER)).isEqualTo(c);
    }

    static Stream<Arguments> versionSpellings() {
        String rest = "'jti':'t','iss':'/id-das','azp':'Cae1','nbf':1,'exp':2";
        String shortRest = "'tkid':'t','tkis':'/id-das','tkhd':'Cae1','tknb':'20260101T000000','tkna':'20260102T000000'";
        return Stream.of(
                Arguments.of("jwt tkvr (TS-0003)", true, "{'tkvr':'2'," + rest + "}", "2"),
                Arguments.of("jwt vr (TS-0004 short name)", true, "{'vr':'2'," + rest + "}", "2"),
                Arguments.of("jwt both, equal", true, "{'vr':'2','tkvr':'2'," + rest + "}", "2"),
                Arguments.of("jwt number", true, "{'tkvr':1," + rest + "}", "1"),
                Arguments.of("jwt both, different", true, "{'vr':'1','tkvr':'2'," + rest + "}", null),
                Arguments.of("jwt none", true, "{" + rest + "}", null),
                Arguments.of("short vr", false, "{'vr':'3'," + shortRest + "}", "3"),
                Arguments.of("short tkvr", false, "{'tkvr':'3'," + shortRest + "}", "3"),
                Arguments.of("short none", false, "{" + shortRest + "}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versionSpellings")
    void bothVersionSpellingsAreRead(String name, boolean jwt, String input, String expected) {
        if (expected == null) {
            assertThatThrownBy(() -> parse(jwt, input)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(parse(jwt, input).version()).isEqualTo(expected);
        }
    }

    private static TokenClaims parse(boolean jwt, String input) {
        return jwt ? TokenClaims.fromJwtJson(json(input), PARSER) : TokenClaims.fromShortNames(json(input), PARSER);
    }

    static Stream<Arguments> malformed() {
        String ok = "'tkvr':'1','jti':'t','iss':'/id-das','azp':'Cae1','nbf':1,'exp':2";
        return Stream.of(
                Arguments.of("{'tkvr':'1','iss':'/id-das','azp':'Cae1','nbf':1,'exp':2}", "tokenID is missing"),
                Arguments.of("{" + ok.replace("'nbf':1", "'nbf':'yesterday'") + "}", "nbf: must be a NumericDate"),
                Arguments.of("{" + ok.replace("'exp':2", "'exp':1") + "}", "notAfter must be after notBefore"),
                Arguments.of("{" + ok + ",'aud':[1]}", "aud[0]: must be a non-empty string"),
                Arguments.of("{" + ok + ",'tkps':{'pm':[{'pv':{'acr':[{'acor':['all'],'acop':2}]}}]}}",
                        "tkps.pm[0]: pv requires ris"),
                Arguments.of("{" + ok + ",'tkps':{'pm':[{'ris':['x'],'pv':{'acr':[{'acor':['all'],'acop':99}]}}]}}",
                        "tkps.pm[0].pv.acr[0].acop: must be an integer 1..63"),
                Arguments.of("{" + ok + ",'tkps':{'pm':[{'ris':['x'],'extra':1}]}}", "tkps.pm[0].extra: unknown member"),
                Arguments.of("[]", "not a JSON object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void malformedClaimsAreRefusedNamingTheElement(String input, String message) {
        assertThatThrownBy(() -> TokenClaims.fromJwtJson(json(input), PARSER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aSingleAudienceStringIsReadAsAList() {
        TokenClaims c = TokenClaims.fromJwtJson(json(
                "{'tkvr':'1','jti':'t','iss':'/id-das','azp':'Cae1','nbf':1,'exp':2,'aud':'/id-in'}"), PARSER);
        assertThat(c.audience()).containsExactly("/id-in");
    }

    @Test
    void numericDatesRoundSoValidityNeverGrows() {
        TokenClaims c = new TokenClaims("1", "t", "Cae1", "/id-das", Instant.ofEpochSecond(100, 500),
                Instant.ofEpochSecond(200, 900), null, List.of("/id-in"), null, null);
        assertThat(c.toJwtJson().get("nbf").asLong()).isEqualTo(101);
        assertThat(c.toJwtJson().get("exp").asLong()).isEqualTo(200);
    }

    @Test
    void unknownShortNamesAreRefused() {
        assertThatThrownBy(() -> TokenClaims.fromShortNames(json("{'vr':'1','zz':1}"), PARSER))
                .hasMessageContaining("zz: unknown member");
    }
}
