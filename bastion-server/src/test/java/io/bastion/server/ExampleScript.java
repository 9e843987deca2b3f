package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.it.Installed;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a script of {@code examples/} as a reader would, with this build's classes as its launcher ({@code BASTION}
 * names a wrapper calling {@code Main}, not a jar the test phase has not built yet) and {@code dir} as its TMPDIR,
 * and checks that it ended with exit code 0, stopped its processes and removed its working folder. Skipped, saying
 * why, where curl, openssl or bash is not installed.
 */
final class ExampleScript {
    private ExampleScript() {
    }

    /**
     * What {@code examples/<name>.sh} printed, once it succeeded within {@code timeoutSeconds}; its working folder is
     * {@code $TMPDIR/<folderPrefix>XXXXXX}.
     */
    static String run(Path dir, String name, String folderPrefix, long timeoutSeconds)
            throws IOException, InterruptedException {
        for (String tool : new String[] {"bash", "curl", "openssl"}) {
            Assumptions.assumeTrue(Installed.onPath(tool) != null,
                    tool + " is not installed: the example examples/" + name + ".sh is skipped");
        }
        Path script = Path.of("").toAbsolutePath().getParent().resolve("examples/" + name + ".sh");
        assertThat(script).as("the example next to the modules").isRegularFile();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        Path launcher = dir.resolve("bastion");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + javaBin.resolve("java") + "' -Xmx256m -cp '"
                + System.getProperty("java.class.path") + "' io.bastion.server.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("example.out");

        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("BASTION", launcher.toString());
        pb.environment().put("TMPDIR", dir.toString());
        // keytool comes with the JDK that runs the tests
        pb.environment().merge("PATH", javaBin.toString(), (path, jdk) -> jdk + File.pathSeparator + path);
        Process p = pb.start();
        boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String said = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as("the example ends within %d s:%n%s", timeoutSeconds, said).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        String folder = dir.resolve(folderPrefix).toString();
        assertThat(ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(folder)))
                .as("the example's processes are stopped").isEmpty();
        try (var left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString())).as("the example removed its folder")
                    .noneMatch(n -> n.startsWith(folderPrefix));
        }
        return said;
    }
}
