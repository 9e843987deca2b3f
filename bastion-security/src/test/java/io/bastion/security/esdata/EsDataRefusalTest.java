package io.bastion.security.esdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import io.bastion.core.primitive.ResponseStatusCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What an ESData reader refuses, with which code and reason; and objects made by another JOSE implementation. */
class EsDataRefusalTest {
    private static final byte[] PAYLOAD = "door=locked".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair RSA = EsDataFixtures.rsa();
    private static final byte[] SECRET = EsDataFixtures.secret(32);
    private static final EsDataReader READER = new EsDataReader(EsDataKeys.builder()
            .secret("k1", SECRET).publicKey("rsa-1", RSA.getPublic()).privateKey("rsa-1", RSA.getPrivate()).build());

    static Stream<Arguments> refused() throws Exception {
        String jws = EsDataProtection.sign(PAYLOAD, EsDataForm.COMPACT, SigningKey.hmac("k1", SECRET, JWSAlgorithm.HS256));
        String[] p = jws.split("\\.");
        String jwe = EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A256GCM, EsDataForm.COMPACT,
                RecipientKey.symmetric("k1", SECRET, JWEAlgorithm.A256KW));
        String[] e = jwe.split("\\.");
        String json = EsDataProtection.sign(PAYLOAD, EsDataForm.JSON, SigningKey.hmac("k1", SECRET, JWSAlgorithm.HS256));

