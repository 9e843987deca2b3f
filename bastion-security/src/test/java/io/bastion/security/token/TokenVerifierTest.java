package io.bastion.security.token;

import static io.bastion.security.token.TokenFixtures.DAS;
import static io.bastion.security.token.TokenFixtures.NOW;
import static io.bastion.security.token.TokenFixtures.PARSER;
import static io.bastion.security.token.TokenFixtures.SECRET;
import static io.bastion.security.token.TokenFixtures.claims;
import static io.bastion.security.token.TokenFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.util.Base64URL;
import io.bastion.security.environment.Pkcs12Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** oneM2M JWT signing and verification: ES256 in a PKCS#12 secure environment, HS256, nested JWE, every refusal. */
class TokenVerifierTest {
    @TempDir
    static Path dir;
    static Pkcs12Environment env;
    static TokenSigner es256;
    static TokenSigner hs256;
    static TokenVerifier verifier;
    static KeyPair cseKey;
    static KeyPair strangerKey;

    @BeforeAll
    static void keys() throws Exception {
        env = TokenFixtures.environment(dir, "das");
        es256 = TokenSigner.es256(env, "das", "das-1");
        hs256 = TokenSigner.hs256(SECRET, "das-hs");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        cseKey = g.generateKeyPair();
        strangerKey = g.generateKeyPair();
        TrustedIssuers issuers = TrustedIssuers.of(
                new TrustedIssuer(DAS, List.of(new IssuerKey.EcP256("das-1", (ECPublicKey) env.publicKey("das")),
                        new IssuerKey.Hmac("das-hs", SECRET))),
                new TrustedIssuer("/id-ec-only", List.of(new IssuerKey.EcP256(null,
                        (ECPublicKey) env.publicKey("das")))));
        verifier = new TokenVerifier(issuers, PARSER).withDecryptionKey((ECPrivateKey) cseKey.getPrivate(), "cse-1");
    }

    @AfterAll
    static void close() {
        env.close();
    }

    @Test
    void es256SignedInsideTheEnvironmentVerifies() throws Exception {
        String jwt = es256.sign(claims());
        assertThat(jwt.split("\\.")).hasSize(3);
        String header = new String(Base64URL.from(jwt.substring(0, jwt.indexOf('.'))).decode(), StandardCharsets.UTF_8);
        assertThat(header).contains("\"typ\":\"JWT\"").contains("\"alg\":\"ES256\"").contains("\"kid\":\"das-1\"");
        VerifiedToken v = verifier.verify(jwt, expect("Cae1", NOW));
        assertThat(v.claims()).isEqualTo(claims());
        assertThat(v.compact()).isEqualTo(jwt);
        assertThat(v.grantedPermissions()).hasSize(2);
    }

    @Test
    void hs256Verifies() throws Exception {
        assertThat(verifier.verify(hs256.sign(claims()), expect("Cae1", NOW)).tokenId()).isEqualTo("tk-1@das.example");
    }

    @Test
    void theHolderIsComparedInTheCsesOriginatorForm() throws Exception {
        String jwt = es256.sign(claims("//sp.example/id-in/Cae1", List.of("//sp.example/id-in")));
        assertThat(verifier.verify(jwt, expect("Cae1", NOW)).claims().holder()).isEqualTo("//sp.example/id-in/Cae1");
    }

    @Test
    void nestedSignThenEncryptIsAccepted() throws Exception {
        String jwe = es256.encryptTo((ECPublicKey) cseKey.getPublic(), "cse-1").sign(claims());
        assertThat(jwe.split("\\.")).hasSize(5);
        assertThat(verifier.verify(jwe, expect("Cae1", NOW)).claims()).isEqualTo(claims());
        TokenVerifier noKey = new TokenVerifier(TrustedIssuers.of(new TrustedIssuer(DAS, List.of(
                new IssuerKey.Hmac(null, SECRET)))), PARSER);
        assertThatThrownBy(() -> noKey.verify(jwe, expect("Cae1", NOW))).isInstanceOf(TokenRefusedException.class)
                .hasMessage("encrypted tokens are not accepted: this CSE has no token decryption key");
    }

    @Test
    void audienceWildcardsOnlyWhenAllowedAndOnlyWithinASegment() throws Exception {
        String jwt = es256.sign(claims("Cae1", List.of("/id-*")));
        assertThatThrownBy(() -> verifier.verify(jwt, expect("Cae1", NOW)))
                .hasMessageContaining("audience does not include this CSE");
        TokenExpectations wild = new TokenExpectations("/id-in", "Cae1", NOW, true, TokenFixtures.FORMS);
        assertThat(verifier.verify(jwt, wild)).isNotNull();
        assertThat(verifier.verify(es256.sign(claims("Cae1", List.of("//*/id-in"))), wild)).isNotNull();
        assertThatThrownBy(() -> verifier.verify(es256.sign(claims("Cae1", List.of("*"))), wild))
                .hasMessageContaining("audience does not include this CSE");
        assertThatThrownBy(() -> verifier.verify(es256.sign(claims("Cae1", List.of("/id-in*/x"))), wild))
                .hasMessageContaining("audience does not include this CSE");
    }

