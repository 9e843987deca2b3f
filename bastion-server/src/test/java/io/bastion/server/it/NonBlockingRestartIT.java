package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.BastionServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged non-blocking request survives {@code kill -9}: the server process runs with
 * {@code nonblocking.hold-ms} so long that nothing accepted runs before the kill; after the 1001 it is killed with
 * SIGKILL, started again on the same data without the hold, and the request is performed and its result recorded.
 */
class NonBlockingRestartIT {

    @Test
    void anAcknowledgedRequestIsPerformedAfterAKillAndARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path props = Files.writeString(dir.resolve("hold.properties"), "nonblocking.hold-ms=600000\n");
        String address;
        String rqi;
        ServerProcess first = ServerProcess.start(List.of("--config", props.toString(), "--http-port", "0",
                "--admin-port", "-1", "--data", data.toString()), dir.resolve("first.log"));
        try {
            M2m m = new M2m(first.port("http"));
            m.registerAe("Ckill", "kill");
            m.createContainer("Ckill", "/cse-in/kill", "box");
            M2m.Rsp ack = m.request("POST", "/cse-in/kill/box?rt=1").from("Ckill").ty(4)
                    .body("{\"m2m:cin\":{\"rn\":\"survivor\",\"con\":\"after the crash\"}}").send().expect(1001);
            address = ack.json().path("m2m:uri").asText();
            rqi = ack.header("X-M2M-RI");
            assertThat(m.retrieve("Ckill", "/" + address).expect(2000).json().path("m2m:req").path("rs").asInt())
                    .as("PENDING before the kill").isEqualTo(3);
            first.kill();
        } finally {
            first.close();
        }

        try (BastionServer s = M2m.startServer(data)) {
            M2m m = new M2m(s.httpPort());
            JsonNode req = NonBlockingIT.finished(m, "Ckill", address);
            assertThat(req.path("rs").asInt()).as("COMPLETED after the restart").isEqualTo(1);
            assertThat(req.path("ors").path("rsc").asInt()).isEqualTo(2001);
            assertThat(req.path("ors").path("rqi").asText()).isEqualTo(rqi);
            assertThat(m.retrieve("Ckill", "/cse-in/kill/box/survivor").expect(2000).attr("con"))
                    .isEqualTo("after the crash");
            assertThat(s.cse().pendingRequests().pending()).isZero();
        }
    }
}
