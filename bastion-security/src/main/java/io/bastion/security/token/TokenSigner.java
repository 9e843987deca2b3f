package io.bastion.security.token;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import io.bastion.security.environment.SecureEnvironment;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * Creates oneM2M JWTs (TS-0003 7.3.2.6.3 "Creating a oneM2M JWT"): the claim set of {@link TokenClaims#toJwtJson()}
 * as a compact JWS with header {@code typ: JWT} (and {@code kid} when given), signed with ES256 inside a
 * {@link SecureEnvironment} (the private key never leaves it) or with HS256 and a shared secret. With
 * {@link #encryptTo} the JWS is then encrypted to a CSE's EC P-256 key (nested sign-then-encrypt: a JWE with
 * {@code typ: JWT}, {@code cty: JWT}, ECDH-ES+A256KW and A256GCM). Thread-safe.
 */
public final class TokenSigner {
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final String keyId;
    private final ECPublicKey recipient;
    private final String recipientKeyId;

    private TokenSigner(JWSAlgorithm algorithm, JWSSigner signer, String keyId, ECPublicKey recipient,
                        String recipientKeyId) {
        this.algorithm = algorithm;
        this.signer = signer;
        this.keyId = keyId;
        this.recipient = recipient;
        this.recipientKeyId = recipientKeyId;
    }

    /**
     * ES256 with the EC P-256 key {@code keyAlias} of {@code env}; {@code keyId} (may be null) goes in the header.
     *
     * @throws IllegalArgumentException when the key is missing or not a P-256 key
     */
    public static TokenSigner es256(SecureEnvironment env, String keyAlias, String keyId) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(keyAlias, "keyAlias");
        PublicKey pub = env.publicKey(keyAlias);
        if (!(pub instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("key '" + keyAlias + "' is not an EC P-256 key, as ES256 needs");
        }
        return new TokenSigner(JWSAlgorithm.ES256, new EnvironmentSigner(env, keyAlias), keyId, null, null);
    }

    /**
     * HS256 with a shared secret of at least 32 bytes (copied); {@code keyId} (may be null) goes in the header.
     *
     * @throws IllegalArgumentException when the secret is shorter
     */
    public static TokenSigner hs256(byte[] secret, String keyId) {
        if (secret == null || secret.length < IssuerKey.Hmac.MIN_BYTES) {
            throw new IllegalArgumentException("an HS256 secret must have at least " + IssuerKey.Hmac.MIN_BYTES
                    + " bytes");
        }
        try {
            return new TokenSigner(JWSAlgorithm.HS256, new MACSigner(secret.clone()), keyId, null, null);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * This signer, then encryption of the JWS to {@code cseKey} (the EC P-256 public key of the CSE that will verify
     * the token), giving a nested JWT; {@code cseKeyId} (may be null) goes in the JWE header.
     */
    public TokenSigner encryptTo(ECPublicKey cseKey, String cseKeyId) {
        Objects.requireNonNull(cseKey, "cseKey");
        if (cseKey.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("the CSE's key must be an EC P-256 key");
        }
        return new TokenSigner(algorithm, signer, keyId, cseKey, cseKeyId);
    }

    /** The JWS algorithm, {@code ES256} or {@code HS256}. */
    public String algorithm() {
        return algorithm.getName();
    }

    /** The compact oneM2M JWT (m2m:dynAuthJWT) of {@code claims}. */
    public String sign(TokenClaims claims) {
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT);
        if (keyId != null) {
            header.keyID(keyId);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(claims.toJwtJson().toString()));
        try {
            jws.sign(signer);
            String compact = jws.serialize();
            if (recipient == null) {
                return compact;
            }
            JWEHeader.Builder outer = new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM)
                    .type(JOSEObjectType.JWT).contentType("JWT");
            if (recipientKeyId != null) {
                outer.keyID(recipientKeyId);
            }
            JWEObject jwe = new JWEObject(outer.build(), new Payload(compact));
            jwe.encrypt(new ECDHEncrypter(recipient));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create the token: " + e.getMessage(), e);
        }
    }

    /**
     * ES256 through {@link SecureEnvironment#sign}: the environment returns the DER form of the ECDSA signature,
     * JOSE wants the fixed-length R||S form (RFC 7518 3.4), so it is transcoded.
     */
    private static final class EnvironmentSigner implements JWSSigner {
        private final SecureEnvironment env;
        private final String alias;
        private final JCAContext context = new JCAContext();

        EnvironmentSigner(SecureEnvironment env, String alias) {
            this.env = env;
            this.alias = alias;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                throw new JOSEException("only ES256 is offered by this signer");
            }
            byte[] der = env.sign(alias, "SHA256withECDSA", signingInput);
            return Base64URL.encode(ECDSA.transcodeSignatureToConcat(der, 64));
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.ES256);
        }

        @Override
        public JCAContext getJCAContext() {
            return context;
        }
    }
}
