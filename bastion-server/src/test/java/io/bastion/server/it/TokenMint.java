package io.bastion.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenPermissions;
import io.bastion.security.token.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Issues oneM2M JWTs in the tests as a DAS would (the real DAS of {@code bastion-trust} is wired in elsewhere): an
 * ES256 key in a PKCS#12 secure environment made by the JDK's keytool, {@link TokenSigner} for the signature, and
 * the entry for the CSE's {@code token-issuers.json}.
 */
public final class TokenMint implements AutoCloseable {
    static final AcpParser PARSER = new AcpParser(new LocalIdentity(M2m.SP_ID, M2m.CSE_ID));
    private static final String PASSWORD = "token-it-secret";

    final String issuer;
    final String kid;
    private final Pkcs12Environment env;
    private final TokenSigner signer;

    private TokenMint(String issuer, String kid, Pkcs12Environment env) {
        this.issuer = issuer;
        this.kid = kid;
        this.env = env;
        this.signer = TokenSigner.es256(env, "das", kid);
    }

    /** A new EC P-256 key in {@code dir}, signing as {@code issuer} with key ID {@code kid}. */
    public static TokenMint create(Path dir, String issuer, String kid) throws Exception {
        Files.createDirectories(dir);
        Path p12 = dir.resolve(kid + "-" + System.nanoTime() + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "das", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + kid,
                "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        Pkcs12Environment env = Pkcs12Environment.open(p12, "BASTION_TOKEN_IT_P12",
                Map.of("BASTION_TOKEN_IT_P12", PASSWORD)::get);
        return new TokenMint(issuer, kid, env);
    }

    /** {@code {"issuer": …, "keys": [public JWK]}} for token-issuers.json. */
    ObjectNode issuerEntry() {
        ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) env.publicKey("das")).keyID(kid).build();
        ObjectNode e = M2m.JSON.createObjectNode();
        e.put("issuer", issuer);
        e.putArray("keys").add(M2m.JSON.valueToTree(jwk.toPublicJWK().toJSONObject()));
        return e;
    }

    /** Writes {@code <data>/credentials/token-issuers.json} trusting {@code mints}. */
    public static void trust(Path dataDir, TokenMint... mints) throws Exception {
        ObjectNode root = M2m.JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("issuers");
        for (TokenMint m : mints) {
            list.add(m.issuerEntry());
        }
        Path f = dataDir.resolve("credentials").resolve("token-issuers.json");
        Files.createDirectories(f.getParent());
        Files.write(f, M2m.JSON.writeValueAsBytes(root));
    }

    /** A token: issued by this mint, with {@code pv} (one acr JSON) on the resources {@code ris}. */
    public String sign(String tkid, String holder, List<String> audience, Instant nbf, Instant exp, List<String> ris,
                String acrJson) {
        return signer.sign(claims(issuer, tkid, holder, audience, nbf, exp, ris, acrJson));
    }

    /** {@link #sign}, then encrypted to {@code cseKey}: a nested sign-then-encrypt JWE as a DAS would send. */
    String signEncrypted(ECPublicKey cseKey, String tkid, String holder, List<String> audience, Instant nbf,
                         Instant exp, List<String> ris, String acrJson) {
        return signer.encryptTo(cseKey, null).sign(claims(issuer, tkid, holder, audience, nbf, exp, ris, acrJson));
    }

    /**
     * A token assigning Role-IDs only (TS-0003 7.4.2.3, a role token): one permission with {@code rids} and no
     * {@code ris}, so its roles apply to every resource; addressed to {@code audience}.
     */
    String signRoles(String tkid, String holder, List<String> audience, Instant nbf, Instant exp, String... rids) {
        ObjectNode pm = M2m.JSON.createObjectNode();
        pm.set("rids", M2m.JSON.valueToTree(List.of(rids)));
        ObjectNode tkps = M2m.JSON.createObjectNode();
        tkps.putArray("pm").add(pm);
        return signer.sign(new TokenClaims("1", tkid, holder, issuer, nbf, exp, "role", audience,
                TokenPermissions.fromJson(tkps, PARSER), null));
    }

    /** Claims as the DAS would put them in a token. */
    static TokenClaims claims(String issuer, String tkid, String holder, List<String> audience, Instant nbf,
                              Instant exp, List<String> ris, String acrJson) {
        ObjectNode pm = M2m.JSON.createObjectNode();
        pm.set("ris", M2m.JSON.valueToTree(ris));
        try {
            pm.set("pv", M2m.JSON.readTree("{\"acr\":[" + acrJson + "]}"));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        ObjectNode tkps = M2m.JSON.createObjectNode();
        tkps.putArray("pm").add(pm);
        return new TokenClaims("1", tkid, holder, issuer, nbf, exp, "reader", audience,
                TokenPermissions.fromJson(tkps, PARSER), null);
    }

    /** The same claims as an unsecured JWT ({@code alg: none}). */
    static String unsecured(TokenClaims claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toJwtJson().toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The claim set of a compact JWS, as JSON. */
    static JsonNode payload(String jws) throws Exception {
        return M2m.JSON.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
    }

    @Override
    public void close() {
        env.close();
    }
}
