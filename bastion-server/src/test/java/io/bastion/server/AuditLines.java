package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The audit log of a running server's data folder as tests read it: one JSON line per decision. */
public final class AuditLines {
    private AuditLines() {
    }

    /** The line of request {@code rqi}, waiting (at most 5 s) for the server to write it. */
    public static String awaitRequest(Path data, String rqi) throws Exception {
        Path audit = data.resolve(BastionServer.AUDIT_FILE);
        String field = "\"rqi\":\"" + rqi + "\"";
        return Eventually.present("audit entry of " + rqi, Duration.ofSeconds(5), () -> Files.exists(audit)
                ? Files.readAllLines(audit).stream().filter(l -> l.contains(field)).findFirst().orElse(null)
                : null);
    }

    /** The refusal of request {@code rqi} at {@code door} for a withdrawn credential is a DENY line with 4107. */
    public static void assertRevoked(Path data, String rqi, String door) throws Exception {
        assertThat(awaitRequest(data, rqi)).contains("\"decision\":\"DENY\"").contains("\"rsc\":4107")
                .contains("\"door\":\"" + door + "\"").contains("no longer valid");
    }
}
