package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.bindings.http.ChannelRequestTransport;
import io.bastion.bindings.tls.PskClientSecurity;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authenticated Mcc between real Bastion servers in one JVM: a registrar IN-CSE with its TLS-PSK and HTTPS doors,
 * an MN-CSE reaching it over TLS-PSK ({@code registrar.psk-identity}), another over HTTPS with its CSE-ID certificate
 * ({@code registrar.client-certificate=https}); the Registrar's impersonation check for requests the MN hands over
 * (TS-0003 7.2.1 on the Mcc), {@code mcc.plain.allow}, and peers that answer garbage or nothing.
 */
class MccAuthIT {
    static final String PASSWORD = "mcc-keystore-secret";
    static final String MN_KEY = "00112233445566778899aabbccddeeff";
    static final AtomicLong RQI = new AtomicLong();

    @TempDir
    static Path dir;
    static Issued root;
    static BastionServer in;
    static BastionServer mn;
    static BastionServer mn2;
    static M2m inHttp;

    @BeforeAll
    static void start() throws Exception {
        root = TestPki.ca("Mcc Test Root");
        Path rootPem = TestPki.writePem(dir.resolve("root.pem"), root.cert());
        // the registrar: TLS-PSK and HTTPS doors, its own server certificate, the CA of its registrees trusted
        Path inData = dir.resolve("in");
        assertThat(credentials(inData, "psk", "add", "--identity", "mn@op.example", "--key", MN_KEY, "--ae",
                "/id-mn")).isZero();
        assertThat(credentials(inData, "cert", "trust", rootPem.toString())).isZero();
        Path inP12 = TestPki.localhostKeystore(Files.createDirectories(dir.resolve("in-key")), root, PASSWORD);
        in = BastionServer.start(config(inData, """
                cse.id=/id-in
                cse.name=cse-in
                registration.allowed-cses=/id-mn*,/id-dev
                mcc.plain.allow=/id-dev
                audit.permits=true
                https.port=0
                psk.port=0
                https.keystore=%s
                """.formatted(inP12)), Clock.systemUTC(), MccAuthIT::env);
        inHttp = new M2m(in.httpPort());

        // an MN-CSE over TLS-PSK: the key shared with the registrar, bound here to the registrar's CSE-ID
        Path mnData = dir.resolve("mn");
        assertThat(credentials(mnData, "psk", "add", "--identity", "mn@op.example", "--key", MN_KEY, "--ae",
                "/id-in")).isZero();
        mn = BastionServer.start(config(mnData, registree("/id-mn", "cse-mn", "https://127.0.0.1:" + in.pskPort())
                + "registrar.psk-identity=mn@op.example\n"), Clock.systemUTC(), MccAuthIT::env);

        // an MN-CSE over HTTPS: its HTTPS key's certificate names its CSE-ID, the registrar's must chain to root.pem
        Issued mn2Cert = new TestPki.Spec("CN=mn2").uri("onem2m://bastion.example/id-mn2").issue(root);
        Path mn2P12 = TestPki.pkcs12(dir.resolve("mn2.p12"), mn2Cert, PASSWORD.toCharArray());
        mn2 = BastionServer.start(config(dir.resolve("mn2"), registree("/id-mn2", "cse-mn2",
                "https://localhost:" + in.httpsPort()) + """
                registrar.trust=%s
                registrar.client-certificate=https
                https.keystore=%s
                """.formatted(rootPem, mn2P12)), Clock.systemUTC(), MccAuthIT::env);
    }

    @AfterAll
    static void stop() {
        for (BastionServer s : new BastionServer[] {mn2, mn, in}) {
            if (s != null) {
                s.close();
            }
        }
    }

    static String env(String name) {
        return name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null;
    }

    static String registree(String cseId, String name, String url) {
        return "cse.id=" + cseId + "\ncse.name=" + name + "\ncse.type=MN\nregistrar.url=" + url
                + "\nregistrar.cse-id=/id-in\nregistrar.name=cse-in\n";
    }

    static ServerConfig config(Path data, String properties) throws Exception {
        Files.createDirectories(data);
        Path file = data.resolveSibling(data.getFileName() + ".properties");
        Files.writeString(file, properties);
        return ServerConfig.load(file).withDataDir(data).withHttpPort(0).withAdminPort(-1);
    }

    static int credentials(Path data, String... args) {
        return HttpsCertificateIT.credentials(data, args);
    }

