package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.server.BastionServer;
import io.bastion.server.CoapSettings;
import io.bastion.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's transport clients against a real CSE (in this JVM) provisioned the way the bench provisions it:
 * credentials through the server's {@code credentials} command, the bench's own certificates and keystore. Real
 * TLS-PSK, TLS and DTLS handshakes; no figures are checked, only that every transport reads the resource.
 */
class TransportClientsIT {
    @TempDir
    static Path dir;
    static BenchCredentials credentials;
    static BastionServer server;
    static HttpClient client;
    static SetupClient setup;
    static CseScenarios scenarios;

    @BeforeAll
    static void start() throws Exception {
        credentials = new BenchCredentials(CseScenarios.READER);
        Path data = dir.resolve("data");
        CseProcess.Launch launch = credentials.prepare(TransportClientsIT::credentialsCommand, dir, data);
        List<String> args = launch.runArgs();
        assertThat(args).contains("--psk-port", "--https-port", "--coap-port", "--coaps-port");
        // What "run --config FILE --data DIR --xxx-port 0 --admin-port -1" makes of it.
        ServerConfig config = ServerConfig.load(Path.of(args.get(args.indexOf("--config") + 1)));
        config = config.withDataDir(data).withHttpPort(0).withAdminPort(-1).withPskPort(0)
                .withHttps(config.https().withPort(0)).withCoap(new CoapSettings(0, 0));
        server = BastionServer.start(config, Clock.systemUTC(), launch.environment()::get);
        client = new HttpClient(1);
        setup = new SetupClient(client, "127.0.0.1", server.httpPort());
        scenarios = new CseScenarios(setup);
        scenarios.latestUri();
    }

    /** The server's command line in this JVM, as the bench runs it from the jar. */
    static String credentialsCommand(List<String> args, String stdin) {
        String text = BenchIt.credentials(args, stdin);
        assertThat(text).doesNotContain(java.util.HexFormat.of().formatHex(credentials.pskKey()));
        return text;
    }

    @AfterAll
    static void stop() throws Exception {
        BenchIt.closeAll(setup, client, server);
    }

    static String read(int port, ChannelSecurity security) throws Exception {
        CseScenarios.Prepared p = scenarios.retrieveLa("127.0.0.1:" + port, "it-");
        return BenchIt.exchange(client.connect("127.0.0.1", port, security), p.source().next(0, 0), response -> {
            String failure = p.check().failure(response);
            return failure == null ? M2m.body(response) : failure + " " + M2m.body(response);
        });
    }

    @Test
    void theReaderReadsOverBothTlsPskVersionsAndHttpsWithItsCertificate() throws Exception {
        ChannelSecurity psk12 = credentials.tls12Psk();
        assertThat(read(server.pskPort(), psk12)).contains("\"m2m:cin\"");
        assertThat(psk12.negotiated()).isEqualTo("TLS 1.2 TLS_PSK_WITH_AES_128_CBC_SHA256");
        ChannelSecurity psk13 = credentials.tls13Psk();
        assertThat(read(server.pskPort(), psk13)).contains("\"m2m:cin\"");
        assertThat(psk13.negotiated()).isEqualTo("TLS 1.3 TLS_AES_128_GCM_SHA256");
        ChannelSecurity https = credentials.certificate(true);
        assertThat(read(server.httpsPort(), https)).contains("\"m2m:cin\"");
        assertThat(https.negotiated()).startsWith("TLSv1.");
    }

    @Test
    void handshakesWithoutResumptionAreFullOnes() throws Exception {
        ChannelSecurity.TlsCertificate tls = credentials.certificate(false);
        long before = tls.fullHandshakes();
        for (int i = 0; i < 3; i++) {
            client.handshake("127.0.0.1", server.httpsPort(), tls).get(20, TimeUnit.SECONDS).close().sync();
        }
        assertThat(tls.fullHandshakes() - before).isEqualTo(3);
        client.handshake("127.0.0.1", server.pskPort(), credentials.tls12Psk()).get(20, TimeUnit.SECONDS).close()
                .sync();
    }

    @Test
    void aWrongPreSharedKeyFailsTheHandshake() {
        byte[] wrong = credentials.pskKey();
        wrong[0] ^= 1;
        ChannelSecurity bad = new ChannelSecurity.TlsPsk(new org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto(),
                BenchCredentials.PSK_IDENTITY, wrong, ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256);
        assertThatThrownBy(() -> client.connect("127.0.0.1", server.pskPort(), bad))
                .isInstanceOf(SetupException.class).hasMessageContaining("handshake");
    }

    @Test
    void coapAndCoapsLoadsReadWithoutErrors() throws Exception {
        String path = scenarios.latestUri();
        for (boolean secure : new boolean[] {false, true}) {
            CoapLoad.Target target = new CoapLoad.Target("127.0.0.1", secure ? server.coapsPort() : server.coapPort(),
                    path, CseScenarios.READER, secure ? BenchCredentials.PSK_IDENTITY : null,
                    secure ? credentials.pskKey() : null);
            LoadRun.Result r = CoapLoad.run(secure ? "coaps" : "coap", target, 2, 2, 1, Duration.ofMillis(300),
                    Duration.ofMillis(500), CpuMeter.BENCH_ONLY);
            assertThat(r.errors()).as(r.errorSamples().toString()).isEmpty();
            assertThat(r.warmupErrors()).isZero();
            assertThat(r.requests()).isPositive();
        }
    }
}