    static Stream<Arguments> refusals() throws Exception {
        String good = es256.sign(claims());
        String[] parts = good.split("\\.");
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String tamperedPayload = parts[0] + "." + b64(claims().toJwtJson().put("azp", "Cae1").put("exp",
                NOW.getEpochSecond() + 99999).toString()) + "." + parts[2];
        TokenSigner strangerHs = TokenSigner.hs256("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8),
                "das-hs");
        TokenClaims unknownIssuer = new TokenClaims("1", "t", "Cae1", "/id-evil", NOW.minusSeconds(1),
                NOW.plusSeconds(60), null, List.of("/id-in"), null, null);
        TokenClaims ecOnly = new TokenClaims("1", "t", "Cae1", "/id-ec-only", NOW.minusSeconds(1),
                NOW.plusSeconds(60), null, List.of("/id-in"), null, null);
        TokenClaims noAudience = claims("Cae1", List.of());
        String encryptionOnly = encrypt(claims().toJwtJson().toString(), null);
        String encryptedToStranger = es256.encryptTo((ECPublicKey) strangerKey.getPublic(), null).sign(claims());
        return Stream.of(
                Arguments.of("alg none", none, "Cae1", NOW, "unsecured tokens (alg none) are refused"),
                Arguments.of("unknown issuer", es256.sign(unknownIssuer), "Cae1", NOW,
                        "token issuer /id-evil is not trusted"),
                Arguments.of("wrong key", strangerHs.sign(claims()), "Cae1", NOW,
                        "token signature does not verify with the keys of issuer /id-das"),
                Arguments.of("wrong alg for issuer", hs256.sign(ecOnly), "Cae1", NOW,
                        "JWS algorithm HS256 is not permitted for issuer /id-ec-only"),
                Arguments.of("unknown kid", TokenSigner.hs256(SECRET, "other").sign(claims()), "Cae1", NOW,
                        "issuer /id-das has no key other"),
                Arguments.of("wrong audience", es256.sign(claims("Cae1", List.of("/id-other"))), "Cae1", NOW,
                        "token audience does not include this CSE (/id-in)"),
                Arguments.of("no audience", es256.sign(noAudience), "Cae1", NOW, "token names no audience"),
                Arguments.of("wrong holder", good, "Cmallory", NOW, "token holder Cae1 is not the originator"),
                Arguments.of("no originator", good, null, NOW, "token holder Cae1 is not the originator"),
                Arguments.of("expired", good, "Cae1", NOW.plusSeconds(60), "token tk-1@das.example expired at"),
                Arguments.of("not yet valid", good, "Cae1", NOW.minusSeconds(61),
                        "token tk-1@das.example is not valid before"),
                Arguments.of("tampered payload", tamperedPayload, "Cae1", NOW,
                        "token signature does not verify with the keys of issuer /id-das"),
                Arguments.of("tampered signature", parts[0] + "." + parts[1] + "." + parts[2].substring(4) + "AAAA",
                        "Cae1", NOW, "token signature does not verify"),
                Arguments.of("garbage", "hello world", "Cae1", NOW, "not a compact JWS or JWE (unexpected character)"),
                Arguments.of("one part", "abc", "Cae1", NOW, "not a compact JWS or JWE (it must have 3 or 5 parts)"),
                Arguments.of("empty", "", "Cae1", NOW, "empty token"),
                Arguments.of("null", null, "Cae1", NOW, "empty token"),
                Arguments.of("garbage header", "e30x.e30.AAAA", "Cae1", NOW, "malformed JOSE header"),
                Arguments.of("payload not json", parts[0] + "." + b64("not json") + "." + parts[2], "Cae1", NOW,
                        "the JWS payload is not a JSON claim set"),
                Arguments.of("oversized", "a".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1) + ".b.c", "Cae1", NOW,
                        "token longer than 16384 characters"),
                Arguments.of("typ missing", b64("{\"alg\":\"HS256\"}") + "." + parts[1] + "." + parts[2], "Cae1", NOW,
                        "JWS header typ must be JWT"),
                Arguments.of("RS256", b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2],
                        "Cae1", NOW, "JWS algorithm RS256 is not accepted"),
                Arguments.of("encryption only", encryptionOnly, "Cae1", NOW, "encryption-only tokens are refused"),
                Arguments.of("encrypted to another CSE", encryptedToStranger, "Cae1", NOW, "cannot decrypt the token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithAClearReason(String name, String token, String originator, java.time.Instant at, String reason) {
        assertThatThrownBy(() -> verifier.verify(token, expect(originator, at)))
                .isInstanceOf(TokenRefusedException.class).hasMessageStartingWith(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception"));
    }

    private static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A JWE of {@code payload} to the CSE's key, without cty: the encryption-only class. */
    private static String encrypt(String payload, String cty) throws Exception {
        JWEHeader.Builder h = new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM)
                .type(JOSEObjectType.JWT);
        if (cty != null) {
            h.contentType(cty);
        }
        JWEObject jwe = new JWEObject(h.build(), new Payload(payload));
        jwe.encrypt(new ECDHEncrypter((ECPublicKey) cseKey.getPublic()));
        return jwe.serialize();
    }

    @Test
    void signerFactoriesRefuseUnfitKeys() {
        assertThatThrownBy(() -> TokenSigner.hs256(new byte[16], null)).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> TokenSigner.es256(env, "nope", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