        // HS256 "signed" with the RSA public key's bytes as the secret, under the RSA key's kid (alg confusion)
        JWSObject confused = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                new Payload(PAYLOAD));
        confused.sign(new MACSigner(RSA.getPublic().getEncoded()));
        JWSObject ps256 = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa-1").build(),
                new Payload(PAYLOAD));
        ps256.sign(new RSASSASigner(RSA.getPrivate()));
        JWEObject rsa15 = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA1_5, EncryptionMethod.A128GCM)
                .keyID("rsa-1").build(), new Payload(PAYLOAD));
        rsa15.encrypt(new RSAEncrypter((RSAPublicKey) RSA.getPublic()));
        JWEObject cbc = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128CBC_HS256)
                .keyID("rsa-1").build(), new Payload(PAYLOAD));
        cbc.encrypt(new RSAEncrypter((RSAPublicKey) RSA.getPublic()));
        JWEObject zipped = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM)
                .keyID("rsa-1").compressionAlgorithm(com.nimbusds.jose.CompressionAlgorithm.DEF).build(),
                new Payload(PAYLOAD));
        zipped.encrypt(new RSAEncrypter((RSAPublicKey) RSA.getPublic()));
        String none = Base64URL.encode("{\"alg\":\"none\"}") + "." + Base64URL.encode(PAYLOAD) + ".";
        String otherPayload = p[0] + "." + Base64URL.encode("door=open") + "." + p[2];
        String tamperedCipher = e[0] + "." + e[1] + "." + e[2] + "." + flip(e[3]) + "." + e[4];
        String unknownKid = EsDataProtection.sign(PAYLOAD, EsDataForm.COMPACT,
                SigningKey.hmac("k9", EsDataFixtures.secret(32), JWSAlgorithm.HS256));
        String wrongSecret = EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A256GCM, EsDataForm.COMPACT,
                RecipientKey.symmetric("k1", EsDataFixtures.secret(32), JWEAlgorithm.A256KW));
        String jsonTampered = json.replace(Base64URL.encode(PAYLOAD).toString(), Base64URL.encode("door=open").toString());

        int bad = 4000;
        int no = 4102;
        return Stream.of(
                Arguments.of("not JOSE", "hello", EsDataForm.COMPACT, bad, "compact serialization"),
                Arguments.of("four parts", "a.b.c.d", EsDataForm.COMPACT, bad, "compact serialization"),
                Arguments.of("header not JSON", "bm90anNvbg.eA.eA", EsDataForm.COMPACT, bad, "compact serialization"),
                Arguments.of("not JSON", "{", EsDataForm.JSON, bad, "JSON serialization"),
                Arguments.of("empty JSON", "{}", EsDataForm.JSON, bad, "JSON serialization"),
                Arguments.of("not base64", "%%%", EsDataForm.JSON_BASE64, bad, "not base64"),
                Arguments.of("compact given as JSON", jws, EsDataForm.JSON, bad, "JSON serialization"),
                Arguments.of("JSON given as compact", json, EsDataForm.COMPACT, bad, "compact serialization"),
                Arguments.of("alg none", none, EsDataForm.COMPACT, no, "alg none"),
                Arguments.of("HS256 with a public key", confused.serialize(), EsDataForm.COMPACT, no,
                        "HS256 needs a shared secret, not a RSA public key"),
                Arguments.of("PS256", ps256.serialize(), EsDataForm.COMPACT, no, "JWS alg PS256 is not one of ESData's"),
                Arguments.of("RSA1_5", rsa15.serialize(), EsDataForm.COMPACT, no, "JWE alg RSA1_5 is not one of ESData's"),
                Arguments.of("A128CBC-HS256", cbc.serialize(), EsDataForm.COMPACT, no, "JWE enc A128CBC-HS256"),
                Arguments.of("zip", zipped.serialize(), EsDataForm.COMPACT, no, "zip DEF"),
                Arguments.of("payload changed", otherPayload, EsDataForm.COMPACT, no, "does not verify"),
                Arguments.of("JSON payload changed", jsonTampered, EsDataForm.JSON, no, "does not verify"),
                Arguments.of("ciphertext changed", tamperedCipher, EsDataForm.COMPACT, no, "does not decrypt"),
                Arguments.of("unknown kid", unknownKid, EsDataForm.COMPACT, no, "no key or trust anchor"),
                Arguments.of("wrong key", wrongSecret, EsDataForm.COMPACT, no, "does not decrypt with the key of kid k1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refused(String name, String envelope, EsDataForm form, int code, String reason) {
        assertThatThrownBy(() -> READER.open(envelope, form))
                .isInstanceOfSatisfying(EsDataException.class, x -> {
                    assertThat(x.status().code()).isEqualTo(code);
                    assertThat(x.getMessage()).contains(reason).doesNotContain("\n");
                });
    }

    /** A reader without the key cannot open what was encrypted to another; the key ID is all it learns. */
    @Test
    void aReaderWithoutTheKeyLearnsNothing() {
        String jwe = EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A128GCM, EsDataForm.JSON,
                RecipientKey.publicKey("rsa-1", RSA.getPublic(), JWEAlgorithm.RSA_OAEP_256));
        EsDataReader stranger = new EsDataReader(EsDataKeys.builder().secret("k1", SECRET).build());

        assertThatThrownBy(() -> stranger.open(jwe, EsDataForm.JSON))
                .hasMessage("this reader holds no key of kid rsa-1 to decrypt the JWE");
        assertThat(jwe).doesNotContain("door");
    }

    /** Of several recipients, a reader with none of their keys is told which key IDs it lacks. */
    @Test
    void noneOfSeveralRecipients() {
        String jwe = EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A128GCM, EsDataForm.JSON,
                RecipientKey.symmetric("a", EsDataFixtures.secret(16), JWEAlgorithm.A128KW),
                RecipientKey.symmetric("b", EsDataFixtures.secret(16), JWEAlgorithm.A128KW));

        assertThatThrownBy(() -> READER.open(jwe, EsDataForm.JSON))
                .isInstanceOfSatisfying(EsDataException.class, x -> assertThat(x.status().code()).isEqualTo(4102))
                .hasMessage("this reader holds no key of kid a, b to decrypt the JWE");
    }

    /** What a Source End-Point may not make: the checks of TS-0003 8.5.2.2.1 and 8.5.3.4 and of each form. */
    @Test
    void whatCannotBeMade() {
        RecipientKey a = RecipientKey.symmetric("a", EsDataFixtures.secret(16), JWEAlgorithm.A128KW);
        RecipientKey b = RecipientKey.symmetric("b", EsDataFixtures.secret(16), JWEAlgorithm.A128KW);
        RecipientKey dir = RecipientKey.symmetric("d", EsDataFixtures.secret(16), JWEAlgorithm.DIR);
        SigningKey hs = SigningKey.hmac("k1", SECRET, JWSAlgorithm.HS256);
        assertThatThrownBy(() -> EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A128GCM, EsDataForm.COMPACT, a, b))
                .hasMessageContaining("compact serialization has one recipient");
        assertThatThrownBy(() -> EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A128GCM, EsDataForm.JSON, a, dir))
                .hasMessageContaining("dir uses one key as the content key");
        assertThatThrownBy(() -> EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A256GCM, EsDataForm.COMPACT, dir))
                .hasMessage("dir with A256GCM needs a 256-bit key, not a 128-bit one");
        assertThatThrownBy(() -> EsDataProtection.signThenEncrypt(PAYLOAD, hs, EncryptionMethod.A128GCM,
                EsDataForm.COMPACT, a)).hasMessageContaining("signs with RSA or ECDSA");
        assertThatThrownBy(() -> EsDataProtection.sign(PAYLOAD, EsDataForm.COMPACT, hs, hs))
                .hasMessageContaining("compact serialization holds one signature");
        assertThatThrownBy(() -> SigningKey.privateKey("x", EsDataFixtures.ec("secp384r1").getPrivate(),
                JWSAlgorithm.ES256)).hasMessageContaining("ES256 needs an EC key on");
        assertThatThrownBy(() -> SigningKey.hmac("x", SECRET, JWSAlgorithm.RS256))
                .hasMessageContaining("RS256 needs an RSA key");
        assertThatThrownBy(() -> RecipientKey.publicKey("x", RSA.getPublic(), JWEAlgorithm.ECDH_ES_A128KW))
                .hasMessageContaining("needs an EC key");
        assertThatThrownBy(() -> new RecipientKey(JWEAlgorithm.RSA1_5, RSA.getPublic(), "x", null))
                .isInstanceOf(EsDataException.class).hasMessageContaining("JWE alg RSA1_5 is not one of ESData's");
    }

    /** A certificate in x5c that does not chain to the reader's anchors is refused, never used as it comes. */
    @Test
    void aCertificateOutsideTheTrustAnchorsIsRefused() {
        KeyPair ca = EsDataFixtures.ec("secp256r1");
        X509Certificate anchor = EsDataFixtures.certificate("trusted CA", ca, null, null, true);
        KeyPair rogue = EsDataFixtures.ec("secp256r1");
        X509Certificate selfSigned = EsDataFixtures.certificate("Cwriter", rogue, null, null, false);
        String jws = EsDataProtection.sign(PAYLOAD, EsDataForm.COMPACT,
                SigningKey.certificate(rogue.getPrivate(), List.of(selfSigned), JWSAlgorithm.ES256));

        assertThatThrownBy(() -> new EsDataReader(EsDataKeys.builder().trustAnchor(anchor).build())
                .open(jws, EsDataForm.COMPACT))
                .hasMessageStartingWith("the source certificate in x5c does not validate to a trust anchor");
    }

    /** With two signatures, the reader verifies the one it can and names only that signer (TS-0003 8.5.2.3 C). */
    @Test
    void severalSignaturesVerifyTheTrustedOnes() throws Exception {
        String json = EsDataProtection.sign(PAYLOAD, EsDataForm.JSON,
                SigningKey.hmac("k1", SECRET, JWSAlgorithm.HS256),
                SigningKey.hmac("k9", EsDataFixtures.secret(32), JWSAlgorithm.HS256));
        assertThat(JWSObjectJSON.parse(json).getSignatures()).hasSize(2);

        Opened opened = READER.open(json, EsDataForm.JSON);

        assertThat(opened.signers()).extracting(Signer::keyId).containsExactly("k1");
    }

    /** A general JWS JSON from elsewhere may carry its kid in the unprotected header (RFC 7515 7.2.1). */
    @Test
    void kidInTheUnprotectedHeader() throws Exception {
        JWSObjectJSON json = new JWSObjectJSON(new Payload(PAYLOAD));
        json.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                com.nimbusds.jose.UnprotectedHeader.parse(java.util.Map.of("kid", "rsa-1")),
                new RSASSASigner(RSA.getPrivate()));

        assertThat(READER.open(json.serializeGeneral(), EsDataForm.JSON).signers()).extracting(Signer::keyId)
                .containsExactly("rsa-1");
    }

    /** The flattened JSON JWE holds the very parts of the compact JWE of the same encryption (RFC 7516 7.2.2). */
    @Test
    void jsonJweHoldsTheCompactParts() throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM)
                .keyID("k1").build(), new Payload(PAYLOAD));
        jwe.encrypt(new com.nimbusds.jose.crypto.AESEncrypter(SECRET));
        String[] compact = jwe.serialize().split("\\.");
        var json = com.nimbusds.jose.util.JSONObjectUtils.parse(new com.nimbusds.jose.JWEObjectJSON(jwe)
                .serializeFlattened());

        assertThat(List.of(json.get("protected"), json.get("encrypted_key"), json.get("iv"), json.get("ciphertext"),
                json.get("tag"))).containsExactly((Object[]) compact);
        assertThat(READER.open(jwe.serialize(), EsDataForm.COMPACT).payload()).isEqualTo(PAYLOAD);
    }

    /** The contentSecurity values: 1–3 are JOSE, 4 and 5 (XML) are refused as unsupported, others as malformed. */
    @Test
    void contentSecurityValues() {
        assertThat(ContentInfo.parse("application/json:0:1").form()).contains(EsDataForm.COMPACT);
        assertThat(ContentInfo.parse("application/json:1:3").form()).contains(EsDataForm.JSON_BASE64);
        assertThat(ContentInfo.parse("text/plain:0").form()).isEmpty();
        assertThatThrownBy(() -> ContentInfo.parse("application/xml:0:4").form())
                .hasMessageContaining("XML-Encryption/XML-Signature) is not supported");
        assertThatThrownBy(() -> ContentInfo.parse("application/json:0:6"))
                .isInstanceOfSatisfying(EsDataException.class, x -> assertThat(x.status())
                        .isEqualTo(ResponseStatusCode.BAD_REQUEST)).hasMessageStartingWith("cnf must be");
        assertThat(ContentInfo.of("application/json", 0, EsDataForm.JSON)).isEqualTo("application/json:0:2");
    }

    /** A JWS made by OpenSSL (HS256 with dgst -hmac, RS256 and ES256 with dgst -sign) is accepted as ESData. */
    @Test
    void jwsMadeByOpenSslIsAccepted(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not installed");
        String hsInput = Base64URL.encode("{\"alg\":\"HS256\",\"kid\":\"k1\"}") + "." + Base64URL.encode(PAYLOAD);
        byte[] mac = openssl(dir, hsInput, "dgst", "-sha256", "-mac", "HMAC", "-macopt",
                "hexkey:" + HexFormat.of().formatHex(SECRET), "-binary");
        Opened hs = READER.open(hsInput + "." + Base64URL.encode(mac), EsDataForm.COMPACT);
        assertThat(hs.payload()).isEqualTo(PAYLOAD);

        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String rsInput = Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}") + "." + Base64URL.encode(PAYLOAD);
        byte[] sig = openssl(dir, rsInput, "dgst", "-sha256", "-sign", key.toString(), "-binary");
        Opened rs = READER.open(rsInput + "." + Base64URL.encode(sig), EsDataForm.COMPACT);
        assertThat(rs.signers()).extracting(Signer::keyId).containsExactly("rsa-1");

        // ES256: OpenSSL writes ECDSA signatures in DER; JWS carries R || S (RFC 7518 3.4)
        KeyPair ec = EsDataFixtures.ec("secp256r1");
        Path ecKey = dir.resolve("ec.pem");
        Files.writeString(ecKey, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String esInput = Base64URL.encode("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}") + "." + Base64URL.encode(PAYLOAD);
        byte[] der = openssl(dir, esInput, "dgst", "-sha256", "-sign", ecKey.toString(), "-binary");
        byte[] concat = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToConcat(der, 64);
        Opened es = new EsDataReader(EsDataKeys.builder().publicKey("ec-1", ec.getPublic()).build())
                .open(esInput + "." + Base64URL.encode(concat), EsDataForm.COMPACT);
        assertThat(es.text()).isEqualTo("door=locked");
    }

    private static byte[] openssl(Path dir, String input, String... args) throws IOException, InterruptedException {
        Path in = dir.resolve("input");
        Files.writeString(in, input);
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        cmd.add(in.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("openssl exit").isZero();
        return out;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String flip(String b64) {
        char c = b64.charAt(0);
        return (c == 'A' ? 'B' : 'A') + b64.substring(1);
    }
}
