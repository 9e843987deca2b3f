package io.bastion.cse.pdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.PolicySource;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.DistributedAuthorizationConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.store.WriteBatch;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hosting CSE as PEP ({@link EnforcementPoint}, TS-0003 7.5.2) against two PDPs {@code A} and {@code B} named in
 * that order by the target's ACP ({@code adri}) whose answers the test gives: which answers permit, which deny, which
 * ask the next PDP, that a MISSING_ATTRIBUTE, SYNTAX_ERROR or PROCESSING_ERROR never permits (even with {@code dec} 1),
 * the bounded wait, and the decision cache.
 */
class EnforcementPointTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final String A = "/id-in/cse-in/pdpA";
    static final String B = "/id-in/cse-in/pdpB";

    @TempDir
    Path dir;
    final CseConfig config = CseConfig.defaults();
    SqliteResourceStore store;
    PolicySource policies;
    Resource box;
    final List<String> asked = new ArrayList<>();

    @BeforeEach
    void store() throws Exception {
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("pep.db")));
        put(config.cseBaseRi(), null, ResourceTypes.CSE_BASE, config.cseBaseName(), "{}");
        String owner = "{\"acr\":[{\"acor\":[\"Cowner\"],\"acop\":63}]}";
        put("acpPdp", config.cseBaseRi(), ResourceTypes.ACP, config.cseBaseName() + "/acpPdp",
                "{\"pv\":" + owner + ",\"pvs\":" + owner + ",\"adri\":[\"" + A + "\",\"" + B + "\"]}");
        box = put("box", config.cseBaseRi(), ResourceTypes.CNT, config.cseBaseName() + "/box",
                "{\"acpi\":[\"acpPdp\"]}");
        LocalIdentity local = new LocalIdentity(config.spId(), config.cseId());
        policies = new PolicySource(store, new AcpParser(local), config.cseId());
    }

    @AfterEach
    void close() {
        store.close();
    }

    Resource put(String ri, String pi, int ty, String path, String attrs) throws Exception {
        ObjectNode a = (ObjectNode) JSON.readTree(attrs);
        a.put("ty", ty).put("ri", ri).put("rn", path.substring(path.lastIndexOf('/') + 1)).put("lt", "20261206T100000");
        if (pi != null) {
            a.put("pi", pi);
        }
        Resource r = new Resource(ri, pi, ty, path, a, "Cowner", null);
        store.write(new WriteBatch().put(r));
        return r;
    }

    static RequestContext reader() {
        return new RequestContext(Request.builder(Operation.RETRIEVE, "cse-in/box").fr("Creader").rqi("rq1").rvi("3")
                .build(), new Peer(new InetSocketAddress("127.0.0.1", 40000), "http", Authentication.none()), NOW);
    }

    /** A PEP whose PDPs answer as {@code answers} says: JSON, {@code fail} (a PointFailure) or {@code slow}. */
    EnforcementPoint pep(Map<String, String> answers, DistributedAuthorizationConfig settings) {
        PointAsker pdps = (address, ty, request, timeout) -> {
            asked.add(address);
            assertThat(ty).isEqualTo(ResourceTypes.AUDS);
            assertThat(request.path("to").asText()).isEqualTo(config.cseId() + "/cse-in/box");
            assertThat(request.path("fr").asText()).isEqualTo(config.cseId() + "/Creader");
            assertThat(request.path("op").asInt()).isIn(2, 4);
            String answer = answers.getOrDefault(address, "fail");
            if (answer.equals("fail")) {
                throw new PointFailure("the point " + address + " gave no answer: test");
            }
            if (answer.equals("slow")) {
                try {
                    Thread.sleep(timeout.toMillis() + 20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new PointFailure("the point " + address + " gave no answer: late");
            }
            try {
                return (ObjectNode) JSON.readTree(answer);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        return new EnforcementPoint(config, settings, policies, pdps, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static DistributedAuthorizationConfig noCache() {
        return new DistributedAuthorizationConfig(Duration.ofMillis(300), Duration.ZERO, Duration.ZERO, 100,
                Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "A {0}, B {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"sus":1,"dec":1}` | fail                | PERMIT | A     | answered PERMIT
            `{"sus":1,"dec":2}` | `{"sus":1,"dec":1}` | DENY   | A     | the PDP /id-in/cse-in/pdpA answered DENY
            `{"sus":2}`         | `{"sus":1,"dec":1}` | PERMIT | A,B   | before it: distributed authorization: the PDP /id-in/cse-in/pdpA answered NOT_APPLICABLE
            `{"sus":2}`         | `{"sus":1,"dec":2}` | DENY   | A,B   | pdpA answered NOT_APPLICABLE
            `{"sus":2}`         | `{"sus":2}`         | DENY   | A,B   | no PDP of adri
            fail                | `{"sus":1,"dec":1}` | PERMIT | A,B   | gave no answer: test
            fail                | fail                | DENY   | A,B   | no PDP of adri
            `{"sus":1}`         | `{"sus":1,"dec":1}` | PERMIT | A,B   | answered status OK without a decision
            `{"sus":1,"dec":7}` | `{"sus":1,"dec":2}` | DENY   | A,B   | pdpA answered status OK without a decision
            `{"sus":3,"dec":1}` | `{"sus":1,"dec":1}` | DENY   | A     | answered MISSING_ATTRIBUTE, which never permits
            `{"sus":4,"dec":1}` | `{"sus":1,"dec":1}` | DENY   | A     | answered SYNTAX_ERROR, which never permits
            `{"sus":5,"dec":1}` | `{"sus":1,"dec":1}` | DENY   | A     | answered PROCESSING_ERROR, which never permits
            slow                | `{"sus":1,"dec":1}` | DENY   | A     | no time left (pdp.timeout 300 ms) to ask the PDP /id-in/cse-in/pdpB
            """)
    void eachAnswerOfThePdpsIsEnforced(String a, String b, String decision, String askedPdps, String trail) {
        AccessDecision d = pep(Map.of(A, a, B, b), noCache()).afterDeny(reader(), box, Operation.RETRIEVE, null);
        assertThat(d.permitted()).isEqualTo(decision.equals("PERMIT"));
        assertThat(asked).containsExactlyElementsOf(List.of(askedPdps.split(",")).stream()
                .map(p -> p.equals("A") ? A : B).toList());
        String text = d instanceof AccessDecision.Deny no ? String.join("\n", no.notes()) : d.explain();
        assertThat(text).contains(trail);
    }

    @Test
    void aDecisionIsRememberedForTheCacheTimeAndNothingWithoutAdri() throws Exception {
        EnforcementPoint cached = pep(Map.of(A, "{\"sus\":1,\"dec\":1}"), DistributedAuthorizationConfig.defaults());
        assertThat(cached.afterDeny(reader(), box, Operation.RETRIEVE, null).permitted()).isTrue();
        AccessDecision again = cached.afterDeny(reader(), box, Operation.RETRIEVE, null);
        assertThat(again.permitted()).isTrue();
        assertThat(again.explain()).contains("remembered");
        assertThat(asked).containsExactly(A);
        // another operation is other facts: asked again
        cached.afterDeny(reader(), box, Operation.DELETE, null);
        assertThat(asked).containsExactly(A, A);
        // so is another peer address: the PDP was told oip and may decide by it
        RequestContext elsewhere = new RequestContext(reader().request(), new Peer(new InetSocketAddress("192.0.2.7",
                40000), "http", Authentication.none()), NOW);
        cached.afterDeny(elsewhere, box, Operation.RETRIEVE, null);
        assertThat(asked).containsExactly(A, A, A);
        // a target whose policies name no PDP: no opinion (null), nobody asked
        Resource plain = put("plain", config.cseBaseRi(), ResourceTypes.CNT, config.cseBaseName() + "/plain", "{}");
        assertThat(cached.afterDeny(reader(), plain, Operation.RETRIEVE, null)).isNull();
        assertThat(asked).hasSize(3);
    }
}
