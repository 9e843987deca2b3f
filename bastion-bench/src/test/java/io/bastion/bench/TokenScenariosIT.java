package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.security.token.FileTrustedIssuers;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import io.bastion.trust.das.IssuerEntry;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token scenarios against a real CSE (in this JVM) whose data folder {@link BenchTokenIssuer} provisioned: the
 * issuer entry comes from the same code as {@code das export-key}, the CSE reads the trust file, and the reads are
 * permitted by the tokens alone (the set-up itself checks that the reader is refused without one). No figures.
 */
class TokenScenariosIT {
    @TempDir
    static Path dir;
    static BenchTokenIssuer issuer;
    static BastionServer server;
    static HttpClient client;
    static SetupClient setup;
    static TokenScenarios tokens;

    @BeforeAll
    static void start() throws Exception {
        issuer = new BenchTokenIssuer();
        Path data = dir.resolve("data");
        CseProcess.Launch launch = issuer.prepare(new ExportKey(), dir, data);
        assertThat(launch.runArgs()).isEmpty();
        assertThat(Files.readString(FileTrustedIssuers.fileIn(data))).contains("\"/id-das\"", "\"das-bench\"")
                .doesNotContain("\"d\"");
        server = BastionServer.start(ServerConfig.defaults().withDataDir(data).withHttpPort(0).withAdminPort(-1),
                Clock.systemUTC());
        client = new HttpClient(1);
        setup = new SetupClient(client, "127.0.0.1", server.httpPort());
        tokens = new TokenScenarios(new CseScenarios(setup), setup, issuer, 20);
    }

    /** {@code das export-key} as the server's command runs it, in this JVM; the password only in the environment. */
    static final class ExportKey implements CseProcess.Cli {
        @Override
        public String run(List<String> args, String stdin) {
            throw new AssertionError("the issuer's password must come through the environment");
        }

        @Override
        public String run(List<String> args, String stdin, Map<String, String> environment) {
            assertThat(args.subList(0, 2)).containsExactly("das", "export-key");
            assertThat(String.join(" ", args)).doesNotContain(environment.get("BASTION_DAS_KEYSTORE_PASSWORD"));
            try (Pkcs12Environment env = Pkcs12Environment.open(Path.of(option(args, "--keystore")),
                    "BASTION_DAS_KEYSTORE_PASSWORD", environment::get)) {
                return IssuerEntry.es256(option(args, "--id"), env, option(args, "--key-alias"),
                        option(args, "--key-id")).toPrettyString();
            }
        }

        private static String option(List<String> args, String name) {
            return args.get(args.indexOf(name) + 1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        BenchIt.closeAll(setup, client, server, issuer);
    }

    @Test
    void theCachedTokenReadSucceedsRequestAfterRequest() throws Exception {
        CseScenarios.Prepared p = tokens.retrieveToken();
        for (int seq = 0; seq < 3; seq++) {
            FullHttpRequest request = p.source().next(0, seq);
            assertThat(request.headers().get("Authorization")).isNotBlank().doesNotStartWith("Bearer");
            assertThat(send(request, p)).isNull();
        }
    }

    @Test
    void everyFreshReadCarriesAnotherTokenAndSucceeds() throws Exception {
        CseScenarios.Prepared p = tokens.retrieveTokenFresh();
        List<String> seen = new ArrayList<>();
        for (int seq = 0; seq < 5; seq++) {
            FullHttpRequest request = p.source().next(0, seq);
            seen.add(request.headers().get("Authorization"));
            assertThat(send(request, p)).isNull();
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(tokens.sent()).isEqualTo(5);
        assertThat(tokens.reused()).isZero();
    }

    /** Sends one request over a fresh connection; the scenario's verdict on the answer (null: success). */
    private static String send(FullHttpRequest request, CseScenarios.Prepared p) throws Exception {
        return BenchIt.exchange(client.connect("127.0.0.1", server.httpPort()), request, response -> {
            String failure = p.check().failure(response);
            return failure == null ? null : failure + ": " + M2m.body(response);
        });
    }
}
