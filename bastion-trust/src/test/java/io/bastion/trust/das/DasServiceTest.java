package io.bastion.trust.das;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.MutableClock;
import io.bastion.security.dynamic.DasRequest;
import io.bastion.security.dynamic.DasResponse;
import io.bastion.security.dynamic.SecurityInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAS's answers to each kind of request, in process (the HTTP path is DasServerIT). */
class DasServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final List<DasRule> RULES = RulesParser.parse(RulesParserTest.rules(
            "{'name':'lights','originators':['/id-in/Clight*'],'targets':['/id-in/cse-in/lights/**'],"
                    + "'operations':['retrieve','update'],'lifetime':60,'grant':'privileges'}",
            "{'name':'door','originators':['/id-in/Cguard'],'targets':['/id-in/cse-in/door'],"
                    + "'operations':['retrieve'],'lifetime':120,'grant':'token','roles':['guard@das.example.com']}"));

    @TempDir
    Path dir;
    MutableClock clock;
    DasAuditLog audit;
    DasService das;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(Instant.parse("2026-05-06T10:00:00Z"));
        audit = DasAuditLog.open(dir.resolve("audit.jsonl"));
        das = new DasService("CDas", "das.example.com", () -> RULES, JwsTokenIssuer.hs256(SECRET, "k1"),
                new IssuedTokens(clock, 100), audit, clock, new SecureRandom());
    }

    private Response notify(String to, String from, JsonNode pc) {
        Request rq = Request.builder(Operation.NOTIFY, to).fr(from).rqi("r1").rvi("3").pc(pc).build();
        return das.process(rq, Peer.internal());
    }

    private static JsonNode consult(DasRequest dreq) {
        return SecurityInfo.request(dreq).toJson();
    }

    private List<JsonNode> auditLines() throws Exception {
        return Files.readAllLines(dir.resolve("audit.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void aDirectConsultationGrantsPrivilegesForTheRulesOperationsAndLifetime() throws Exception {
        Response rs = notify("das", "/id-in", consult(DasRequest.of("/id-in/Clight1", Operation.RETRIEVE,
                "/id-in/cse-in/lights/lamp1")));

        assertThat(rs.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(rs.fr()).isEqualTo("CDas");
        assertThat(rs.rqi()).isEqualTo("r1");
        assertThat(rs.pc()).isEqualTo(JSON.readTree("""
                {"m2m:seci":{"sit":2,"dres":{"dai":{"gp":{"acr":[{"acor":["/id-in/Clight1"],"acop":6}]},
                 "pl":"20260506T100100,000000"}}}}"""));
        JsonNode line = auditLines().get(0);
        assertThat(line.path("event").asText()).isEqualTo("grant");
        assertThat(line.path("flow").asText()).isEqualTo("direct");
        assertThat(line.path("rule").asText()).isEqualTo("lights");
        assertThat(line.path("lifetime").asLong()).isEqualTo(60);
    }

    @Test
    void noGrantIsAnAnswerWithoutContentAndIsAudited() throws Exception {
        Response rs = notify("das", "/id-in", consult(DasRequest.of("/id-in/Cstranger", Operation.RETRIEVE,
                "/id-in/cse-in/lights/lamp1")));
        assertThat(rs.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(rs.pc()).isNull();
        assertThat(auditLines().get(0).path("event").asText()).isEqualTo("deny");
        assertThat(auditLines().get(0).path("reason").asText()).contains("/id-in/Cstranger");
    }

    @Test
    void aTokenGrantIsSignedForTheHoldingCseAndCanBeLookedUpByItsId() throws Exception {
        Response rs = notify("das", "/id-in", consult(DasRequest.of("/id-in/Cguard", Operation.RETRIEVE,
                "/id-in/cse-in/door")));
        DasResponse dres = DasResponse.fromNotifyResponseContent(rs.pc());
        assertThat(dres.dai()).isNull();
        assertThat(dres.tkns()).hasSize(1);
        JWSObject jws = JWSObject.parse(dres.tkns().get(0));
        assertThat(jws.verify(new MACVerifier(SECRET))).isTrue();
        assertThat(jws.getHeader().getKeyID()).isEqualTo("k1");
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        assertThat(claims).containsEntry("iss", "CDas").containsEntry("azp", "/id-in/Cguard")
                .containsEntry("aud", List.of("/id-in")).containsEntry("tknm", "door")
                .containsEntry("nbf", 1778061600L).containsEntry("exp", 1778061600L + 120);
        String tkid = (String) claims.get("jti");
        assertThat(tkid).matches("[0-9a-f]{32}@das\\.example\\.com");
        assertThat(JSON.readTree(JSON.writeValueAsString(claims.get("tkps")))).isEqualTo(JSON.readTree("""
                {"pm":[{"ris":["/id-in/cse-in/door"],"pv":{"acr":[{"acor":["/id-in/Cguard"],"acop":2}]},
                 "rids":["guard@das.example.com"]}]}"""));
        assertThat(auditLines().get(0).path("tkids").get(0).asText()).isEqualTo(tkid);
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).doesNotContain(dres.tkns().get(0));

        DasRequest lookup = DasRequest.of("/id-in/Cguard", Operation.RETRIEVE, "/id-in/cse-in/door")
                .withTids(List.of(tkid, "unknown@das.example.com"));
        assertThat(DasResponse.fromNotifyResponseContent(notify("das", "/id-in", consult(lookup)).pc()).tkns())
                .containsExactly(dres.tkns().get(0));
        assertThat(notify("das", "/id-other", consult(lookup)).pc()).as("another audience").isNull();
        assertThat(notify("das", "/id-in", consult(DasRequest.of("/id-in/Cthief", Operation.RETRIEVE, "x")
                .withTids(List.of(tkid)))).pc()).as("another holder").isNull();
        clock.advance(Duration.ofSeconds(121));
        assertThat(notify("das", "/id-in", consult(lookup)).pc()).as("expired").isNull();
    }

    @Test
    void anOriginatorGetsATokenAddressedToTheCseOfTheTarget() throws Exception {
        Response rs = notify("das/token", "/id-in/Cguard", consult(DasRequest.of("/id-in/Cguard",
                Operation.RETRIEVE, "/id-in/cse-in/door")));
        DasResponse dres = DasResponse.fromNotifyResponseContent(rs.pc());
        assertThat(dres.dai()).isNull();
        assertThat(JWSObject.parse(dres.tkns().get(0)).getPayload().toJSONObject())
                .containsEntry("aud", List.of("/id-in")).containsEntry("azp", "/id-in/Cguard");
        assertThat(auditLines().get(0).path("flow").asText()).isEqualTo("indirect");
    }

    @Test
    void anOriginatorGetsNoTokenForSomeoneElseNorForAPrivilegesOnlyRule() throws Exception {
        Response other = notify("das/token", "/id-in/Cthief", consult(DasRequest.of("/id-in/Cguard",
                Operation.RETRIEVE, "/id-in/cse-in/door")));
        assertThat(other.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        Response privilegesOnly = notify("das/token", "/id-in/Clight1", consult(DasRequest.of("/id-in/Clight1",
                Operation.RETRIEVE, "/id-in/cse-in/lights/1")));
        assertThat(privilegesOnly.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(privilegesOnly.pc()).isNull();
    }

    @Test
    void garbageAndWrongRequestsAreRefusedWithACodeAndAMessage() throws Exception {
        Response bad = notify("das", "/id-in", JSON.readTree("{\"m2m:seci\":{\"sit\":1,\"dreq\":{\"or\":\"a\"}}}"));
        assertThat(bad.rsc()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(bad.pc().path("m2m:dbg").asText()).isEqualTo("m2m:seci.dreq.op: missing");
        assertThat(notify("das", "/id-in", JSON.readTree("{\"m2m:cin\":{}}")).rsc())
                .isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(notify("das", "/id-in", null).rsc()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(notify("das", "/id-in", SecurityInfo.response(null).toJson()).pc().path("m2m:dbg").asText())
                .contains("must be 1");
        assertThat(notify("das", "", consult(DasRequest.of("a", Operation.RETRIEVE, "t"))).rsc())
                .isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(notify("cse-in", "/id-in", consult(DasRequest.of("a", Operation.RETRIEVE, "t"))).rsc())
                .isEqualTo(ResponseStatusCode.NOT_FOUND);
        Request retrieve = Request.builder(Operation.RETRIEVE, "das").fr("/id-in").rqi("r2").build();
        assertThat(das.process(retrieve, Peer.internal()).rsc()).isEqualTo(ResponseStatusCode.OPERATION_NOT_ALLOWED);
        assertThat(auditLines()).allSatisfy(l -> assertThat(l.path("event").asText()).isEqualTo("refused"));
    }

    @Test
    void withoutASigningKeyATokenRuleDenies() throws Exception {
        DasService keyless = new DasService("CDas", "das.example.com", () -> RULES, null,
                new IssuedTokens(clock, 100), audit, clock, new SecureRandom());
        Request rq = Request.builder(Operation.NOTIFY, "das").fr("/id-in").rqi("r1").pc(consult(DasRequest.of(
                "/id-in/Cguard", Operation.RETRIEVE, "/id-in/cse-in/door"))).build();
        Response rs = keyless.process(rq, Peer.internal());
        assertThat(rs.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(rs.pc()).isNull();
        assertThat(auditLines().get(0).path("reason").asText()).contains("no signing key");
    }

    @Test
    void cseOfReadsTheHostingCseFromSpRelativeAndAbsoluteIds() {
        assertThat(DasService.cseOf("/id-in/cse-in/door")).isEqualTo("/id-in");
        assertThat(DasService.cseOf("/id-in")).isEqualTo("/id-in");
        assertThat(DasService.cseOf("//sp.example/id-in/cse-in")).isEqualTo("//sp.example/id-in");
        assertThat(DasService.cseOf("cse-in/door")).isNull();
        assertThat(DasService.cseOf("//sp.example")).isNull();
    }
}
