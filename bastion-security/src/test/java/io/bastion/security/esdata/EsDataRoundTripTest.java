package io.bastion.security.esdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every algorithm of TS-0003 tables 8.5.3.2-3, 8.5.3.2-4 and 8.5.3.3-2 in every JOSE form of TS-0004 table
 * 6.3.4.2.38-1, made by {@link EsDataProtection} and opened by {@link EsDataReader}.
 */
class EsDataRoundTripTest {
    private static final byte[] PAYLOAD = "{\"temperature\":21.5,\"unit\":\"C\"}".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair RSA = EsDataFixtures.rsa();
    private static final KeyPair P256 = EsDataFixtures.ec("secp256r1");
    private static final KeyPair P384 = EsDataFixtures.ec("secp384r1");
    private static final KeyPair P521 = EsDataFixtures.ec("secp521r1");

    static Stream<Arguments> signatures() {
        List<Arguments> cases = new ArrayList<>();
        for (EsDataForm form : EsDataForm.values()) {
            cases.add(Arguments.of(JWSAlgorithm.HS256, 32, null, form));
            cases.add(Arguments.of(JWSAlgorithm.HS384, 48, null, form));
            cases.add(Arguments.of(JWSAlgorithm.HS512, 64, null, form));
            cases.add(Arguments.of(JWSAlgorithm.RS256, 0, RSA, form));
            cases.add(Arguments.of(JWSAlgorithm.RS384, 0, RSA, form));
            cases.add(Arguments.of(JWSAlgorithm.RS512, 0, RSA, form));
            cases.add(Arguments.of(JWSAlgorithm.ES256, 0, P256, form));
            cases.add(Arguments.of(JWSAlgorithm.ES384, 0, P384, form));
            cases.add(Arguments.of(JWSAlgorithm.ES512, 0, P521, form));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("signatures")
    void signatureOnly(JWSAlgorithm alg, int secretBytes, KeyPair pair, EsDataForm form) {
        SigningKey key;
        EsDataKeys.Builder reader = EsDataKeys.builder();
        if (pair == null) {
            byte[] secret = EsDataFixtures.secret(secretBytes);
            key = SigningKey.hmac("mic-1", secret, alg);
            reader.secret("mic-1", secret);
        } else {
            key = SigningKey.privateKey("src-1", pair.getPrivate(), alg);
            reader.publicKey("src-1", pair.getPublic());
        }
        String envelope = EsDataProtection.sign(PAYLOAD, form, key);

        Opened opened = new EsDataReader(reader.build()).open(envelope, form);

        assertThat(opened.payload()).isEqualTo(PAYLOAD);
        assertThat(opened.encrypted()).isFalse();
        assertThat(opened.signers()).extracting(Signer::keyId, Signer::algorithm)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(key.keyId(), alg));
        assertThat(envelope).doesNotContain("temperature");
    }

    static Stream<Arguments> encryptions() {
        List<Arguments> cases = new ArrayList<>();
        for (EsDataForm form : EsDataForm.values()) {
            for (EncryptionMethod enc : List.of(EncryptionMethod.A128GCM, EncryptionMethod.A192GCM,
                    EncryptionMethod.A256GCM)) {
                cases.add(Arguments.of(JWEAlgorithm.DIR, enc, form));
                cases.add(Arguments.of(JWEAlgorithm.A128KW, enc, form));
                cases.add(Arguments.of(JWEAlgorithm.A192KW, enc, form));
                cases.add(Arguments.of(JWEAlgorithm.A256KW, enc, form));
                cases.add(Arguments.of(JWEAlgorithm.RSA_OAEP_256, enc, form));
                cases.add(Arguments.of(JWEAlgorithm.ECDH_ES_A128KW, enc, form));
                cases.add(Arguments.of(JWEAlgorithm.ECDH_ES_A192KW, enc, form));
                cases.add(Arguments.of(JWEAlgorithm.ECDH_ES_A256KW, enc, form));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("encryptions")
    void encryptionOnly(JWEAlgorithm alg, EncryptionMethod enc, EsDataForm form) {
        EsDataKeys.Builder reader = EsDataKeys.builder();
        RecipientKey to = recipient(alg, enc, reader);

        String envelope = EsDataProtection.encrypt(PAYLOAD, enc, form, to);
        Opened opened = new EsDataReader(reader.build()).open(envelope, form);

        assertThat(opened.payload()).isEqualTo(PAYLOAD);
        assertThat(opened.decryptedWith()).isEqualTo(to.keyId());
        assertThat(opened.signers()).isEmpty();
    }

    static Stream<Arguments> nested() {
        List<Arguments> cases = new ArrayList<>();
        for (EsDataForm form : EsDataForm.values()) {
            cases.add(Arguments.of(JWSAlgorithm.ES256, JWEAlgorithm.ECDH_ES_A256KW, form));
            cases.add(Arguments.of(JWSAlgorithm.RS256, JWEAlgorithm.RSA_OAEP_256, form));
            cases.add(Arguments.of(JWSAlgorithm.ES256, JWEAlgorithm.A128KW, form));
            cases.add(Arguments.of(JWSAlgorithm.ES256, JWEAlgorithm.DIR, form));
        }
        return cases.stream();
    }

    /** Signed with a source certificate sent in x5c, verified through the reader's trust anchor. */
    @ParameterizedTest(name = "{0} then {1} {2}")
    @MethodSource("nested")
    void nestedSignThenEncrypt(JWSAlgorithm sigAlg, JWEAlgorithm alg, EsDataForm form) {
        KeyPair caKeys = EsDataFixtures.ec("secp256r1");
        X509Certificate ca = EsDataFixtures.certificate("ESData test CA", caKeys, null, null, true);
        KeyPair sourceKeys = sigAlg == JWSAlgorithm.RS256 ? RSA : P256;
        X509Certificate source = EsDataFixtures.certificate("Cwriter", sourceKeys, ca, caKeys.getPrivate(), false);
        EsDataKeys.Builder reader = EsDataKeys.builder().trustAnchor(ca);
        RecipientKey to = recipient(alg, EncryptionMethod.A256GCM, reader);

        String envelope = EsDataProtection.signThenEncrypt(PAYLOAD,
                SigningKey.certificate(sourceKeys.getPrivate(), List.of(source), sigAlg), EncryptionMethod.A256GCM, form,
                to);
        Opened opened = new EsDataReader(reader.build()).open(envelope, form);

        assertThat(opened.payload()).isEqualTo(PAYLOAD);
        assertThat(opened.decryptedWith()).isEqualTo(to.keyId());
        assertThat(opened.signers()).singleElement().satisfies(s -> {
            assertThat(s.certificate()).isEqualTo(source);
            assertThat(s.who()).isEqualTo("CN=Cwriter");
        });
        assertThat(envelope).doesNotContain("Cwriter");
    }

    /**
     * One JWE to three recipients of three kinds (general JSON, 8.5.2.2.1): each opens it with its own key alone, and
     * the object made by Nimbus's multi-recipient encrypter is also opened by Nimbus's own multi-recipient decrypter.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = EsDataForm.class, names = {"JSON", "JSON_BASE64"})
    void severalRecipients(EsDataForm form) throws Exception {
        EsDataKeys.Builder first = EsDataKeys.builder();
        EsDataKeys.Builder second = EsDataKeys.builder();
        EsDataKeys.Builder third = EsDataKeys.builder();
        RecipientKey a = recipient(JWEAlgorithm.A192KW, EncryptionMethod.A128GCM, first);
        RecipientKey b = recipient(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM, second);
        RecipientKey c = recipient(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A128GCM, third);

        String envelope = EsDataProtection.encrypt(PAYLOAD, EncryptionMethod.A128GCM, form, a, b, c);

        for (var reader : List.of(first, second, third)) {
            Opened opened = new EsDataReader(reader.build()).open(envelope, form);
            assertThat(opened.payload()).isEqualTo(PAYLOAD);
        }
        String json = form == EsDataForm.JSON ? envelope
                : new String(java.util.Base64.getDecoder().decode(envelope), StandardCharsets.UTF_8);
        com.nimbusds.jose.JWEObjectJSON parsed = com.nimbusds.jose.JWEObjectJSON.parse(json);
        assertThat(parsed.getRecipients()).hasSize(3);
        parsed.decrypt(new com.nimbusds.jose.crypto.MultiDecrypter(new com.nimbusds.jose.jwk.RSAKey.Builder(
                (java.security.interfaces.RSAPublicKey) RSA.getPublic()).privateKey(RSA.getPrivate())
                .keyID(b.keyId()).build()));
        assertThat(parsed.getPayload().toBytes()).isEqualTo(PAYLOAD);
    }

    /** Nested with several recipients, each verifying the same signer. */
    @org.junit.jupiter.api.Test
    void nestedToSeveralRecipients() {
        EsDataKeys.Builder first = EsDataKeys.builder();
        EsDataKeys.Builder second = EsDataKeys.builder();
        RecipientKey a = recipient(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM, first);
        RecipientKey b = recipient(JWEAlgorithm.ECDH_ES_A128KW, EncryptionMethod.A256GCM, second);
        String envelope = EsDataProtection.signThenEncrypt(PAYLOAD, SigningKey.privateKey("src-1", P384.getPrivate(),
                JWSAlgorithm.ES384), EncryptionMethod.A256GCM, EsDataForm.JSON, a, b);

        for (var reader : List.of(first, second)) {
            Opened opened = new EsDataReader(reader.publicKey("src-1", P384.getPublic()).build())
                    .open(envelope, EsDataForm.JSON);
            assertThat(opened.text()).isEqualTo(new String(PAYLOAD, StandardCharsets.UTF_8));
            assertThat(opened.signers()).extracting(Signer::keyId).containsExactly("src-1");
        }
    }

    /** A recipient for {@code alg}; its private or secret key goes to {@code reader}. */
    static RecipientKey recipient(JWEAlgorithm alg, EncryptionMethod enc, EsDataKeys.Builder reader) {
        if (alg.equals(JWEAlgorithm.DIR) || JWEAlgorithm.Family.AES_KW.contains(alg)) {
            int bytes = alg.equals(JWEAlgorithm.DIR) ? enc.cekBitLength() / 8
                    : alg.equals(JWEAlgorithm.A128KW) ? 16 : alg.equals(JWEAlgorithm.A192KW) ? 24 : 32;
            byte[] secret = EsDataFixtures.secret(bytes);
            reader.secret("esdata-key-1", secret);
            return RecipientKey.symmetric("esdata-key-1", secret, alg);
        }
        if (alg.equals(JWEAlgorithm.RSA_OAEP_256)) {
            X509Certificate cert = EsDataFixtures.certificate("Creader", RSA, null, null, false);
            reader.privateKey(RSA.getPrivate(), cert);
            return RecipientKey.certificate(cert, alg);
        }
        reader.privateKey("reader-ec", P256.getPrivate());
        return RecipientKey.publicKey("reader-ec", P256.getPublic(), alg);
    }
}
