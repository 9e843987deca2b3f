package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code examples/home-gateway.sh}, the TR-0038 deployment (an IN, a home-gateway MN, a light over TLS-PSK, a
 * phone and a guest over HTTPS, each CSE its own process), as a reader would ({@link ExampleScript}), and checks
 * that it proved every step.
 */
class HomeGatewayExampleIT {
    static final long TIMEOUT_SECONDS = 240;

    @TempDir
    Path dir;

    @Test
    void theExampleProvesEachStepAndStopsItsProcesses() throws Exception {
        String said = ExampleScript.run(dir, "home-gateway", "bastion-home-gateway.", TIMEOUT_SECONDS);
        assertThat(said)
                .contains("2001 Cphone switches the light on through the IN")
                .contains("4103 Cguest's switch through the IN is refused by the gateway's policy")
                .contains("audit the gateway's audit log: DENY of /id-in/Cguest's CREATE")
                .contains("home-gateway: all 14 steps answered as expected");
    }
}
