package io.bastion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.security.token.FileTrustedIssuers;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenPermissions;
import io.bastion.security.token.TokenSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The token issuer of the token scenarios, provisioned as an operator would before the CSE starts: a fresh EC P-256
 * key in a PKCS#12 file (its password only in memory and in the environment of the CLI), the issuer entry printed by
 * the server's own {@code das export-key}, written as {@code <data>/credentials/token-issuers.json}. It then signs
 * ES256 oneM2M JWTs ({@link TokenSigner} over the same keystore) as the DAS {@value #ISSUER} would. Nothing prints the
 * key or the password.
 *
 * <p>Bulk tokens ({@link #bulkRetrieveToken}) are signed with the same key held in memory (Nimbus's ECDSA signer, the
 * header TokenSigner writes): TokenSigner through {@code Pkcs12Environment} reads the key out of the PKCS#12 file's
 * encrypted entry on every signature, about 5 ms each on the bench machine, too slow to mint tens of thousands.
 */
final class BenchTokenIssuer implements CseProcess.Provisioner, AutoCloseable {

    /** The DAS the tokens come from (the {@code iss} claim and the trusted issuer's name). */
    static final String ISSUER = "/id-das";
    static final String KEY_ALIAS = "das";
    static final String KEY_ID = "das-bench";
    /** The CSE-ID of a CSE started with the defaults: the tokens' audience. */
    static final String CSE_ID = "/id-in";
    private static final String PASSWORD_ENV = "BASTION_DAS_KEYSTORE_PASSWORD";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AcpParser PARSER = new AcpParser(new LocalIdentity("//bastion.example", CSE_ID));

    private Pkcs12Environment keys;
    private TokenSigner signer;
    private ECDSASigner bulkSigner;

    @Override
    public CseProcess.Launch prepare(CseProcess.Cli cli, Path workDir, Path dataDir) throws InterruptedException {
        String password = BenchPki.randomHex(16);
        Path keystore = workDir.resolve("das.p12");
        String entry;
        try {
            KeyPair pair = BenchPki.writeSigningKeystore(keystore, KEY_ALIAS, password.toCharArray());
            bulkSigner = new ECDSASigner((ECPrivateKey) pair.getPrivate());
            entry = cli.run(List.of("das", "export-key", "--keystore", keystore.toString(), "--key-alias", KEY_ALIAS,
                    "--key-id", KEY_ID, "--id", ISSUER), null, Map.of(PASSWORD_ENV, password));
            ObjectNode file = JSON.createObjectNode();
            file.put("version", 1);
            file.putArray("issuers").add(JSON.readTree(entry));
            Path trust = FileTrustedIssuers.fileIn(dataDir);
            Files.createDirectories(trust.getParent());
            Files.write(trust, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file));
        } catch (IOException | JOSEException e) {
            throw new SetupException("cannot provision the token issuer: " + e.getMessage());
        }
        keys = Pkcs12Environment.open(keystore, PASSWORD_ENV, Map.of(PASSWORD_ENV, password)::get);
        signer = TokenSigner.es256(keys, KEY_ALIAS, KEY_ID);
        System.out.println("    provisioned: token issuer " + ISSUER + " (ES256, P-256 key " + KEY_ID
                + ") trusted in credentials/token-issuers.json, entry from 'das export-key'");
        return new CseProcess.Launch(List.of(), Map.of());
    }

    /**
     * An ES256 token for {@code holder}, addressed to this CSE, valid from a minute ago for an hour, granting
     * RETRIEVE (acop 2) to the holder on the resource {@code ri} (SP-relative, e.g. {@code /id-in/cse-in/x/cnt}).
     * Thread-safe.
     */
    String retrieveToken(String tokenId, String holder, String ri) {
        if (signer == null) {
            throw new IllegalStateException("the issuer was not provisioned");
        }
        return signer.sign(retrieveClaims(tokenId, holder, ri));
    }

    /** The same token signed with the in-memory key: for minting many. Thread-safe. */
    String bulkRetrieveToken(String tokenId, String holder, String ri) {
        if (bulkSigner == null) {
            throw new IllegalStateException("the issuer was not provisioned");
        }
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(KEY_ID).build(), new Payload(retrieveClaims(tokenId, holder, ri).toJwtJson().toString()));
        try {
            jws.sign(bulkSigner);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    /** Closes the keystore (its keys are wiped from memory). */
    @Override
    public void close() {
        if (keys != null) {
            keys.close();
        }
    }

    private static TokenClaims retrieveClaims(String tokenId, String holder, String ri) {
        Instant now = Instant.now();
        JsonNode tkps;
        try {
            tkps = JSON.readTree("{\"pm\":[{\"ris\":[" + JSON.writeValueAsString(ri) + "],\"pv\":{\"acr\":[{\"acor\":["
                    + JSON.writeValueAsString(holder) + "],\"acop\":2}]}}]}");
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return new TokenClaims("1", tokenId, holder, ISSUER, now.minusSeconds(60), now.plusSeconds(3600), null,
                List.of(CSE_ID), TokenPermissions.fromJson(tkps, PARSER), null);
    }
}
