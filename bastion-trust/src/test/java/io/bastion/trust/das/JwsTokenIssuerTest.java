package io.bastion.trust.das;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWEObject;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.token.IssuerKey;
import io.bastion.security.token.TokenExpectations;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.security.token.TokenVerifier;
import io.bastion.security.token.TrustedIssuer;
import io.bastion.security.token.TrustedIssuers;
import io.bastion.security.token.VerifiedToken;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens of the DAS's issuer, plain and encrypted to a Hosting CSE, checked by the CSE's verifier. */
class JwsTokenIssuerTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-05-06T10:00:00Z");
    private static final TokenVerifier VERIFIER = new TokenVerifier(
            TrustedIssuers.of(new TrustedIssuer("CDas", List.of(new IssuerKey.Hmac("k1", SECRET)))),
            new AcpParser(new LocalIdentity("//bastion.example", "/id-in")));

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static TokenOrder order(String audience) throws Exception {
        return new TokenOrder("ab12@das.example.com", "CDas", "/id-in/Cguard", List.of(audience), NOW,
                NOW.plusSeconds(60), "door", "/id-in/cse-in/door",
                new ObjectMapper().readTree("{\"acr\":[{\"acor\":[\"/id-in/Cguard\"],\"acop\":2}]}"), List.of());
    }

    @Test
    void tokensForACseWithAKnownKeyAreEncryptedToItOthersStaySigned() throws Exception {
        KeyPair cse = p256();
        JwsTokenIssuer issuer = JwsTokenIssuer.hs256(SECRET, "k1")
                .encryptingTo(Map.of("/id-in", (ECPublicKey) cse.getPublic()));
        assertThat(issuer.describe()).contains("encrypting to [/id-in]");

        String jwe = issuer.issue(order("/id-in"));
        assertThat(jwe.split("\\.")).hasSize(5);
        assertThat(JWEObject.parse(jwe).getHeader().getContentType()).isEqualTo("JWT");
        TokenExpectations expect = new TokenExpectations("/id-in", "/id-in/Cguard", NOW.plusSeconds(1), false);
        // The CSE without its key refuses it; with its key it decrypts and verifies the signature inside.
        assertThatThrownBy(() -> VERIFIER.verify(jwe, expect)).isInstanceOf(TokenRefusedException.class)
                .hasMessageContaining("no token decryption key");
        VerifiedToken t = VERIFIER.withDecryptionKey((ECPrivateKey) cse.getPrivate(), null).verify(jwe, expect);
        assertThat(t.claims().tokenId()).isEqualTo("ab12@das.example.com");
        // Another CSE's key cannot open it.
        assertThatThrownBy(() -> VERIFIER.withDecryptionKey((ECPrivateKey) p256().getPrivate(), null)
                .verify(jwe, expect)).hasMessageContaining("not encrypted to this CSE's key");

        // A token for a CSE without a configured key stays a plain JWS.
        String jws = issuer.issue(order("/id-other"));
        assertThat(jws.split("\\.")).hasSize(3);
    }
}
