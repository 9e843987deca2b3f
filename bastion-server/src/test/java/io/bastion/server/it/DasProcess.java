package io.bastion.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bastion's DAS as the operator runs it: {@code io.bastion.server.Main das ...} in a JVM of its own (the java of
 * this test JVM, on the test classpath), with the keystore password only in its environment. {@link #start} waits
 * for the {@code listening das=PORT} line and fails fast, with the process's output, when it does not come.
 */
final class DasProcess implements AutoCloseable {
    static final String PASSWORD_VARIABLE = "BASTION_DAS_KEYSTORE_PASSWORD";
    private static final long START_SECONDS = 20;

    private final Process process;
    private final int port;

    private DasProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The command line that runs {@code Main} with {@code args}. */
    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.bastion.server.Main");
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts {@code das run ...args} and waits for its {@code listening} line.
     *
     * @param log where the process's standard error (its log) goes
     */
    static DasProcess start(List<String> runArgs, String password, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("das", "run"));
        args.addAll(runArgs);
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectError(log.toFile());
        pb.environment().put(PASSWORD_VARIABLE, password);
        Process p = pb.start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    if (line.startsWith("listening das=")) {
                        listening.complete(Integer.parseInt(line.substring("listening das=".length()).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IOException("the DAS process ended its output"));
        }, "das-process-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new DasProcess(p, listening.get(START_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            p.destroyForcibly();
            String out;
            synchronized (seen) {
                out = seen.toString();
            }
            throw new IllegalStateException("the DAS did not print 'listening das=PORT' within " + START_SECONDS
                    + " s; stdout:\n" + out + "log: " + log, e);
        }
    }

    /**
     * Runs {@code Main} with {@code args} to its end and returns its standard output.
     *
     * @throws IllegalStateException when it fails or takes more than 60 s
     */
    static String runToEnd(List<String> args, Map<String, String> environment) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(environment);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + String.join(" ", args) + "' did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("'" + String.join(" ", args) + "' exited with " + p.exitValue());
        }
        return new String(out.join(), StandardCharsets.UTF_8);
    }

    int port() {
        return port;
    }

    /** The consultation endpoint, as a {@code dap} entry. */
    String dap() {
        return "http://127.0.0.1:" + port + "/das";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Freezes ({@code SIGSTOP}) or thaws ({@code SIGCONT}) the process: frozen, its kernel still accepts connections
     * but nothing answers, as with a DAS that hangs.
     */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Kills the process at once (no shutdown hook), as a crash would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Stops the process (shutdown hook first, then forcibly) and waits for it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            signal("CONT"); // a frozen JVM would not run its shutdown hook
        } catch (IOException | InterruptedException | IllegalStateException e) {
            process.destroyForcibly();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
