package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.cse.config.NonBlockingConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bounded queue of non-blocking requests, with a hold long enough that nothing accepted runs during the test
 * (nonblocking.hold-ms): a full queue refuses with 5207, a pending request is cancelled by deleting its
 * {@code <request>} and never performed, which frees its place.
 */
class NonBlockingQueueIT {
    private static final String OWN = "Cnbqown";

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(OWN, "nbqown")
            .configured(c -> c.withNonBlocking(NonBlockingConfig.defaults().withMaxPending(2)
                    .withHold(Duration.ofMinutes(10))));
    static final M2m m2m = cse.client();

    private static M2m.Rsp create(String rn) {
        return m2m.request("POST", "/cse-in/nbqown?rt=1").from(OWN).ty(3)
                .body("{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}").send();
    }

    @Test
    void aFullQueueRefusesAndACancelledRequestIsNeverPerformed() {
        String first = create("one").expect(1001).json().path("m2m:uri").asText();
        create("two").expect(1001);
        M2m.Rsp full = create("three").expect(5207);
        assertThat(full.dbg()).contains("nonblocking.max-pending");
        assertThat(cse.server().cse().pendingRequests().pending()).isEqualTo(2);
        // a blocking request is still served
        m2m.retrieve(OWN, "/cse-in/nbqown").expect(2000);

        // still pending: it can be read, and deleting it cancels it
        assertThat(m2m.retrieve(OWN, "/" + first).expect(2000).json().path("m2m:req").path("rs").asInt())
                .as("PENDING").isEqualTo(3);
        m2m.delete(OWN, "/" + first).expect(2002);
        assertThat(cse.server().cse().pendingRequests().pending()).isEqualTo(1);
        create("four").expect(1001);
        m2m.retrieve(OWN, "/cse-in/nbqown/one").expect(4004);
    }
}
