package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.GroupMembers;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 10-rule policy of the retrieve-la-acp10 scenario is valid and permits the reader by its last rule only. */
class Acp10PolicyTest {
    private static final LocalIdentity LOCAL = new LocalIdentity("//bastion.example", "/id-in");
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);

    private static AccessControlPolicy policy() throws Exception {
        ObjectMapper json = new ObjectMapper();
        return new AcpParser(LOCAL).parsePolicy("acp10",
                json.readTree("{\"acr\":[" + String.join(",", CseScenarios.ACP10_RULES) + "]}"),
                json.readTree("{\"acr\":[{\"acor\":[\"Cwriter\"],\"acop\":63}]}"));
    }

    private AccessDecision decide(String originator, Operation op, String ip, String at) throws Exception {
        RequestFacts.Builder facts = RequestFacts.builder(originator, op)
                .remoteIp(InetAddress.getByName(ip))
                .at(Instant.parse(at));
        if (op == Operation.CREATE) {
            facts.create(4, 3);
        }
        return engine.decide(facts.build(), List.of(policy()), PrivilegeSet.PV);
    }

    @Test
    void hasTenRulesAndPermitsTheReaderByTheLastOneAtAnyTimeFromLoopback() throws Exception {
        assertThat(policy().pv().rules()).hasSize(10);
        for (String at : List.of("2025-06-11T10:15:30Z", "2025-06-14T03:00:00Z", "2031-12-31T23:59:59Z")) {
            assertThat(decide("Creader", Operation.RETRIEVE, "127.0.0.1", at).summary())
                    .isEqualTo("permitted by accessControlPolicy acp10 pv.acr[9]");
        }
    }

    @Test
    void letsTheWriterCreateItsDataFromLoopback() throws Exception {
        assertThat(decide("Cwriter", Operation.CREATE, "127.0.0.1", "2025-06-11T10:15:30Z").permitted()).isTrue();
    }

    @Test
    void deniesTheReaderFromAnotherNetworkAndOperationsItWasNotGiven() throws Exception {
        assertThat(decide("Creader", Operation.RETRIEVE, "10.1.2.3", "2025-06-11T10:15:30Z").permitted()).isFalse();
        assertThat(decide("Creader", Operation.UPDATE, "127.0.0.1", "2025-06-11T10:15:30Z").permitted()).isFalse();
    }
}
