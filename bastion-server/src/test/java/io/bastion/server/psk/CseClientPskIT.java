package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Result;
import io.bastion.client.Tls;
import io.bastion.client.trust.MafClient;
import io.bastion.client.trust.MafKey;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.server.BastionServer;
import io.bastion.server.MafClientSettings;
import io.bastion.server.it.M2m;
import io.bastion.trust.maf.MafServer;
import io.bastion.trust.maf.MafSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CseClient} over a CSE's TLS-PSK door ({@code CseClient.builder("https://HOST:PORT").psk(identity, key)}), a
 * real CSE and a real MAF in this JVM: with a provisioned KpsaID (TS-0003 8.2.2.1), and with a key the phone
 * registered at the MAF through {@link MafClient} (MAF-based SAEF, 8.2.2.3): registration 2001, the association bound
 * to its AE-ID (another originator 4106), a wrong key refused, and the phone's KmID removed at the MAF ending the open
 * association (4107) at the CSE's next recheck.
 */
class CseClientPskIT {
    static final String DEVICE_ID = "dev1@issuer.example";
    static final byte[] DEVICE_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final String KM_PHONE = "km-phone@maf.example";
    static final byte[] K_PHONE = HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f");
    static final String KM_CSE = "km-cse@maf.example";
    static final String K_CSE = "101112131415161718191a1b1c1d1e1f";
    static final Function<String, String> ENV = Map.of("BASTION_KEYSTORE_PASSWORD", "maf-it-secret")::get;

    @TempDir
    static Path dir;
    static MafServer maf;
    static BastionServer cse;

    @BeforeAll
    static void start() {
        Path mafDir = dir.resolve("maf");
        Path cseDir = dir.resolve("cse");
        for (String[] c : new String[][] {{KM_PHONE, HexFormat.of().formatHex(K_PHONE), "Cphone"},
                {KM_CSE, K_CSE, "/id-in"}}) {
            assertThat(CredentialsCli.run(List.of("--data", mafDir.toString(), "psk", "add", "--identity", c[0],
                    "--key", c[1], "--ae", c[2]), ENV).code()).isZero();
        }
        assertThat(CredentialsCli.run(List.of("--data", cseDir.toString(), "psk", "add", "--identity", KM_CSE,
                "--key", K_CSE, "--ae", "/id-in"), ENV).code()).isZero();
        assertThat(CredentialsCli.run(List.of("--data", cseDir.toString(), "psk", "add", "--identity", DEVICE_ID,
                "--key", HexFormat.of().formatHex(DEVICE_KEY), "--ae", "Cpskdev"), ENV).code()).isZero();
        maf = MafServer.start(MafSettings.defaults().withFqdn("maf.example").withPort(0).withDataDir(mafDir)
                .withAdminFqdns(Set.of("sp.example")), ENV, Clock.systemUTC());
        cse = BastionServer.start(M2m.config(cseDir).withPskPort(0).withMaf(new MafClientSettings(
                "https://127.0.0.1:" + maf.port(), KM_CSE, null, Duration.ofMillis(400), Duration.ofSeconds(3))));
    }

    @AfterAll
    static void stop() {
        if (cse != null) {
            cse.close();
        }
        if (maf != null) {
            maf.close();
        }
    }

    static CseClient client(String identity, byte[] key, String originator) {
        return CseClient.builder("https://127.0.0.1:" + cse.pskPort()).cseId("/id-in").originator(originator)
                .timeout(Duration.ofSeconds(10)).psk(identity, key).build();
    }

