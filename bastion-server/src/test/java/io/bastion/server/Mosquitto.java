package io.bastion.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real mosquitto broker for a test, on a free loopback port, with the configuration the test gives (plain or TLS,
 * with or without an ACL file), stopped and started again on the same port at will. Tests call {@link #installed()}
 * first and skip when Debian's {@code mosquitto} is missing ({@code .ci/run} installs it).
 */
final class Mosquitto implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> extra = new ArrayList<>();
    private Process process;

    /** The mosquitto binary (it lives in /usr/sbin, off a user's PATH), or null. */
    static String binary() {
        for (String p : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return io.bastion.server.it.Installed.onPath("mosquitto");
    }

    static boolean installed() {
        return binary() != null && io.bastion.server.it.Installed.onPath("mosquitto_pub") != null
                && io.bastion.server.it.Installed.onPath("mosquitto_sub") != null;
    }

    Mosquitto(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /** Adds configuration lines to the listener (TLS files, acl_file, max_packet_size…). */
    Mosquitto with(String... lines) {
        extra.addAll(List.of(lines));
        return this;
    }

    int port() {
        return port;
    }

    Mosquitto start() throws IOException, InterruptedException {
        List<String> conf = new ArrayList<>(List.of("per_listener_settings false", "allow_anonymous true",
                "persistence false",
                // started as root, mosquitto would become the user mosquitto, who cannot read the test's files
                "user " + System.getProperty("user.name"),
                "listener " + port + " 127.0.0.1"));
        conf.addAll(extra);
        Path file = dir.resolve("mosquitto.conf");
        Files.write(file, conf);
        process = new ProcessBuilder(binary(), "-c", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto stopped: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    /** Kills the broker (no goodbye to its clients), and waits for it. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** The broker's CPU time so far, or -1 when unknown. */
    Duration cpu() {
        return process == null ? Duration.ZERO
                : process.toHandle().info().totalCpuDuration().orElse(Duration.ofMillis(-1));
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto.log"));
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