    static Response send(BastionServer from, Operation op, String to, String fr, Integer ty, String body)
            throws Exception {
        RequestTransport t = from.registrarTransport();
        String url = from == mn ? "https://127.0.0.1:" + in.pskPort() : "https://localhost:" + in.httpsPort();
        Request rq = Request.builder(op, to).fr(fr).rqi("mcc-" + RQI.incrementAndGet()).rvi("3").ty(ty)
                .pc(body == null ? null : M2m.JSON.readTree(body)).build();
        return t.send(url, rq, Serialization.JSON, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
    }

    static String csr(String csi, String cb) {
        return "{\"m2m:csr\":{\"rn\":\"" + csi.substring(4) + "\",\"cb\":\"" + cb + "\",\"cst\":2,\"rr\":true,"
                + "\"srv\":[\"3\"],\"poa\":[\"http://127.0.0.1:1\"]}}";
    }

    /** Waits until {@code cse} has registered with its registrar (both remoteCSE resources in place). */
    static void awaitRegistered(BastionServer cse) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cse.cse().registrarLink().orElseThrow().status().state()
                != io.bastion.cse.mcc.RegistrarLink.State.REGISTERED) {
            assertThat(System.nanoTime()).as("registered: %s", cse.cse().registrarLink().orElseThrow().status())
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static String audit() throws Exception {
        assertThat(in.audit().sync(Duration.ofSeconds(10))).isTrue();
        return Files.readString(dir.resolve("in").resolve(BastionServer.AUDIT_FILE));
    }

    @Test
    void anMnRegistersOverTlsPskAndOnlyTheOriginatorsItLeadsToAreHandedOver() throws Exception {
        // the MN registers itself over its TLS-PSK association (RegistrarLink)
        awaitRegistered(mn);
        Response created = send(mn, Operation.RETRIEVE, "/id-in/cse-in/id-mn", "/id-mn", null, null);
        assertThat(created.rsc().code()).as(String.valueOf(created.pc())).isEqualTo(2000);
        assertThat(created.pc().path("m2m:csr").path("csi").asText()).isEqualTo("/id-mn");
        // a container on the registrar that AEs of the MN (and of a CSE below it) may read
        String acp = inHttp.createAcp(M2m.ADMIN, "/cse-in", "mccAcp",
                M2m.rules(M2m.rule(2, "/id-mn/Clight", "/id-asn/Cdev")), M2m.rules(M2m.rule(63, M2m.ADMIN)));
        inHttp.create(M2m.ADMIN, "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"shared\",\"acpi\":[\"" + acp + "\"]}}")
                .expect(2001);

        // an AE registered with the MN, handed over by it: accepted, and decided by the registrar's policies
        assertThat(send(mn, Operation.RETRIEVE, "/id-in/cse-in/shared", "/id-mn/Clight", null, null).rsc().code())
                .isEqualTo(2000);
        assertThat(send(mn, Operation.RETRIEVE, "/id-in/cse-in/shared", "/id-mn/Cother", null, null).rsc().code())
                .isEqualTo(4103);
        // a CSE below the MN: unknown until the MN lists it in its dcse, then handed over too
        Response before = send(mn, Operation.RETRIEVE, "/id-in/cse-in/shared", "/id-asn/Cdev", null, null);
        assertThat(before.rsc().code()).isEqualTo(4106);
        assertThat(before.pc().toString()).contains("/id-asn").contains("through no registered CSE");
        assertThat(send(mn, Operation.UPDATE, "/id-in/cse-in/id-mn", "/id-mn", null,
                "{\"m2m:csr\":{\"dcse\":[\"/id-asn\"]}}").rsc().code()).isEqualTo(2004);
        assertThat(send(mn, Operation.RETRIEVE, "/id-in/cse-in/shared", "/id-asn/Cdev", null, null).rsc().code())
                .isEqualTo(2000);
        // but the MN cannot register it: a CSE registers over its own association
        Response asn = send(mn, Operation.CREATE, "/id-in/cse-in", "/id-asn", 16, csr("/id-asn", "/id-asn/cse-asn"));
        assertThat(asn.rsc().code()).isEqualTo(4106);
        assertThat(asn.pc().toString()).contains("registers over its own security association");

        // what the MN does not lead to: another CSE, an AE of another CSE, an AE of the registrar itself
        inHttp.registerAe("Cnative", "native");
        for (String forged : List.of("/id-mn2", "/id-other/Cx", "Cnative", "/id-in/Cnative")) {
            Response r = send(mn, Operation.RETRIEVE, "/id-in/cse-in", forged, null, null);
            assertThat(r.rsc().code()).as(forged).isEqualTo(4106);
        }
        // malformed CSE-IDs and AE-IDs
        for (String bad : List.of("/id-mn/Xbad", "/id-mn!/Cx", "/id-mn/Clight/more")) {
            Response r = send(mn, Operation.RETRIEVE, "/id-in/cse-in", bad, null, null);
            assertThat(r.rsc().code()).as(bad).isEqualTo(4000);
        }
        String log = audit();
        assertThat(log).contains("\"originator\":\"/id-other/Cx\"").contains("TS-0003 7.2.1")
                .contains("\"mcc\":\"handed over by /id-mn, proved by the security association\"");
    }

    @Test
    void anMnRegistersOverHttpsWithItsCseIdCertificateAndCannotClaimAnother() throws Exception {
        // the MN registers itself over HTTPS with its CSE-ID certificate (RegistrarLink)
        awaitRegistered(mn2);
        assertThat(send(mn2, Operation.RETRIEVE, "/id-in/cse-in/id-mn2", "/id-mn2", null, null).rsc().code())
                .isEqualTo(2000);
        // the certificate names /id-mn2: the MN over TLS-PSK is someone else
        assertThat(send(mn2, Operation.RETRIEVE, "/id-in/cse-in", "/id-mn", null, null).rsc().code())
                .isEqualTo(4106);
    }

    @Test
    void mccPlainAllowAdmitsTheNamedCseOverPlainHttpAndSaysSoInTheAudit() throws Exception {
        inHttp.create("/id-dev", "/cse-in", 16, csr("/id-dev", "/id-dev/cse-dev")).expect(2001);
        inHttp.retrieve("/id-dev", "/cse-in/dev").expect(2000);
        // any other CSE-ID still needs an association, and so do the AEs of CSEs it does not lead to
        inHttp.create("/id-mn9", "/cse-in", 16, csr("/id-mn9", "/id-mn9/cse-mn9")).expect(4107);
        inHttp.retrieve("/id-mn/Clight", "/cse-in").expect(4107);
        assertThat(audit()).contains("plain Mcc: /id-dev NOT authenticated, admitted by mcc.plain.allow '/id-dev'");
    }

    @Test
    void aRegistrarThatAnswersNothingOrGarbageFailsTheRequestInBoundedTime() throws Exception {
        PskStore keys = id -> Optional.of(new PskCredential(id, PreSharedKey.fromHex(MN_KEY), Set.of("/id-in")));
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             ServerSocket garbage = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> holdConnections(silent, false));
            Thread.ofVirtual().start(() -> holdConnections(garbage, true));
            for (ServerSocket s : List.of(silent, garbage)) {
                String url = "https://127.0.0.1:" + s.getLocalPort();
                try (ChannelRequestTransport t = new ChannelRequestTransport(url,
                        new PskClientSecurity(keys, "mn@op.example", null), 4)) {
                    long start = System.nanoTime();
                    Request rq = Request.builder(Operation.RETRIEVE, "/id-in/cse-in").fr("/id-mn").rqi("slow")
                            .rvi("3").build();
                    assertThatThrownBy(() -> t.send(url, rq, Serialization.JSON, Duration.ofMillis(700))
                            .get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                    // another origin is never offered the key
                    assertThat(t.supports("https://127.0.0.2:" + s.getLocalPort())).isFalse();
                }
            }
        }
    }