    @Test
    void aProvisionedKpsaIdRegistersItsAeAndNoOtherOriginator() {
        try (CseClient c = client(DEVICE_ID, DEVICE_KEY, "Cpskdev")) {
            Result r = c.registerAe("pskdev", "Nbastion.psk");
            assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(r.attribute("aei")).isEqualTo("Cpskdev");
            // kept alive: several requests on the session, then a container under the AE
            for (int i = 0; i < 3; i++) {
                assertThat(c.retrieve("cse-in/pskdev").rsc()).isEqualTo(ResponseStatusCode.OK);
            }
            assertThat(c.createContainer("cse-in/pskdev", "box").rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(c.createContentInstance("cse-in/pskdev/box", "21.5").rsc())
                    .isEqualTo(ResponseStatusCode.CREATED);
            assertThat(c.latest("cse-in/pskdev/box").attribute("con")).isEqualTo("21.5");
        }
        try (CseClient other = client(DEVICE_ID, DEVICE_KEY, "Cintruder")) {
            assertThatThrownBy(() -> other.registerAe("intruder", "Nbastion.psk")).isInstanceOf(CseException.class)
                    .satisfies(e -> assertThat(((CseException) e).code()).isEqualTo(4106));
        }
    }

    @Test
    void aWrongKeyIsRefusedAndNamedUnreachableWithoutTheKey() {
        byte[] wrong = DEVICE_KEY.clone();
        wrong[0] ^= 1;
        try (CseClient c = client(DEVICE_ID, wrong, "Cpskdev")) {
            assertThatThrownBy(() -> c.retrieve("cse-in")).isInstanceOf(CseException.class)
                    .satisfies(e -> assertThat(((CseException) e).code()).isEqualTo(5103))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("0102030405"));
        }
    }

    @Test
    void pskAndTlsExcludeEachOtherAndPskNeedsHttps() throws Exception {
        // any CA will do: the builder refuses before using it (the JDK's own trust store has some)
        java.security.KeyStore jdk = java.security.KeyStore.getInstance(Path.of(System.getProperty("java.home"),
                "lib", "security", "cacerts").toFile(), "changeit".toCharArray());
        Tls tls = Tls.trusting((java.security.cert.X509Certificate) jdk.getCertificate(jdk.aliases().nextElement()));
        assertThatThrownBy(() -> CseClient.builder("https://127.0.0.1:1").cseId("/id-in").psk(DEVICE_ID, DEVICE_KEY)
                .tls(tls).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CseClient.builder("http://127.0.0.1:1").cseId("/id-in").psk(DEVICE_ID, DEVICE_KEY)
                .build()).isInstanceOf(IllegalStateException.class);
    }

    /** MAF-based SAEF: the phone registers a key for the CSE and uses it; removing its KmID at the MAF revokes it. */
    @Test
    void aPhoneWithAMafKeyRegistersItsAeAndLosesTheAssociationWhenItsKmIdIsRemoved() throws Exception {
        MafKey k;
        try (MafClient phone = MafClient.connect("127.0.0.1", maf.port(), KM_PHONE, K_PHONE, "Cphone",
                Duration.ofSeconds(10))) {
            phone.register("sp.example", Instant.now().plus(Duration.ofHours(1)), null);
            k = phone.registerKey("sp.example", "/id-in", Instant.now().plus(Duration.ofHours(1)));
        }
        try (CseClient c = client(k.pskIdentity(), k.key(), "Cphone")) {
            Result r = c.registerAe("phone", "Nbastion.phone");
            assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(r.attribute("aei")).isEqualTo("Cphone");
            assertThat(c.send(c.request(io.bastion.core.primitive.Operation.RETRIEVE, "cse-in/phone").fr("Cother")
                    .build()).rsc().code()).isEqualTo(4106);

            assertThat(CredentialsCli.run(List.of("--data", dir.resolve("maf").toString(), "psk", "remove",
                    "--identity", KM_PHONE), ENV).code()).isZero();
            Thread.sleep(1_500); // the MAF sees its PSK file within 0.2 s, the CSE rechecks its MAF keys every 0.4 s
            assertThatThrownBy(() -> c.retrieve("cse-in/phone")).isInstanceOf(CseException.class)
                    .satisfies(e -> assertThat(((CseException) e).code()).isEqualTo(4107));
        }
        String audit = Files.readString(dir.resolve("maf").resolve("maf").resolve("audit.jsonl"),
                StandardCharsets.UTF_8);
        assertThat(audit).contains("\"event\":\"key retrieval\",\"client\":\"/id-in\",\"record\":\""
                + k.relativeKeyId() + "\",\"rsc\":4004").contains("is bound to no KmID");
        assertThat(audit).doesNotContain(HexFormat.of().formatHex(k.key()));
    }
}
