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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CSE under test, as a subprocess: {@code java -Xmx512m -XX:+UseParallelGC -jar SERVER_JAR run --http-port 0
 * --data TEMP}, plus what a {@link Provisioner} adds (credentials in the data folder, more doors, environment). Its
 * stdout is read for the {@code listening http=PORT ...} line (and then drained), its stderr goes to a file in the
 * temporary folder, which is deleted on {@link #close()}.
 */
final class CseProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("^listening\\b.*\\bhttp=(\\d+)\\b.*");
    private static final Pattern DOOR_PORT = Pattern.compile("\\b([a-z]+)=(\\d+)\\b");

    /**
     * Prepares the data folder before the CSE starts (e.g. runs {@code credentials} commands of the server jar) and
     * says what to add to the {@code run} command line and to the environment.
     */
    interface Provisioner {
        Provisioner NONE = (cli, workDir, dataDir) -> new Launch(List.of(), Map.of());

        Launch prepare(Cli cli, Path workDir, Path dataDir) throws InterruptedException;

        /** Both preparations, this one first; their arguments and environments added up. */
        default Provisioner and(Provisioner next) {
            return (cli, workDir, dataDir) -> {
                Launch a = prepare(cli, workDir, dataDir);
                Launch b = next.prepare(cli, workDir, dataDir);
                List<String> args = new ArrayList<>(a.runArgs());
                args.addAll(b.runArgs());
                Map<String, String> env = new HashMap<>(a.environment());
                env.putAll(b.environment());
                return new Launch(List.copyOf(args), Map.copyOf(env));
            };
        }
    }

    /** Extra {@code run} arguments and environment variables (e.g. the keystore password, never on the command line). */
    record Launch(List<String> runArgs, Map<String, String> environment) {
    }

    /** Runs another command of the server's command line, e.g. {@code credentials ...}. */
    interface Cli {
        /** Runs {@code bastion ARGS} with {@code stdin} (or nothing) as input; fails unless it succeeds. */
        String run(List<String> args, String stdin) throws InterruptedException;

        /**
         * The same with extra environment variables (e.g. a keystore password, never on the command line); a command
         * line that cannot pass them refuses.
         */
        default String run(List<String> args, String stdin, Map<String, String> environment)
                throws InterruptedException {
            if (!environment.isEmpty()) {
                throw new SetupException("this command line cannot pass environment variables");
            }
            return run(args, stdin);
        }
    }

    /** The server jar's command line: the same JVM binary and jar as the CSE. */
    record JarCli(String java, Path serverJar, Path workDir) implements Cli {
        /** Runs {@code java -jar SERVER_JAR ARGS}; fails with its output (the CLI never prints keys) unless it exits 0. */
        @Override
        public String run(List<String> args, String stdin) throws InterruptedException {
            return run(args, stdin, Map.of());
        }

        /** Runs {@code java -jar SERVER_JAR ARGS} with {@code environment} added to this process's. */
        @Override
        public String run(List<String> args, String stdin, Map<String, String> environment)
                throws InterruptedException {
            List<String> command = new ArrayList<>(List.of(java, "-jar", serverJar.toAbsolutePath().toString()));
            command.addAll(args);
            Path output = workDir.resolve("cli-output.txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                pb.environment().putAll(environment);
                Process p = pb.start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new SetupException("bastion " + String.join(" ", args) + " did not finish in 60 s");
                }
                String out = Files.readString(output, StandardCharsets.UTF_8).strip();
                if (p.exitValue() != 0) {
                    throw new SetupException("bastion " + String.join(" ", args) + " exited with " + p.exitValue()
                            + ": " + out);
                }
                return out;
            } catch (IOException e) {
                throw new SetupException("cannot run bastion " + String.join(" ", args) + ": " + e.getMessage());
            }
        }
    }

    private static final int KEPT_LINES = 200;

    private final Process process;
    private final Path workDir;
    private final Path stderrFile;
    private final List<String> command;
    private final Deque<String> stdoutLines = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Map<String, Integer> doorPorts = new ConcurrentHashMap<>();
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
        return start(serverJar, jvmOptions, timeout, Provisioner.NONE);
    }

    /** The same, with the data folder prepared by {@code provisioner} first. */
    static CseProcess start(Path serverJar, List<String> jvmOptions, Duration timeout, Provisioner provisioner)
            throws InterruptedException {
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Launch launch;
        try {
            Files.createDirectories(dataDir);
            launch = provisioner.prepare(new JarCli(java, serverJar, workDir), workDir, dataDir);
        } catch (IOException e) {
            deleteTree(workDir);
            throw new SetupException("cannot prepare the data folder " + dataDir + ": " + e.getMessage());
        } catch (RuntimeException | InterruptedException e) {
            deleteTree(workDir);
            throw e;
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx512m");
        // As ./bastion run starts it: the throughput collector unless an option names another one.
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
            command.add("-XX:+UseParallelGC");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toAbsolutePath().toString(),
                "run", "--http-port", "0", "--admin-port", "-1", "--data", dataDir.toString()));
        command.addAll(launch.runArgs());
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(launch.environment());
            p = pb
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

    /** The port the {@code listening} line gave for a door (http, https, psk, coap, coaps), or -1. */
    int port(String door) {
        return doorPorts.getOrDefault(door, -1);
    }

    ProcessHandle handle() {
        return process.toHandle();
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
                        Matcher doors = DOOR_PORT.matcher(line);
                        while (doors.find()) {
                            doorPorts.put(doors.group(1), Integer.parseInt(doors.group(2)));
                        }
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

    static void deleteTree(Path root) {
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
