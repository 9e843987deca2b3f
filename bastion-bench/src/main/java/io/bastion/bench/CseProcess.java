package io.bastion.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CSE under test, as a subprocess: {@code java -Xmx512m -XX:+UseParallelGC -jar SERVER_JAR run --http-port 0
 * --data TEMP}. Its
 * stdout is read for the {@code listening http=PORT} line (and then drained), its stderr goes to a file in the
 * temporary folder, which is deleted on {@link #close()}.
 */
final class CseProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("^listening\\b.*\\bhttp=(\\d+)\\b.*");
    private static final int KEPT_LINES = 200;

    private final Process process;
    private final Path workDir;
    private final Path stderrFile;
    private final List<String> command;
    private final Deque<String> stdoutLines = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread shutdownHook;
    private boolean closed;

    private CseProcess(Process process, Path workDir, Path stderrFile, List<String> command) {
        this.process = process;
        this.workDir = workDir;
        this.stderrFile = stderrFile;
        this.command = command;
        this.shutdownHook = new Thread(this::stop, "bench-cse-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread reader = new Thread(this::readStdout, "bench-cse-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the server and waits for its port; throws {@link SetupException} (with its stderr) if that fails. */
    static CseProcess start(Path serverJar, List<String> jvmOptions, Duration timeout) throws InterruptedException {
        if (!Files.isRegularFile(serverJar)) {
            throw new SetupException("server jar not found: " + serverJar
                    + " (build it with ./mvnw package, or run the benchmark through ./bastion bench)");
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("bastion-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
        Path dataDir = workDir.resolve("data");
        Path stderrFile = workDir.resolve("cse-stderr.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // As ./bastion run starts it: the throughput collector unless an option names another one.
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
            command.add("-XX:+UseParallelGC");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toAbsolutePath().toString(),
                "run", "--http-port", "0", "--admin-port", "-1", "--data", dataDir.toString()));
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(stderrFile.toFile())
                    .start();
        } catch (IOException e) {
            deleteTree(workDir);
            throw new SetupException("cannot start the CSE (" + String.join(" ", command) + "): " + e.getMessage());
        }
        CseProcess cse = new CseProcess(p, workDir, stderrFile, command);
        cse.awaitPort(timeout);
        return cse;
    }

    int port() {
        return port.join();
    }

    String commandLine() {
        return String.join(" ", command);
    }

    private void awaitPort(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!port.isDone()) {
            if (!process.isAlive()) {
                // Give the stdout reader a moment to see a line printed just before exiting.
                TimeUnit.MILLISECONDS.sleep(200);
                if (port.isDone()) {
                    break;
                }
                String why = "the CSE exited with code " + process.exitValue()
                        + " before printing 'listening http=PORT'";
                abort(why);
            }
            if (System.nanoTime() > deadline) {
                abort("the CSE did not print 'listening http=PORT' within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Stops the process, then fails with the reason and what it wrote. */
    private void abort(String why) {
        String report = why + "\n  command: " + commandLine()
                + "\n  stdout (last lines):\n" + indent(stdoutTail())
                + "\n  stderr (last lines):\n" + indent(stderrTail(60));
        close();
        throw new SetupException(report);
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!port.isDone()) {
                    Matcher m = LISTENING.matcher(line.strip());
                    if (m.matches()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                synchronized (stdoutLines) {
                    stdoutLines.addLast(line);
                    if (stdoutLines.size() > KEPT_LINES) {
                        stdoutLines.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // The process went away; nothing more to read.
        }
    }

    String stdoutTail() {
        synchronized (stdoutLines) {
            return stdoutLines.isEmpty() ? "(nothing)" : String.join("\n", stdoutLines);
        }
    }

    String stderrTail(int lines) {
        try {
            if (!Files.exists(stderrFile)) {
                return "(nothing)";
            }
            List<String> all = Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
            if (all.isEmpty()) {
                return "(nothing)";
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + stderrFile + ": " + e.getMessage() + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the CSE (SIGTERM, then SIGKILL after 10 s) and deletes its temporary folder. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // Already shutting down: the hook runs stop() itself.
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(workDir);
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover file in the temp folder is not worth failing the report.
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // Same.
        }
    }
}
