package io.bastion.cse.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Local-Token-IDs: bound to the originator, lapsing with the token, stable per token, bounded. */
class LocalTokenIdsTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    final LocalTokenIds ids = new LocalTokenIds(3, new SecureRandom());

    @Test
    void anAssignmentIsAnNcNameFoundOnlyByItsOriginatorUntilTheTokenExpires() {
        LocalTokenIds.Assignment a = ids.assign("Cae1", "t1@das.example", "a.b.c", NOW.plusSeconds(60), NOW);
        assertThat(a.lti()).matches("lt[a-z2-7]{16}");
        assertThat(ids.find(a.lti(), "Cae1", NOW.plusSeconds(59))).contains(a);
        assertThat(ids.find(a.lti(), "Cae2", NOW)).isEmpty();
        assertThat(ids.find(a.lti(), "Cae1", NOW.plusSeconds(60))).isEmpty();
        assertThat(ids.size()).isZero();
    }

    @Test
    void theSameTokenGetsTheSameIdAndAnotherOriginatorItsOwn() {
        LocalTokenIds.Assignment a = ids.assign("Cae1", "t1", "a.b.c", NOW.plusSeconds(60), NOW);
        assertThat(ids.assign("Cae1", "t1", "a.b.c", NOW.plusSeconds(60), NOW.plusSeconds(1))).isEqualTo(a);
        LocalTokenIds.Assignment b = ids.assign("Cae2", "t1", "a.b.c", NOW.plusSeconds(60), NOW);
        assertThat(b.lti()).isNotEqualTo(a.lti());
        // A re-issued token with the same ID replaces the old assignment.
        LocalTokenIds.Assignment c = ids.assign("Cae1", "t1", "d.e.f", NOW.plusSeconds(90), NOW);
        assertThat(c.lti()).isNotEqualTo(a.lti());
        assertThat(ids.find(a.lti(), "Cae1", NOW)).isEmpty();
    }

    @Test
    void aFullTableDropsTheSoonestToLapseAndForgetDropsByTokenId() {
        LocalTokenIds.Assignment soon = ids.assign("Cae1", "t1", "x", NOW.plusSeconds(10), NOW);
        LocalTokenIds.Assignment later = ids.assign("Cae1", "t2", "y", NOW.plusSeconds(100), NOW);
        LocalTokenIds.Assignment latest = ids.assign("Cae1", "t3", "z", NOW.plusSeconds(200), NOW);
        LocalTokenIds.Assignment fourth = ids.assign("Cae1", "t4", "w", NOW.plusSeconds(300), NOW);
        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.find(soon.lti(), "Cae1", NOW)).isEmpty();
        assertThat(ids.find(fourth.lti(), "Cae1", NOW)).contains(fourth);
        ids.forget("t2");
        assertThat(ids.find(later.lti(), "Cae1", NOW)).isEmpty();
        assertThat(ids.find(latest.lti(), "Cae1", NOW)).contains(latest);
    }
}
