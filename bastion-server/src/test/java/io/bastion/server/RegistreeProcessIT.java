package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.it.M2m;
import io.bastion.server.it.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration between two CSEs each in a process of its own, started as the operator starts them ({@code bastion run
 * --config FILE}, the keystore password in the environment): an MN-CSE registers with an IN-CSE over HTTPS with its
 * CSE-ID certificate, is killed and started again (one remoteCSE, the new poa), and de-registers with
 * {@code bastion cse deregister}.
 */
class RegistreeProcessIT {
    @TempDir
    Path dir;

    Path configFile(CseNetwork net, String stem, String... lines) throws Exception {
        StringBuilder b = new StringBuilder();
        b.append("cse.id=/").append(stem).append('\n').append("cse.name=").append(CseNetwork.base(stem)).append('\n')
                .append("data.dir=").append(net.data(stem)).append('\n')
                .append("https.keystore=").append(net.keystore(stem)).append('\n')
                .append("http.port=0\nhttps.port=0\nadmin.port=0\n");
        for (String l : lines) {
            b.append(l).append('\n');
        }
        Path f = dir.resolve(stem + ".properties");
        Files.writeString(f, b.toString());
        return f;
    }

    ServerProcess run(Path config, String name) throws Exception {
        return ServerProcess.start(List.of("--config", config.toString()),
                Map.of(HttpsSettings.DEFAULT_PASSWORD_ENV, CseNetwork.PASSWORD), dir.resolve(name + ".log"));
    }

    @Test
    void anMnProcessRegistersWithAnInProcessSurvivesAKillAndDeregistersByTheCli() throws Exception {
        CseNetwork net = new CseNetwork(dir);
        Path inConfig = configFile(net, "id-in", "registration.allowed-cses=/id-mn");
        try (ServerProcess in = run(inConfig, "in")) {
            Path mnConfig = configFile(net, "id-mn", "cse.type=MN",
                    "registrar.url=https://127.0.0.1:" + in.port("https"), "registrar.cse-id=/id-in",
                    "registrar.name=cse-in", "registrar.trust=" + net.rootPem, "registrar.client-certificate=https",
                    "registrar.retry-initial-ms=50", "registrar.retry-max-ms=400");
            M2m inHttp = new M2m(in.port("http"));
            ServerProcess mn = run(mnConfig, "mn");
            try {
                CseNetwork.awaitRegistration(mn.port("admin"), "registered");
                assertThat(CseNetwork.remoteCses(inHttp, "cse-in")).containsExactly("cse-in/id-mn");
                new M2m(mn.port("http")).retrieve(M2m.ADMIN, "/cse-mn/id-in").expect(2000);

                mn.kill(); // SIGKILL: no de-registration, no goodbye
                mn = run(mnConfig, "mn2");
                CseNetwork.awaitRegistration(mn.port("admin"), "registered");
                assertThat(CseNetwork.remoteCses(inHttp, "cse-in")).containsExactly("cse-in/id-mn");
                JsonNode csr = inHttp.retrieve(M2m.ADMIN, "/cse-in/id-mn").expect(2000).json().path("m2m:csr");
                assertThat(csr.path("poa").get(0).asText()).isEqualTo("https://127.0.0.1:" + mn.port("https"));

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int rc = CseCommand.run(List.of("deregister", "--admin-port", String.valueOf(mn.port("admin"))),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(out, true, StandardCharsets.UTF_8));
                assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
                inHttp.retrieve(M2m.ADMIN, "/cse-in/id-mn").expect(4004);
                new M2m(mn.port("http")).retrieve(M2m.ADMIN, "/cse-mn/id-in").expect(4004);
            } finally {
                mn.close();
            }
        }
    }
}
