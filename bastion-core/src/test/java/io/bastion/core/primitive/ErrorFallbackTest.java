package io.bastion.core.primitive;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.log.RecordingLogger;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ErrorFallbackTest {
    final RecordingLogger out = new RecordingLogger(Level.INFO);
    final RateLimitedLog log = new RateLimitedLog(out, 10, Duration.ofMinutes(1), Clock.systemUTC());

    @Test
    void aOneM2MFailureIsAnsweredWithItsOwnStatusAndMessageAndNotLogged() {
        Response r = ErrorFallback.response(new OneM2MException(ResponseStatusCode.NOT_FOUND, "no such resource"), log,
                "HTTP", "rq-1");

        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.NOT_FOUND);
        assertThat(r.pc().path("m2m:dbg").asText()).isEqualTo("no such resource");
        assertThat(out.lines).isEmpty();
    }

    @Test
    void anyOtherFailureIsA5000NamingNoInternalsAndIsLoggedWithTheRequestIdAndStackTrace() {
        IllegalStateException bug = new IllegalStateException("secret detail of the database");

        Response r = ErrorFallback.response(bug, log, "CoAP", "rq-7");

        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.INTERNAL_SERVER_ERROR);
        assertThat(r.pc().path("m2m:dbg").asText()).isEqualTo("internal server error");
        assertThat(r.pc().toString()).doesNotContain("secret", "IllegalState");
        assertThat(out.lines).containsExactly("ERROR CoAP request rq-7 failed unexpectedly");
        assertThat(out.throwables).containsExactly(bug);
    }
}
