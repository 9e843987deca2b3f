package io.bastion.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's contract for the server's heap: bounded by default, {@code BASTION_MAX_HEAP} changes the bound, an
 * explicit {@code -Xmx} in {@code BASTION_JAVA_OPTS} wins. The real {@code ./bastion} and {@code .ci/jdk.sh} run in
 * a copy of the repository layout, against a stand-in JDK whose {@code java} prints the options it was given.
 */
class LauncherHeapTest {
    @TempDir
    Path root;

    @BeforeEach
    void layout() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(root.resolve(".ci"));
        Files.copy(repo.resolve("bastion"), root.resolve("bastion"));
        Files.copy(repo.resolve(".ci/jdk.sh"), root.resolve(".ci/jdk.sh"));
        // A built jar and no sources: the launcher does not try to build.
        Files.createDirectories(root.resolve("bastion-server/target"));
        Files.writeString(root.resolve("bastion-server/target/bastion-server.jar"), "");
        Path bin = Files.createDirectories(root.resolve("jdk/bin"));
        Files.writeString(root.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\n");
        executable(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
        executable(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
    }

    @Test
    void theServerGetsABoundedHeapByDefault() throws Exception {
        assertThat(launch(Map.of())).contains("-Xmx512m ").contains("-jar ").endsWith("run --http-port 0");
    }

    @Test
    void bastionMaxHeapChangesTheBound() throws Exception {
        String line = launch(Map.of("BASTION_MAX_HEAP", "2g"));
        assertThat(line).contains("-Xmx2g ").doesNotContain("-Xmx512m");
    }

    @Test
    void anXmxOrRamPercentageInTheJavaOptionsWins() throws Exception {
        assertThat(launch(Map.of("BASTION_JAVA_OPTS", "-Xmx1g"))).contains("-Xmx1g").doesNotContain("-Xmx512m");
        assertThat(launch(Map.of("BASTION_JAVA_OPTS", "-XX:MaxRAMPercentage=50"))).doesNotContain("-Xmx");
    }

    @Test
    void aMalformedHeapSizeIsRefusedWithAClearMessage() throws Exception {
        assertThat(launch(Map.of("BASTION_MAX_HEAP", "lots")))
                .contains("BASTION_MAX_HEAP must be a size such as 512m or 2g");
    }

    private String launch(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", root.resolve("bastion").toString(), "run",
                "--http-port", "0")).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.remove("BASTION_JAVA_OPTS");
        e.remove("BASTION_MAX_HEAP");
        Map<String, String> all = new HashMap<>(env);
        all.put("JAVA_HOME", root.resolve("jdk").toString());
        e.putAll(all);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
