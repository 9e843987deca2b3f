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
 * code and a message naming what is wrong, never a stack trace, never the key given; and {@code device enrol}
 * against a real MEF in this JVM writing the keys of its autp nodes.
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

    /**
     * Against a real MEF in this JVM: an autp with SUID 22 processed by MO_NODE leaves DIR/keys/reg1_autp2.key (mode
     * 600, identity and key), the identity printed and the key not; the key in the file is the one the CSE, a target
     * of it, retrieves from the MEF (8.3.5.2.8).
     */
    @Test
    void enrolWritesEachAutpKeyToAPrivateFileAndPrintsOnlyItsIdentity() throws Exception {
        String fqdn = "mef.bastion.example";
        byte[] kpmCse = java.util.HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");
        new io.bastion.trust.das.KeytoolPki(dir, "mef-pw").ca("mefca");
        io.bastion.security.environment.Pkcs12Environment env = io.bastion.security.environment.Pkcs12Environment
                .open(dir.resolve("mefca.p12"), "PW", Map.of("PW", "mef-pw")::get);
        io.bastion.trust.mef.MefAdmin admin = io.bastion.trust.mef.MefAdmin.open(dir.resolve("mef"), env,
                java.time.Clock.systemUTC());
        admin.addEnrolee("kpm1", io.bastion.security.credential.PreSharedKey.of(
                java.util.HexFormat.of().parseHex(KEY)), "/id-in/Cdev1");
        admin.addEnrolee("kpm-cse", io.bastion.security.credential.PreSharedKey.of(kpmCse.clone()), "/id-in");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        admin.putMoNode("kpm1", "reg1", json.readTree("{\"dcfg:reg\":{\"poa\":[\"https://127.0.0.1:8443\"],"
                + "\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"));
        admin.putMoNode("kpm1", "reg1/autp2", json.readTree("{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":\"PT1H\"}}"));
        admin.putMoNode("kpm1", "reg1/autp2/mecrc", json.readTree("{\"dcfg:mecrc\":{\"fq\":\"" + fqdn
                + "\",\"adfq\":\"sp.example\"}}"));
        admin.putMoNode("kpm1", "reg1/autp4", json.readTree("{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187]}}"));
        admin.queueMoNode("kpm1", "reg1/autp2", 1, 22);
        admin.queueMoNode("kpm1", "reg1/autp4", 1, 42);
        try (io.bastion.trust.mef.MefServer mef = io.bastion.trust.mef.MefServer.start(
                io.bastion.trust.mef.MefSettings.defaults(dir.resolve("mef")).withPort(0).withFqdn(fqdn)
                        .withKeystore(dir.resolve("mefca.p12")).withCaAlias("ca"), env, java.time.Clock.systemUTC())) {
            Path out = dir.resolve("out");
            Run r = run(KEY + "\n", PASSWORD, replaced(replaced(enrol(), "--mef", "127.0.0.1:" + mef.port()),
                    "--out", out.toString()).toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).as(r.out()).contains("c1 class 3 reported 20\n");
            Path file = out.resolve("keys").resolve("reg1_autp2.key");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "identity=([0-9a-f]{32})@mef\\.bastion\\.example\nkey=([0-9a-f]{64})\n")
                    .matcher(Files.readString(file));
            assertThat(m.matches()).as(Files.readString(file).replaceAll("key=.*", "key=…")).isTrue();
            assertThat(r.out()).contains("key reg1/autp2 (SUID 22) " + m.group(1) + "@" + fqdn + " for /id-in")
                    .doesNotContain(m.group(2));
            assertThat(r.err()).doesNotContain(m.group(2));
            // only autps processed to a symmetric key get a file (autp4, SUID 42, is a certificate's profile)
            try (Stream<Path> files = Files.list(out.resolve("keys"))) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".key")))
                        .containsExactly("reg1_autp2.key");
            }
            // the key in the file is the one the MEF gives the target CSE
            io.bastion.client.trust.MafKey got = io.bastion.client.trust.MefClient.to("127.0.0.1", mef.port(),
                    "kpm-cse", kpmCse).mefFqdn(fqdn).mefClientId("/id-in")
                    .timeout(java.time.Duration.ofSeconds(20)).retrieveKey(m.group(1));
            assertThat(java.util.HexFormat.of().formatHex(got.key())).isEqualTo(m.group(2));
            assertThat(got.suid()).isEqualTo(22);
        }
    }
}
