package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bastion device}'s refusals before anything is sent, and with nobody listening: each bad input has its exit
 * code and a message naming what is wrong, never a stack trace, never the key given.
 */
class DeviceCommandTest {
    static final String KEY = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DeviceCommand.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env::get);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final Map<String, String> PASSWORD = Map.of(DeviceCommand.PASSWORD_VARIABLE, "pw");

    static List<String> enrol(String... extra) {
        List<String> a = new ArrayList<>(List.of("enrol", "--mef", "127.0.0.1:1", "--kpm-id", "kpm1", "--key", "-",
                "--admin-fqdn", "sp.example", "--out", "out"));
        a.addAll(List.of(extra));
        return a;
    }

    static List<String> mafKey(String... extra) {
        List<String> a = new ArrayList<>(List.of("maf-key", "--maf", "127.0.0.1:1", "--km-id", "km@maf.example",
                "--key", "-", "--id", "Cphone", "--target", "/id-in", "--admin-fqdn", "sp.example", "--out", "k"));
        a.addAll(List.of(extra));
        return a;
    }

    static List<String> without(List<String> args, String option) {
        List<String> a = new ArrayList<>(args);
        int i = a.indexOf(option);
        a.remove(i + 1);
        a.remove(i);
        return a;
    }

    static List<String> replaced(List<String> args, String option, String value) {
        List<String> a = new ArrayList<>(args);
        a.set(a.indexOf(option) + 1, value);
        return a;
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("frob"), KEY, "unknown device command 'frob'"),
                Arguments.of(without(enrol(), "--mef"), KEY, "--mef is missing"),
                Arguments.of(without(enrol(), "--kpm-id"), KEY, "--kpm-id is missing"),
                Arguments.of(without(enrol(), "--out"), KEY, "--out is missing"),
                Arguments.of(without(enrol(), "--admin-fqdn"), KEY, "--admin-fqdn is missing"),
                Arguments.of(replaced(enrol(), "--mef", "localhost"), KEY, "--mef must be HOST:PORT"),
                Arguments.of(replaced(enrol(), "--mef", "localhost:"), KEY, "--mef must be HOST:PORT"),
                Arguments.of(replaced(enrol(), "--mef", "localhost:70000"), KEY, "--mef must be a port number"),
                Arguments.of(enrol("--frob", "x"), KEY, "unknown option --frob"),
                Arguments.of(enrol("--kpm-id", "again"), KEY, "--kpm-id given twice"),
                Arguments.of(enrol("--timeout-s"), KEY, "--timeout-s needs a value"),
                Arguments.of(enrol("--timeout-s", "0"), KEY, "--timeout-s must be a positive number"),
                Arguments.of(enrol(), "", "--key - found no key on standard input"),
                Arguments.of(enrol(), "0011zz", "--key: hex digits expected"),
                Arguments.of(enrol(), "0011", "--key: a key of at least 16 bytes"),
                Arguments.of(mafKey("--lifetime-s", "-5"), KEY, "--lifetime-s must be a positive number"),
                Arguments.of(without(mafKey(), "--target"), KEY, "--target is missing"),
                Arguments.of(without(mafKey(), "--admin-fqdn"), KEY, "--admin-fqdn is missing"),
                Arguments.of(without(mafKey(), "--id"), KEY, "--id is missing"),
                Arguments.of(mafKey("--mef", "h:1"), KEY, "unknown option --mef"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void badInputIsAUsageErrorNamingWhatIsWrong(List<String> args, String stdin, String message) {
        Run r = run(stdin + "\n", PASSWORD, args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("bastion: " + message).contains("usage: bastion device enrol")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err() + r.out()).doesNotContain("0011zz");
    }

    @Test
    void enrolNeedsTheKeyStorePasswordBeforeItContactsAnyone() {
        Run r = run(KEY + "\n", Map.of(), enrol().toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("BASTION_DEVICE_PASSWORD is not set");
    }

    @Test
    void helpIsTheUsageAndNoArgumentsAUsageError() {
        assertThat(run("", PASSWORD, "help").code()).isZero();
        assertThat(run("", PASSWORD, "help").out()).contains("bastion device maf-key");
        assertThat(run("", PASSWORD).code()).isEqualTo(2);
    }

    @Test
    void nobodyListeningIsAConnectionErrorWithoutAStackTrace() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path out = dir.resolve("out");
        for (List<String> args : List.of(replaced(replaced(enrol(), "--mef", "127.0.0.1:" + closed), "--out",
                out.toString()), replaced(replaced(mafKey(), "--maf", "127.0.0.1:" + closed), "--out",
                out.resolve("k").toString()))) {
            Run r = run(KEY + "\n", PASSWORD, args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("bastion: cannot connect").doesNotContain("\tat ").doesNotContain(KEY);
        }
        assertThat(Files.exists(out)).as("nothing written when nothing was obtained").isFalse();
    }
}
