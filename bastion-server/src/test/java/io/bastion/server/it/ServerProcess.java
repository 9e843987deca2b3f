package io.bastion.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code bastion run} as the operator starts it: {@code Main run ...} in a JVM of its own, its log (standard error)
 * in a file, for what only the real launch sets up, such as the log configuration. {@link #start} waits for the
 * {@code listening http=… coap=…} line and returns the ports it names.
 */
public final class ServerProcess implements AutoCloseable {
    private static final long START_SECONDS = 60;

    private final Process process;
    private final Map<String, Integer> ports;

    private ServerProcess(Process process, Map<String, Integer> ports) {
        this.process = process;
        this.ports = ports;
    }

    /** Starts {@code run ...runArgs} with its log in {@code log} and waits for its {@code listening} line. */
    public static ServerProcess start(List<String> runArgs, Path log) throws IOException {
        return start(runArgs, Map.of(), log);
    }

    /** As {@link #start(List, Path)}, with {@code environment} added to the process's (e.g. a keystore password). */
    public static ServerProcess start(List<String> runArgs, Map<String, String> environment, Path log)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(runArgs);
        return launch(args, environment, log);
    }

    /**
     * Starts {@code Main} with {@code args} (any command that prints a {@code listening door=PORT …} line, e.g.
     * {@code mef run}) and waits for that line.
     */
    public static ServerProcess launch(List<String> args, Map<String, String> environment, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(DasProcess.command(args)).redirectError(log.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("listening ")) {
                        return line;
                    }
                }
                throw new IllegalStateException("the server ended its output without a 'listening' line");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String pair : listening.get(START_SECONDS, TimeUnit.SECONDS).substring(10).trim().split(" ")) {
                String[] kv = pair.split("=");
                ports.put(kv[0], Integer.parseInt(kv[1]));
            }
            return new ServerProcess(p, ports);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            p.destroyForcibly();
            throw new IllegalStateException("the server did not print its 'listening' line within " + START_SECONDS
                    + " s; log: " + log, e);
        }
    }

    /** The port of {@code door} ({@code http}, {@code coap}, …) as the listening line named it. */
    public int port(String door) {
        Integer p = ports.get(door);
        if (p == null) {
            throw new IllegalArgumentException("no " + door + " port in " + ports);
        }
        return p;
    }

    /** Kills the server as {@code kill -9} does (SIGKILL: no shutdown hook runs) and waits for it to end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not end within 20 s of SIGKILL");
        }
    }

    /** Stops the server (its shutdown hook first) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
