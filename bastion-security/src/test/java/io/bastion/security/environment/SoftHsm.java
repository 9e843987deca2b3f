package io.bastion.security.environment;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A SoftHSM2 token for the tests, made once per test JVM: SoftHSM reads {@code SOFTHSM2_CONF} (set by surefire to a
 * file under the build folder) when the JVM first loads it, so the file and an empty token folder are written first,
 * then {@code softhsm2-util --init-token --free} makes the token. Tests are skipped when SoftHSM2 is not installed.
 */
public final class SoftHsm {
    static final String LABEL = "bastion-test";
    public static final String PIN = "4321-user";
    static final String SO_PIN = "8765-so";
    public static final String PIN_ENV = "BASTION_TEST_PKCS11_PIN";
    private static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/lib64/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));
    private static SoftHsm token;
    private static int names;

    final Path conf;
    final Path library;
    final long slot;

    private SoftHsm(Path conf, Path library, long slot) {
        this.conf = conf;
        this.library = library;
        this.slot = slot;
    }

    /** The token, made on first use; skips the calling test when SoftHSM2 is missing. */
    public static synchronized SoftHsm token() throws IOException, InterruptedException {
        Path util = onPath("softhsm2-util");
        assumeTrue(util != null, "softhsm2-util is not installed (apt-get install softhsm2)");
        Path library = LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(library != null, "libsofthsm2.so not found");
        String confVar = System.getenv("SOFTHSM2_CONF");
        assumeTrue(confVar != null, "SOFTHSM2_CONF is not set (run the tests through Maven)");
        if (token == null) {
            Path conf = Path.of(confVar).toAbsolutePath();
            Path tokens = conf.resolveSibling("tokens");
            if (Files.exists(tokens)) {
                try (Stream<Path> s = Files.walk(tokens)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(tokens);
            Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
            String out = run(List.of(util.toString(), "--init-token", "--free", "--label", LABEL, "--pin", PIN,
                    "--so-pin", SO_PIN), conf);
            Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("softhsm2-util did not name the slot: " + out);
            }
            token = new SoftHsm(conf, library, Long.parseLong(m.group(1)));
        }
        return token;
    }

    /** A SunPKCS11 configuration file for the token, under a fresh provider name. */
    public synchronized Path configFile(Path dir) throws IOException {
        String name = "bastion-test-" + (++names);
        return Files.writeString(dir.resolve(name + ".cfg"), Pkcs11Environment.configText(name, library, slot));
    }

    /** keytool from the running JDK, with {@code SOFTHSM2_CONF} set; returns its output, fails on an error. */
    public String keytool(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(args);
        return run(cmd, conf);
    }

    /** Generates an EC P-256 key pair and self-signed certificate on the token with keytool, as the README does. */
    public void generateKey(Path config, String alias, String dname) throws IOException, InterruptedException {
        keytool(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", dname, "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-validity", "30", "-keystore", "NONE", "-storetype", "PKCS11",
                "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", config.toString(),
                "-storepass", PIN));
    }

    /** The certificate of {@code alias} as keytool exports it from the token, as another process would read it. */
    public X509Certificate certificate(Path config, String alias) throws IOException, InterruptedException,
            CertificateException {
        String pem = keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", "NONE",
                "-storetype", "PKCS11", "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg",
                config.toString(), "-storepass", PIN));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem.substring(pem.indexOf("-----BEGIN")).getBytes(StandardCharsets.US_ASCII)));
    }

    static String run(List<String> cmd, Path conf) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", conf.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd.subList(0, Math.min(2, cmd.size())))
                    + " failed: " + out);
        }
        return out;
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        for (String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