    static void holdConnections(ServerSocket server, boolean garbage) {
        List<Socket> held = new ArrayList<>();
        try {
            while (true) {
                Socket s = server.accept();
                held.add(s);
                if (garbage) {
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nX-M2M-RSC: 2000\r\n\r\nnot TLS at all".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the test closed the server socket
        } finally {
            for (Socket s : held) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
    }

    @Test
    void registrarSettingsThatDoNotFitAreRefusedAtStart() throws Exception {
        PskStore none = id -> Optional.empty();
        PskStore wrongBinding = id -> Optional.of(new PskCredential(id, PreSharedKey.fromHex(MN_KEY),
                Set.of("/id-mn")));
        String base = registree("/id-mn", "cse-mn", "https://127.0.0.1:1");
        assertThatThrownBy(() -> MccTransports.forRegistrar(config(dir.resolve("c1"), base
                + "registrar.psk-identity=k1@op.example\n"), none, null)).hasMessageContaining("not in this CSE's PSK store");
        assertThatThrownBy(() -> MccTransports.forRegistrar(config(dir.resolve("c2"), base
                + "registrar.psk-identity=k1@op.example\n"), wrongBinding, null))
                .hasMessageContaining("not to the registrar /id-in");
        assertThatThrownBy(() -> MccTransports.forRegistrar(config(dir.resolve("c3"), base
                + "registrar.psk-identity=k1@op.example\nregistrar.client-certificate=https\n"), wrongBinding, null))
                .hasMessageContaining("set one or the other");
        assertThatThrownBy(() -> MccTransports.forRegistrar(config(dir.resolve("c4"),
                registree("/id-mn", "cse-mn", "http://127.0.0.1:1")), none, null))
                .hasMessageContaining("mcc.plain.allow");
        assertThatThrownBy(() -> MccTransports.forRegistrar(config(dir.resolve("c5"), base
                + "registrar.client-certificate=https\n"), none, null)).hasMessageContaining("https.keystore");
        RequestTransport plain = MccTransports.forRegistrar(config(dir.resolve("c6"),
                registree("/id-mn", "cse-mn", "http://127.0.0.1:1") + "mcc.plain.allow=/id-in\n"), none, null);
        assertThat(plain.supports("http://127.0.0.1:1")).isTrue();
        assertThatThrownBy(() -> config(dir.resolve("c7"), "mcc.plain.allow=id-mn\n"))
                .hasMessageContaining("mcc.plain.allow entries are CSE-ID globs");
    }
}
