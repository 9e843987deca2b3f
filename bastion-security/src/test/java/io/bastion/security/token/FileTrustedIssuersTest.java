package io.bastion.security.token;

import static io.bastion.security.token.TokenFixtures.DAS;
import static io.bastion.security.token.TokenFixtures.NOW;
import static io.bastion.security.token.TokenFixtures.PARSER;
import static io.bastion.security.token.TokenFixtures.SECRET;
import static io.bastion.security.token.TokenFixtures.claims;
import static io.bastion.security.token.TokenFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.bastion.security.environment.Pkcs12Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** token-issuers.json: JWKs per issuer, reloaded on change, failing closed on a broken file. */
class FileTrustedIssuersTest {
    @TempDir
    Path dir;

    private void write(Path file, String json, long mtime) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    }

    @Test
    void loadsJwksVerifiesTokensAndFollowsChanges() throws Exception {
        try (Pkcs12Environment env = TokenFixtures.environment(dir, "das")) {
            String ec = new ECKey.Builder(Curve.P_256, (ECPublicKey) env.publicKey("das")).keyID("das-1").build()
                    .toJSONString();
            String oct = new OctetSequenceKey.Builder(SECRET).keyID("das-hs").build().toJSONString();
            Path file = FileTrustedIssuers.fileIn(dir.resolve("data"));
            write(file, "{\"version\":1,\"issuers\":[{\"issuer\":\"" + DAS + "\",\"keys\":[" + ec + "," + oct
                    + "]},{\"issuer\":\"/id-aa\",\"keys\":[]}]}", 1_000_000);
            FileTrustedIssuers issuers = new FileTrustedIssuers(file, Duration.ZERO);
            assertThat(issuers.list()).extracting(TrustedIssuer::issuerId).containsExactly(DAS, "/id-aa");
            assertThat(issuers.issuer(DAS).orElseThrow().keys()).hasSize(2);
            assertThat(issuers.issuer(DAS).orElseThrow().keys().toString()).doesNotContain("0123456789abcdef");
            TokenVerifier verifier = new TokenVerifier(issuers, PARSER);
            assertThat(verifier.verify(TokenSigner.es256(env, "das", "das-1").sign(claims()), expect("Cae1", NOW)))
                    .isNotNull();
            assertThat(verifier.verify(TokenSigner.hs256(SECRET, "das-hs").sign(claims()), expect("Cae1", NOW)))
                    .isNotNull();

            write(file, "{\"version\":1,\"issuers\":[{\"issuer\":\"" + DAS + "\",\"keys\":[" + oct + "]}]}",
                    2_000_000);
            assertThat(issuers.issuer("/id-aa")).as("reloaded").isEmpty();
            assertThatThrownBy(() -> verifier.verify(TokenSigner.es256(env, "das", "das-1").sign(claims()),
                    expect("Cae1", NOW))).hasMessage("JWS algorithm ES256 is not permitted for issuer /id-das");

            write(file, "{\"issuers\":[{\"issuer\":\"x\",\"keys\":[{\"kty\":\"oct\",\"k\":\"c2hvcnQ\"}]}]}", 3_000_000);
            assertThat(issuers.issuer(DAS)).as("a broken file trusts nobody").isEmpty();
            assertThat(issuers.issuer("x")).isEmpty();
        }
    }

    @Test
    void refusesPrivateKeysOtherCurvesAndShortSecrets() throws Exception {
        Path file = dir.resolve("t.json");
        String priv = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(Curve.P_256).generate().toJSONString();
        String p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(Curve.P_384).generate().toPublicJWK()
                .toJSONString();
        for (String[] c : new String[][] {{priv, "a private key does not belong"}, {p384, "only P-256"},
                {"{\"kty\":\"oct\",\"k\":\"c2hvcnQ\"}", "at least 32 bytes"}, {"{\"kty\":\"RSA\"}", "keys[0]"}}) {
            write(file, "{\"issuers\":[{\"issuer\":\"x\",\"keys\":[" + c[0] + "]}]}", 1_000);
            assertThatThrownBy(() -> FileTrustedIssuers.read(file)).hasMessageContaining(c[1]);
        }
        assertThat(new FileTrustedIssuers(dir.resolve("absent.json"), Duration.ZERO).issuer("x")).isEmpty();
    }
}
