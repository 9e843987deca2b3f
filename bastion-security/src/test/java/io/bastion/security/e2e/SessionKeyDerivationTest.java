package io.bastion.security.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.bastion.security.credential.PreSharedKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The derivation of TS-0003 10.3.8.2 against a second implementation written here with plain javax.crypto (one
 * buffer assembled first, then a single doFinal), and against a fixed vector.
 */
class SessionKeyDerivationTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The second implementation: HMAC-SHA256(key, rr || or || label) in one call. */
    private static byte[] independent(byte[] key, byte[] receiverRand, byte[] originatorRand) throws Exception {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(receiverRand);
        message.write(originatorRand);
        message.write("oneM2M HMAC-SHA256 sessionESPrimKey derivation algorithm".getBytes(StandardCharsets.UTF_8));
        Mac hmac = Mac.getInstance("HMACSHA256");
        hmac.init(new SecretKeySpec(key, "RAW"));
        return hmac.doFinal(message.toByteArray());
    }

    @ParameterizedTest
    @CsvSource({
        "000102030405060708090a0b0c0d0e0f, 00000000000000000000000000000000, ffffffffffffffffffffffffffffffff",
        "2b7e151628aed2a6abf7158809cf4f3c2b7e151628aed2a6abf7158809cf4f3c, 0123456789abcdef0123456789abcdef, fedcba9876543210fedcba9876543210",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 11111111111111111111111111111111, 22222222222222222222222222222222",
    })
    void matchesAnIndependentImplementation(String key, String receiverRand, String originatorRand) throws Exception {
        PairwiseKey k = new PairwiseKey("k1@keys.example", PreSharedKey.fromHex(key), "Cae");
        SessionKey s = SessionKeyDerivation.derive(k, RandValue.parse(receiverRand, "r"),
                RandValue.parse(originatorRand, "o"));
        assertArrayEquals(independent(HEX.parseHex(key), HEX.parseHex(receiverRand), HEX.parseHex(originatorRand)),
                s.bytes());
    }

    @ParameterizedTest
    @CsvSource({
        // receiver first: swapping the two rand values changes the key
        "000102030405060708090a0b0c0d0e0f, 0123456789abcdef0123456789abcdef, fedcba9876543210fedcba9876543210",
    })
    void receiverRandComesFirst(String key, String a, String b) throws Exception {
        PairwiseKey k = new PairwiseKey("k1@keys.example", PreSharedKey.fromHex(key), "Cae");
        byte[] ab = SessionKeyDerivation.derive(k, RandValue.parse(a, "r"), RandValue.parse(b, "o")).bytes();
        assertArrayEquals(independent(HEX.parseHex(key), HEX.parseHex(a), HEX.parseHex(b)), ab);
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(ab,
                SessionKeyDerivation.derive(k, RandValue.parse(b, "r"), RandValue.parse(a, "o")).bytes()));
    }

    @ParameterizedTest
    @CsvSource({"A128GCM, 16", "A192GCM, 24", "A256GCM, 32"})
    void contentKeyIsTheLeftmostBytes(EsprimAlgorithm alg, int length) throws Exception {
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] r = HEX.parseHex("0123456789abcdef0123456789abcdef");
        byte[] o = HEX.parseHex("fedcba9876543210fedcba9876543210");
        SessionKey s = SessionKeyDerivation.derive(new PairwiseKey("k@x.example", PreSharedKey.of(key), "Cae"),
                RandValue.of(r), RandValue.of(o));
        assertArrayEquals(java.util.Arrays.copyOf(independent(key, r, o), length), s.cek(alg).getEncoded());
    }
}
