package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.trust.mef.MefSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bastion mef mo put|list|remove}, {@code mef trust-anchor add} and {@code mef enrolee revoke} (the CLI). */
class MefMoCommandTest {
    static final String PASSWORD = "mef-mo-pw";

    @TempDir
    Path dir;
    String out;

    int mef(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", dir.resolve("data").toString(), "--keystore", dir.resolve("mef.p12").toString()));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8);
        int rc = MefCommand.run(all, new ByteArrayInputStream("00112233445566778899aabbccddeeff\n".getBytes(
                StandardCharsets.US_ASCII)), p, p, Map.of(MefSettings.PASSWORD_VARIABLE, PASSWORD)::get);
        out = o.toString(StandardCharsets.UTF_8);
        return rc;
    }

    Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void theOperatorConfiguresTheMoTreeTrustAnchorsAndRevokes() throws Exception {
        assertThat(mef("enrolee", "add", "--kpm-id", "kpm-dev1", "--key", "-", "--id", "/id-in/Cdev1")).isZero();
        Path reg = file("reg.json", "{\"dcfg:reg\":{\"poa\":[\"https://cse:8443\"],\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}");
        assertThat(mef("mo", "put", "--kpm-id", "kpm-dev1", "--path", "reg1", "--file", reg.toString())).isZero();
        assertThat(out.strip()).isEqualTo("reg1");
        Path autp = file("autp.json", "{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187]}}");
        assertThat(mef("mo", "put", "--kpm-id", "kpm-dev1", "--path", "reg1/autp1", "--file", autp.toString()))
                .isZero();
        assertThat(mef("mo", "list", "--kpm-id", "kpm-dev1")).isZero();
        assertThat(out.lines().toList()).hasSize(2).anySatisfy(l -> assertThat(l).startsWith("reg1/autp1 {"));

        Process kt = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", dir.resolve("ca.p12").toString(), "-storepass", PASSWORD, "-alias", "ca",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ta", "-ext", "bc:c").inheritIO().start();
        assertThat(kt.waitFor(60, TimeUnit.SECONDS) && kt.exitValue() == 0).isTrue();
        Process ex = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-exportcert", "-rfc", "-keystore", dir.resolve("ca.p12").toString(), "-storepass", PASSWORD,
                "-alias", "ca", "-file", dir.resolve("ca.pem").toString()).inheritIO().start();
        assertThat(ex.waitFor(60, TimeUnit.SECONDS) && ex.exitValue() == 0).isTrue();
        String cfp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CertificateFactory
                .getInstance("X.509").generateCertificate(Files.newInputStream(dir.resolve("ca.pem"))).getEncoded()));
        assertThat(mef("trust-anchor", "add", "--file", dir.resolve("ca.pem").toString(), "--fqdn", "mef.example",
                "--port", "8095")).isZero();
        assertThat(out.strip()).isEqualTo(cfp + " https://mef.example:8095/mef/ta/" + cfp);
        assertThat(mef("trust-anchor", "add", "--file", dir.resolve("ca.pem").toString())).isZero();
        assertThat(out.strip()).isEqualTo(cfp + " https://mef.bastion.example/mef/ta/" + cfp);

        assertThat(mef("mo", "remove", "--kpm-id", "kpm-dev1", "--path", "reg1")).isZero();
        assertThat(out.lines().toList()).containsExactly("reg1", "reg1/autp1");
        assertThat(mef("mo", "remove", "--kpm-id", "kpm-dev1", "--path", "reg1")).isEqualTo(1);

        assertThat(mef("enrolee", "revoke", "--kpm-id", "kpm-dev1")).isZero();
        assertThat(out).isEmpty(); // no certificate was issued to it
        assertThat(mef("enrolee", "list")).isZero();
        assertThat(out).contains("kpm-dev1", "revoked=");
        assertThat(mef("command", "add", "--kpm-id", "kpm-dev1", "--cert-prov")).isEqualTo(1);
        assertThat(out).contains("revoked");
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("\"mo-node-put\"",
                "\"mo-node-removed\"", "\"trust-anchor-added\"", "\"enrolee-revoked\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mo put --kpm-id kpm-none --path reg1 --file F     | 1 | no enrolee with KpmID kpm-none",
        "mo put --kpm-id kpm-dev1 --path ../x --file F     | 1 | MO path segment '..'",
        "mo put --kpm-id kpm-dev1 --path reg1 --file NONE  | 1 | not readable JSON",
        "mo put --kpm-id kpm-dev1 --path reg1              | 1 | --file is missing",
        "trust-anchor add --file F                         | 1 | not a PEM or DER certificate",
        "enrolee revoke --kpm-id kpm-none                  | 1 | no enrolee with KpmID kpm-none",
        "mo frob                                           | 2 | unknown mef command 'mo frob'",
    })
    void refusalsNameWhatIsWrong(String command, int rc, String message) throws Exception {
        mef("enrolee", "add", "--kpm-id", "kpm-dev1", "--key", "-", "--id", "/id-in/Cdev1");
        Path f = file("node.json", "{\"dcfg:reg\":{\"csi\":\"/id-in\"}}");
        List<String> args = new ArrayList<>();
        for (String w : command.split(" ")) {
            args.add(w.equals("F") ? f.toString() : w.equals("NONE") ? dir.resolve("none.json").toString() : w);
        }
        assertThat(mef(args.toArray(String[]::new))).isEqualTo(rc);
        assertThat(out).contains(message);
    }
}
