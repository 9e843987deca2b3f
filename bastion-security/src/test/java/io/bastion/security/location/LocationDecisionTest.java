package io.bastion.security.location;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.GroupMembers;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.OriginatorLocation;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Location rules decided end to end from an observed position: fresh, with its country from the shipped outlines,
 * through the access decision engine; stale or unknown, every location rule denies.
 */
class LocationDecisionTest {
    private static final LocalIdentity LOCAL = new LocalIdentity("sp.example", "/id-in");
    private static final AccessDecisionEngine ENGINE = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);
    private static final Instant NOW = Instant.parse("2026-03-14T10:15:30Z");
    private static final PositionFreshness FRESHNESS = PositionFreshness.withinSeconds(60);

    private static AccessControlPolicy policy(String aclr) throws Exception {
        JsonNode pv = new ObjectMapper().readTree(
                "{\"acr\":[{\"acor\":[\"Cdevice\"],\"acop\":2,\"acco\":[{\"aclr\":" + aclr + "}]}]}");
        JsonNode pvs = new ObjectMapper().readTree("{\"acr\":[{\"acor\":[\"CAdmin\"],\"acop\":63}]}");
        return new AcpParser(LOCAL).parsePolicy("acp1", pv, pvs);
    }

    private static AccessDecision decide(String aclr, ObservedPosition seen) throws Exception {
        Optional<OriginatorLocation> location = FRESHNESS.usable(Optional.ofNullable(seen), NOW,
                GeoNamesCountries.bundled());
        RequestFacts facts = RequestFacts.builder("Cdevice", Operation.RETRIEVE).at(NOW).location(location).build();
        return ENGINE.decide(facts, List.of(policy(aclr)), PrivilegeSet.PV);
    }

    private static ObservedPosition seen(double latitude, double longitude, long secondsAgo) {
        return new ObservedPosition(new OriginatorLocation.Point(latitude, longitude), NOW.minusSeconds(secondsAgo),
                "cin1");
    }

    @Test
    void aCountryRuleIsDecidedFromAFreshPosition() throws Exception {
        String france = "{\"accc\":[\"FR\"]}";

        assertThat(decide(france, seen(48.8566, 2.3522, 10)).permitted()).as("in Paris").isTrue();
        assertThat(decide(france, seen(52.5200, 13.4050, 10)).permitted()).as("in Berlin").isFalse();
        assertThat(decide(france, seen(46.0, -8.0, 10)).permitted()).as("at sea").isFalse();
        assertThat(decide(france, seen(48.8566, 2.3522, 61)).permitted()).as("in Paris a while ago").isFalse();
        assertThat(decide(france, null).permitted()).as("nowhere known").isFalse();
    }

    @Test
    void aCircleRuleAdmitsTheOriginatorUntilItMovesOutOrItsPositionGrowsOld() throws Exception {
        String aroundTheEiffelTower = "{\"accr\":[48.8584, 2.2945, 500]}";

        assertThat(decide(aroundTheEiffelTower, seen(48.8590, 2.2950, 5)).permitted()).isTrue();
        assertThat(decide(aroundTheEiffelTower, seen(48.8738, 2.2950, 5)).permitted()).as("at the Arc").isFalse();
        assertThat(decide(aroundTheEiffelTower, seen(48.8590, 2.2950, 3600)).permitted()).as("stale").isFalse();
    }
}
