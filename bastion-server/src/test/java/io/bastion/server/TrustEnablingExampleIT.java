package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code examples/trust-enabling.sh} (a MEF, a MAF and a CSE, each its own process; a device enrols and
 * registers over mutual TLS with its new certificate, a phone gets a MAF key and registers over TLS-PSK, both are
 * revoked) as a reader would ({@link ExampleScript}), and checks that it proved every step.
 */
class TrustEnablingExampleIT {
    static final long TIMEOUT_SECONDS = 300;

    @TempDir
    Path dir;

    @Test
    void theExampleProvesEachStepAndStopsItsProcesses() throws Exception {
        String said = ExampleScript.run(dir, "trust-enabling", "bastion-trust-enabling.", TIMEOUT_SECONDS);
        assertThat(said)
                .contains("0    device enrol: registration, Ke, the commands run")
                .contains("command c1 class 1 reported 20")
                .contains("0    openssl verify: the issued certificate chains to the MEF's CA")
                .contains("2001 Cdev1 registers its AE over mutual TLS with the certificate from the MEF")
                .contains("4106 another originator over the device's certificate is refused")
                .contains("2001 Cdev1 stores its authenticationProfile (1022) under its node")
                .contains("2001 Cphone registers over TLS-PSK with the MAF key")
                .contains("tls  the device's next handshake with the revoked certificate fails")
                .contains("1    the device can no longer enrol with its Kpm")
                .contains("tls  the phone's MAF key no longer opens TLS-PSK at the CSE")
                .contains("trust-enabling: all 26 steps answered as expected");
    }
}
