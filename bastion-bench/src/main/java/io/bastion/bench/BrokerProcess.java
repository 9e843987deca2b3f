package io.bastion.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The MQTT broker of {@code retrieve-la-mqtt}: Debian's mosquitto on a free loopback port, anonymous, no persistence,
 * as a subprocess whose CPU the report notes (the broker's own cost is part of what an MQTT door costs).
 */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private BrokerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The broker binary, or null when mosquitto is not installed. */
    static String binary() {
        for (String p : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    static BrokerProcess start() {
        String bin = binary();
        if (bin == null) {
            throw new SetupException("mosquitto is not installed (apt-get install mosquitto)");
        }
        try {
            Path dir = Files.createTempDirectory("bastion-bench-broker-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("mosquitto.conf");
            Files.write(conf, List.of("per_listener_settings false", "allow_anonymous true", "persistence false",
                    "user " + System.getProperty("user.name"), "max_queued_messages 100000", "set_tcp_nodelay true",
                    "listener " + port + " 127.0.0.1"));
            Process p = new ProcessBuilder(bin, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && p.isAlive()) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return new BrokerProcess(p, port, dir);
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            throw new SetupException("mosquitto did not listen on " + port + ": "
                    + Files.readString(dir.resolve("mosquitto.log")));
        } catch (IOException e) {
            throw new SetupException("cannot start mosquitto: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted while starting mosquitto");
        }
    }

    int port() {
        return port;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
