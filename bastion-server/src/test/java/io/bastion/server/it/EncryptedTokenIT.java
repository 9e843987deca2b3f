package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import io.bastion.core.time.MutableClock;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.server.AuditLines;
import io.bastion.server.BastionServer;
import io.bastion.server.HttpsSettings;
import io.bastion.server.ServerConfig;
import io.bastion.server.TokenSettings;
import io.bastion.server.environment.Pkcs11KeySettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted tokens over HTTP (TS-0003 7.3.2.6.3, nested sign-then-encrypt JWE): the CSE reads its decryption key
 * ({@code tokens.decryption-key}) from a PKCS#12 file made by keytool, password only in the environment it is given;
 * a signed token encrypted to that key is accepted, the same token encrypted to another key and an encryption-only
 * token are refused with 4103 naming why. Configurations that cannot work stop the start with a clear message.
 */
class EncryptedTokenIT {
    static final String PASSWORD = "enc-token-secret";
    static final String VARIABLE = "BASTION_ENC_TOKEN_IT_P12";
    static final String OWNER = "Cencowner";
    static final String STRANGER = "Cencstranger";
    static final String HOME = "/cse-in/encowner";
    static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    static Path dir;
    static Path cseKeys;
    static MutableClock clock;
    static BastionServer server;
    static M2m m2m;
    static TokenMint mint;
    static ECPublicKey cseKey;
    static ECPublicKey otherKey;
    static String acp;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        cseKeys = dir.resolve("cse-tokens.p12");
        keytool(cseKeys, "tokens");
        keytool(cseKeys, "spare"); // a second key in the file: the alias picks
        Path other = dir.resolve("other-cse.p12");
        keytool(other, "tokens");
        cseKey = publicKey(cseKeys, "tokens");
        otherKey = publicKey(other, "tokens");
        mint = TokenMint.create(dir.resolve("keys"), "/id-das", "das-1");
        Path data = dir.resolve("data");
        TokenMint.trust(data, mint);
        ServerConfig c = M2m.config(data).withTokens(TokenSettings.decryptionKey("tokens", cseKeys)
                .withPasswordEnv(VARIABLE));
        server = BastionServer.start(c, clock, Map.of(VARIABLE, PASSWORD)::get);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "encowner");
        m2m.registerAe(STRANGER, "encstranger");
        acp = m2m.createAcp(OWNER, HOME, "ownerOnly", rules(rule(63, OWNER)), rules(rule(63, OWNER)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (mint != null) {
            mint.close();
        }
    }

    static void keytool(Path p12, String alias) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    static ECPublicKey publicKey(Path p12, String alias) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return (ECPublicKey) ks.getCertificate(alias).getPublicKey();
    }

    /** A container only the owner may use by its ACP; its path. */
    static String container() {
        String rn = "cnt" + SEQ.incrementAndGet();
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acp + "\"]}}").expect(2001);
        return HOME + "/" + rn;
    }

    static String tkid() {
        return "enc" + SEQ.incrementAndGet() + "@das.example";
    }

    static String acr() {
        return "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}";
    }

    static M2m.Rsp withToken(String path, String token) {
        return m2m.request("GET", path).from(STRANGER).header("Authorization", "Bearer " + token).send();
    }

    @Test
    void aSignedTokenEncryptedToTheCsesKeyGrantsAccess() {
        String cnt = container();
        m2m.retrieve(STRANGER, cnt).expect(4103);
        String tkid = tkid();
        Instant now = clock.instant();
        String jwe = mint.signEncrypted(cseKey, tkid, STRANGER, List.of(M2m.CSE_ID), now, now.plusSeconds(60),
                List.of(M2m.CSE_ID + cnt), acr());
        assertThat(jwe.split("\\.")).as("compact JWE").hasSize(5);
        M2m.Rsp ok = withToken(cnt, jwe).expect(2000);
        String ati = ok.header("X-M2M-ATI");
        assertThat(ati).endsWith(":" + tkid);
        // The Local-Token-ID works as for a plain JWS.
        m2m.request("GET", cnt + "?ltids=" + ati.substring(0, ati.indexOf(':'))).from(STRANGER).send().expect(2000);
    }

    @Test
    void theSameTokenEncryptedToAnotherKeyIsRefused() throws Exception {
        String cnt = container();
        Instant now = clock.instant();
        String jwe = mint.signEncrypted(otherKey, tkid(), STRANGER, List.of(M2m.CSE_ID), now, now.plusSeconds(60),
                List.of(M2m.CSE_ID + cnt), acr());
        String rqi = "encrypted-elsewhere-" + tkid();
        // The originator is told that this CSE cannot read it; which key it has is the operator's to read.
        assertThat(m2m.request("GET", cnt).from(STRANGER).header("X-M2M-RI", rqi)
                .header("Authorization", "Bearer " + jwe).send().expect(4103).dbg())
                .isEqualTo("token 1 of tkns is refused: " + TokenRefusedException.NOT_DECRYPTABLE);
        assertThat(AuditLines.awaitRequest(dir.resolve("data"), rqi)).contains("not encrypted to this CSE's key");
    }

    @Test
    void anEncryptionOnlyTokenIsRefused() throws Exception {
        String cnt = container();
        Instant now = clock.instant();
        // The claims themselves as the JWE payload, no signature: anyone with the CSE's public key can make one.
        String claims = TokenMint.claims("/id-das", tkid(), STRANGER, List.of(M2m.CSE_ID), now, now.plusSeconds(60),
                List.of(M2m.CSE_ID + cnt), acr()).toJwtJson().toString();
        JWEObject bare = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM)
                .type(JOSEObjectType.JWT).build(), new Payload(claims));
        bare.encrypt(new ECDHEncrypter(cseKey));
        assertThat(withToken(cnt, bare.serialize()).expect(4103).dbg()).contains("encryption-only tokens are refused");

        // Claiming cty JWT does not help when what is inside is not signed.
        String unsecured = TokenMint.unsecured(TokenMint.claims("/id-das", tkid(), STRANGER, List.of(M2m.CSE_ID),
                now, now.plusSeconds(60), List.of(M2m.CSE_ID + cnt), acr()));
        JWEObject wrapped = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW,
                EncryptionMethod.A256GCM).type(JOSEObjectType.JWT).contentType("JWT").build(),
                new Payload(unsecured));
        wrapped.encrypt(new ECDHEncrypter(cseKey));
        assertThat(withToken(cnt, wrapped.serialize()).expect(4103).dbg()).contains("alg none");
    }

    @Test
    void withoutADecryptionKeyEncryptedTokensAreRefusedSayingSo() throws Exception {
        Path data = dir.resolve("plain-data");
        TokenMint.trust(data, mint);
        try (BastionServer plain = BastionServer.start(M2m.config(data).withAdminPort(-1), clock)) {
            M2m other = new M2m(plain.httpPort());
            other.registerAe(STRANGER, "encstranger");
            Instant now = clock.instant();
            String jwe = mint.signEncrypted(cseKey, tkid(), STRANGER, List.of(M2m.CSE_ID), now, now.plusSeconds(60),
                    List.of(M2m.CSE_ID + "/cse-in"), acr());
            assertThat(other.request("GET", "/cse-in").from(STRANGER).header("Authorization", jwe).send()
                    .expect(4103).dbg()).contains("this CSE has no token decryption key");
        }
    }

    @Test
    void unusableDecryptionKeySettingsStopTheStart() {
        ServerConfig base = M2m.config(dir.resolve("refused")).withAdminPort(-1);
        // The server key on a PKCS#11 token: no ECDH there yet, and the key is never extracted.
        ServerConfig pkcs11 = base.withHttps(HttpsSettings.defaults().withPkcs11(new Pkcs11KeySettings(
                dir.resolve("softhsm.cfg"), "server", "BASTION_PKCS11_PIN")))
                .withTokens(TokenSettings.decryptionKey("server", null));
        assertThatThrownBy(() -> BastionServer.start(pkcs11, clock, Map.<String, String>of()::get))
                .hasMessageContaining("PKCS#11").hasMessageContaining("tokens.keystore");
        // No keystore at all.
        assertThatThrownBy(() -> BastionServer.start(base.withTokens(TokenSettings.decryptionKey("x", null)), clock,
                Map.<String, String>of()::get)).hasMessageContaining("needs a PKCS#12 file");
        // Wrong password: said, never shown.
        ServerConfig wrong = base.withTokens(TokenSettings.decryptionKey("tokens", cseKeys).withPasswordEnv(VARIABLE));
        assertThatThrownBy(() -> BastionServer.start(wrong, clock, Map.of(VARIABLE, "not-" + PASSWORD)::get))
                .hasMessageContaining("wrong password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        // No such alias.
        ServerConfig missing = base.withTokens(TokenSettings.decryptionKey("absent", cseKeys)
                .withPasswordEnv(VARIABLE));
        assertThatThrownBy(() -> BastionServer.start(missing, clock, Map.of(VARIABLE, PASSWORD)::get))
                .hasMessageContaining("no private key 'absent'");
    }
}
