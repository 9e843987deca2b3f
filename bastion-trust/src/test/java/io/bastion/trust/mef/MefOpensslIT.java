package io.bastion.trust.mef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MEF's Ke and KeID against an independent implementation of the bootstrap handshake: OpenSSL's {@code s_client}
 * with the Kpm as its PSK exports {@code EXPORTER-oneM2M-Bootstrap} (48 bytes, RFC 5705) and registers over the same
 * session; the KeID the MEF answers is the hex of the first 16 bytes @ MEF-FQDN, and the Ke it stored in its secure
 * environment is the last 32 (TS-0003 10.3.1, 10.3.4). Likewise an exporter-derived MEF key and
 * {@code EXPORTER-oneM2M-Connection}.
 */
class MefOpensslIT {
    private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]{96})");
    private static final Pattern ASKI = Pattern.compile("\"aski\":\"([0-9a-f]{32})@mef\\.bastion\\.example\"");

    @TempDir
    Path dir;

    @Test
    void keAndKeIdAreWhatOpensslExports() throws Exception {
        assumeTrue(opensslPresent(), "openssl is not installed");
        byte[] kpm = HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        Pkcs12Environment env = Pkcs12Environment.openOrCreate(dir.resolve("mef.p12"), "PW", Map.of("PW", "pw")::get);
        MefAdmin.open(dir, env, Clock.systemUTC()).addEnrolee("kpm-openssl", PreSharedKey.of(kpm.clone()),
                "/id-in/Cossl");
        MefSettings settings = MefSettings.defaults(dir).withPort(0).withFqdn("mef.bastion.example");
        try (MefServer mef = MefServer.start(settings, env, Clock.systemUTC())) {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + mef.port(), "-tls1_2",
                    "-psk_identity", "kpm-openssl", "-psk", HexFormat.of().formatHex(kpm), "-cipher",
                    "PSK-AES128-CBC-SHA256", "-keymatexport", EnrolmentKey.EXPORTER_LABEL, "-keymatexportlen", "48",
                    "-ign_eof").redirectErrorStream(true).start();
            String body = "{\"sec:mecr\":{\"et\":\"20991231T000000\",\"adfq\":\"sp.bastion.example\"}}";
            try (OutputStream in = p.getOutputStream()) {
                in.write(("POST /mef HTTP/1.1\r\nHost: mef.bastion.example\r\nX-M2M-Origin: Cossl\r\nX-M2M-RI: 1\r\n"
                        + "X-M2M-RVI: 3\r\nContent-Type: application/json;ty=9005\r\nConnection: close\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher k = KEYING.matcher(out);
            Matcher a = ASKI.matcher(out);
            assertThat(k.find()).as(out).isTrue();
            assertThat(a.find()).as(out).isTrue();
            String exported = k.group(1).toLowerCase(java.util.Locale.ROOT);
            assertThat(a.group(1)).isEqualTo(exported.substring(0, 32));
            assertThat(MefKeys.ke(env, a.group(1) + "@mef.bastion.example").orElseThrow().bytes())
                    .isEqualTo(HexFormat.of().parseHex(exported.substring(32)));
        }
    }

    /**
     * An exporter-derived MEF Key Registration (8.3.5.2.7 step 2a) over an OpenSSL session: the RelativeKeyID the MEF
     * answers is the hex of the first 16 bytes OpenSSL exports with {@code EXPORTER-oneM2M-Connection}, and the key
     * it stored the last 32.
     */
    @Test
    void anExporterDerivedKeyIsWhatOpensslExportsWithTheConnectionLabel() throws Exception {
        assumeTrue(opensslPresent(), "openssl is not installed");
        byte[] kpm = HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        Pkcs12Environment env = Pkcs12Environment.openOrCreate(dir.resolve("mef.p12"), "PW", Map.of("PW", "pw")::get);
        MefAdmin.open(dir, env, Clock.systemUTC()).addEnrolee("kpm-openssl", PreSharedKey.of(kpm.clone()),
                "/id-in/Cossl");
        MefSettings settings = MefSettings.defaults(dir).withPort(0).withFqdn("mef.bastion.example");
        try (MefServer mef = MefServer.start(settings, env, Clock.systemUTC())) {
            try (TestDevice d = TestDevice.connect(mef.port(), "kpm-openssl", kpm)) {
                assertThat(d.send("POST", "/mef", 9005, "{\"sec:mecr\":{\"et\":\"20991231T000000\",\"adfq\":"
                        + "\"sp.bastion.example\"}}").rsc()).isEqualTo(2001);
            }
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + mef.port(), "-tls1_2",
                    "-psk_identity", "kpm-openssl", "-psk", HexFormat.of().formatHex(kpm), "-cipher",
                    "PSK-AES128-CBC-SHA256", "-keymatexport", io.bastion.trust.keys.ExportedKey.LABEL,
                    "-keymatexportlen", "48", "-ign_eof").redirectErrorStream(true).start();
            String body = "{\"sec:mkr\":{\"et\":\"20991231T000000\",\"adfq\":\"sp.bastion.example\",\"suid\":22,"
                    + "\"tgis\":[\"/id-in\"]}}";
            try (OutputStream in = p.getOutputStream()) {
                in.write(("POST /mef HTTP/1.1\r\nHost: mef.bastion.example\r\nX-M2M-Origin: Cossl\r\nX-M2M-RI: 2\r\n"
                        + "X-M2M-RVI: 3\r\nContent-Type: application/json;ty=9003\r\nConnection: close\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher k = KEYING.matcher(out);
            Matcher rn = Pattern.compile("\"rn\":\"([0-9a-f]{32})\"").matcher(out);
            assertThat(k.find()).as(out).isTrue();
            assertThat(rn.find()).as(out).isTrue();
            String exported = k.group(1).toLowerCase(java.util.Locale.ROOT);
            assertThat(rn.group(1)).isEqualTo(exported.substring(0, 32));
            assertThat(MefKeys.key(env, rn.group(1)).orElseThrow().bytes())
                    .isEqualTo(HexFormat.of().parseHex(exported.substring(32)));
        }
    }

    static boolean opensslPresent() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
