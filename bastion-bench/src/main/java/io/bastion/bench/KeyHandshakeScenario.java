package io.bastion.bench;

import io.bastion.bindings.tls.PskTlsClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * {@code handshake-maf} and {@code handshake-mef}: TLS-PSK handshakes at the CSE's PSK door with a key issued by a
 * {@link KeyFunction} (a MAF, TS-0003 8.2.2.3, or a MEF, 8.2.2.2) next to handshakes with a provisioned PSK, in one
 * run: the function's process ({@code maf run} / {@code mef run}) and a CSE process ({@code maf.*} / {@code mef.*})
 * from the server jar, credentials by its command line. One client, one handshake at a time (connect, full TLS 1.2
 * PSK handshake, close), so that the three figures differ only by what the CSE does for the identity:
 * <ul>
 *   <li>{@code provisioned}: a KpsaID from the CSE's PSK store;</li>
 *   <li>{@code <prefix>-warm}: a Key Identifier whose key the CSE has cached;</li>
 *   <li>{@code <prefix>-cold}: a Key Identifier the CSE has not seen, so that the handshake waits for a Key Retrieval
 *       at the function (over the CSE's kept TLS-PSK connection to it). Each cold handshake needs its own key: the
 *       bench registers them first ({@link #COLD_KEYS}), all in one session with key values of its own ({@code kv}:
 *       a key exported from the session would need a session each); the function's PKCS#12 key store is rewritten at
 *       every registration, so more would mostly measure the set-up.</li>
 * </ul>
 * Ratios are handshakes per second to the provisioned ones.
 */
final class KeyHandshakeScenario {
    static final int COLD_KEYS = 40;
    /** Cold handshakes made before measuring, so that the JIT has compiled the retrieval path too. */
    static final int COLD_WARMUP = 10;
    static final int WARM_HANDSHAKES = 300;
    private static final TlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyFunction function;
    private final String password = BenchPki.randomHex(16);
    /** The bench's key with the function and the CSE's, as {@link KeyFunction#provision} provisions them. */
    final byte[] keyClient = HexFormat.of().parseHex(BenchPki.randomHex(16));
    final byte[] keyCse = HexFormat.of().parseHex(BenchPki.randomHex(16));
    private final String provisioned = "bench-dev@bench.example";
    private final byte[] keyProvisioned = HexFormat.of().parseHex(BenchPki.randomHex(16));

    KeyHandshakeScenario(KeyFunction function) {
        this.function = function;
    }

    /** One measured kind of handshake. */
    record Figure(String name, int handshakes, double seconds, long[] nanos) {
        double perSecond() {
            return handshakes / seconds;
        }

        double millis(double percentile) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.ceil(percentile / 100 * s.length) - 1)] / 1e6;
        }
    }

    /** Runs the scenario and prints its figures; returns them (empty when it could not be set up). */
    List<Figure> run(Path serverJar, List<String> jvmOptions, Duration startup) throws InterruptedException {
        String prefix = function.prefix();
        Path work;
        try {
            work = Files.createTempDirectory("bastion-bench-" + prefix + "-");
        } catch (IOException e) {
            throw new SetupException("cannot create a temporary folder: " + e.getMessage());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path functionData = work.resolve(prefix + "-data");
        Map<String, String> environment = Map.of(function.passwordVariable(), password);
        Process server = null;
        try {
            function.provision(new CseProcess.JarCli(java, serverJar, work), functionData, keyClient, keyCse,
                    environment);
            int port = freePort();
            server = start(java, serverJar, jvmOptions, functionData, port, work, startup, environment);
            try (CseProcess cse = CseProcess.start(serverJar, jvmOptions, startup, (c, workDir, dataDir) -> {
                addPsk(c, dataDir, function.cseIdentity(), keyCse, KeyFunction.CSE_ID);
                addPsk(c, dataDir, provisioned, keyProvisioned, "Cdev");
                Path cfg = workDir.resolve(prefix + "-client.properties");
                try {
                    Files.writeString(cfg, function.cseConfiguration(port));
                } catch (IOException e) {
                    throw new SetupException("cannot write " + cfg + ": " + e.getMessage());
                }
                return new CseProcess.Launch(List.of("--config", cfg.toString(), "--psk-port", "0"), Map.of());
            })) {
                int psk = cse.port("psk");
                System.out.println("    " + prefix.toUpperCase(Locale.ROOT) + " on port " + port + ", CSE psk " + psk
                        + "; registering " + (COLD_KEYS + COLD_WARMUP + 1) + " keys there");
                List<byte[][]> keys = registerKeys(port, COLD_KEYS + COLD_WARMUP + 1);
                byte[][] warm = keys.remove(0);
                System.out.println("    warm-up: " + WARM_HANDSHAKES + " provisioned and " + WARM_HANDSHAKES
                        + " cached-key handshakes, " + COLD_WARMUP + " with a retrieval; then the same measured");
                for (int i = 0; i < WARM_HANDSHAKES; i++) {
                    handshake(psk, provisioned, keyProvisioned);
                    handshake(psk, identity(warm), warm[1]); // the first one caches the warm key
                }
                for (int i = 0; i < COLD_WARMUP; i++) {
                    byte[][] k = keys.remove(0);
                    handshake(psk, identity(k), k[1]);
                }
                List<Figure> figures = new ArrayList<>();
                figures.add(measure("provisioned", psk, n -> new byte[][] {provisioned.getBytes(
                        StandardCharsets.UTF_8), keyProvisioned}, WARM_HANDSHAKES));
                figures.add(measure(prefix + "-warm", psk, n -> new byte[][] {identity(warm).getBytes(
                        StandardCharsets.UTF_8), warm[1]}, WARM_HANDSHAKES));
                figures.add(measure(prefix + "-cold", psk, n -> new byte[][] {identity(keys.get(n)).getBytes(
                        StandardCharsets.UTF_8), keys.get(n)[1]}, keys.size()));
                return figures;
            }
        } catch (IOException e) {
            throw new SetupException(function.scenario() + ": " + e.getMessage());
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(20, TimeUnit.SECONDS);
            }
            CseProcess.deleteTree(work);
        }
    }

    /** The PSK identity of a registered key: its Key Identifier, {@code RelativeKeyID@FQDN}. */
    String identity(byte[][] key) {
        return new String(key[0], StandardCharsets.US_ASCII) + "@" + function.fqdn();
    }

    /** Adds a PSK to the CSE's (or the MAF's) PSK store in {@code dataDir}, bound to {@code boundTo}. */
    static void addPsk(CseProcess.Cli cli, Path dataDir, String identity, byte[] key, String boundTo)
            throws InterruptedException {
        cli.run(List.of("credentials", "--data", dataDir.toString(), "psk", "add", "--identity", identity, "--key",
                "-", "--ae", boundTo), HexFormat.of().formatHex(key) + "\n");
    }

    private Process start(String java, Path jar, List<String> jvmOptions, Path data, int port, Path work,
                          Duration startup, Map<String, String> environment) {
        String prefix = function.prefix();
        Path stderr = work.resolve(prefix + "-stderr.log");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(function.runArgs(data, port, function.passwordVariable()));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(stderr.toFile());
            pb.environment().putAll(environment);
            Process p = pb.start();
            CompletableFuture<Void> listening = CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        if (l.startsWith("listening " + prefix + "=")) {
                            return;
                        }
                    }
                    throw new SetupException("the " + prefix.toUpperCase(Locale.ROOT)
                            + " ended without a 'listening' line; see " + stderr);
                } catch (IOException e) {
                    throw new SetupException("the " + prefix.toUpperCase(Locale.ROOT) + "'s output: "
                            + e.getMessage());
                }
            });
            try {
                listening.get(startup.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroy();
                throw e;
            }
            return p;
        } catch (Exception e) {
            throw new SetupException("the " + prefix.toUpperCase(Locale.ROOT) + " did not start: " + e.getMessage());
        }
    }

    /**
     * Registers the bench with the function and {@code n} keys with self-generated values, all in one session;
     * each is {RelativeKeyID, key}.
     */
    List<byte[][]> registerKeys(int port, int n) throws IOException {
        List<byte[][]> keys = new ArrayList<>();
        String et = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now().plus(Duration.ofHours(1)));
        try (Session s = new Session(port, function.prefix(), function.clientIdentity(), keyClient)) {
            s.expect(s.post(function.clientRegistration(et), function.clientRegistrationType()), 2001);
            Pattern rn = Pattern.compile("\"rn\":\"([0-9a-f]{32})\"");
            for (int i = 0; i < n; i++) {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                String answer = s.expect(s.post(function.keyRegistration(et,
                        Base64.getEncoder().encodeToString(key)), 9003), 2001);
                Matcher m = rn.matcher(answer);
                if (!m.find()) {
                    throw new SetupException("the key registration answered no RelativeKeyID: " + answer);
                }
                keys.add(new byte[][] {m.group(1).getBytes(StandardCharsets.US_ASCII), key});
            }
        }
        return keys;
    }

    private interface Credential {
        byte[][] of(int n);
    }

    private static Figure measure(String name, int port, Credential credential, int count) throws IOException {
        long[] nanos = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            byte[][] c = credential.of(i);
            long t = System.nanoTime();
            handshake(port, new String(c[0], StandardCharsets.US_ASCII), c[1]);
            nanos[i] = System.nanoTime() - t;
        }
        return new Figure(name, count, (System.nanoTime() - start) / 1e9, nanos);
    }

    private static void handshake(int port, String identity, byte[] key) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            TlsClientProtocol tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            tls.connect(new PskTlsClient(CRYPTO, identity, key, ProtocolVersion.TLSv12,
                    CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, null));
            tls.close();
        }
    }

    /** Prints the figures and the ratios to the provisioned handshakes. */
    static void print(List<Figure> figures) {
        double reference = figures.get(0).perSecond();
        for (Figure f : figures) {
            System.out.printf(Locale.ROOT, "    %-12s %5d handshakes  %8.1f/s  p50 %6.2f ms  p99 %6.2f ms  ratio %.2f%n",
                    f.name(), f.handshakes(), f.perSecond(), f.millis(50), f.millis(99), f.perSecond() / reference);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new SetupException("no free port: " + e.getMessage());
        }
    }

    /** One TLS-PSK session with the MAF or MEF, carrying HTTP/1.1 requests one after the other. */
    private static final class Session implements AutoCloseable {
        private final Socket socket;
        private final TlsClientProtocol tls;
        private final String base;
        private int seq;

        Session(int port, String base, String identity, byte[] key) throws IOException {
            this.base = base;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            tls.connect(new PskTlsClient(CRYPTO, identity, key, ProtocolVersion.TLSv12,
                    CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, null));
        }

        /** POSTs {@code body} to the MAFBase or MEFBase; returns the status code and the body as "rsc body". */
        String post(String body, int ty) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST /" + base + " HTTP/1.1\r\nHost: " + base + "\r\nX-M2M-Origin: Cphone\r\nX-M2M-RI: bench-" + (seq++)
                    + "\r\nX-M2M-RVI: 3\r\nAccept: application/json\r\nContent-Type: application/json;ty=" + ty
                    + "\r\nContent-Length: " + b.length + "\r\n\r\n";
            OutputStream out = tls.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            return read(tls.getInputStream());
        }

        String expect(String answer, int rsc) {
            if (!answer.startsWith(rsc + " ")) {
                throw new SetupException("the " + base.toUpperCase(Locale.ROOT) + " answered " + answer);
            }
            return answer.substring(answer.indexOf(' ') + 1);
        }

        private static String read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("the function closed the connection");
                }
                head.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
            }
            String h = head.toString(StandardCharsets.US_ASCII);
            Matcher len = Pattern.compile("(?i)content-length: *(\\d+)").matcher(h);
            Matcher rsc = Pattern.compile("(?i)x-m2m-rsc: *(\\d+)").matcher(h);
            byte[] body = len.find() ? in.readNBytes(Integer.parseInt(len.group(1))) : new byte[0];
            return (rsc.find() ? rsc.group(1) : "?") + " " + new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            try {
                tls.close();
            } finally {
                socket.close();
            }
        }
    }
}
