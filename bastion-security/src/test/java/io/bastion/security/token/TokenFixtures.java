package io.bastion.security.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.id.IdForms;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.environment.Pkcs12Environment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Shared fixtures: this CSE, a DAS key in a PKCS#12 secure environment, an HMAC secret, claims. */
final class TokenFixtures {
    static final LocalIdentity LOCAL = new LocalIdentity("sp.example", "/id-in");
    static final IdForms FORMS = new IdForms("sp.example", "/id-in");
    static final AcpParser PARSER = new AcpParser(LOCAL);
    static final Instant NOW = Instant.parse("2026-03-14T10:15:30Z");
    static final String DAS = "/id-das";
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final String PASSWORD = "token-test-secret";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenFixtures() {
    }

    /** A PKCS#12 environment in {@code dir} holding an EC P-256 key {@code alias}, made by the JDK's keytool. */
    static Pkcs12Environment environment(Path dir, String alias) throws Exception {
        Path p12 = dir.resolve(alias + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        return Pkcs12Environment.open(p12, "BASTION_TOKEN_TEST_P12", Map.of("BASTION_TOKEN_TEST_P12", PASSWORD)::get);
    }

    /** Claims by the DAS for holder Cae1, valid NOW-60s..NOW+60s, audience /id-in, one permission on cnt1. */
    static TokenClaims claims() {
        return claims("Cae1", List.of("/id-in"));
    }

    static TokenClaims claims(String holder, List<String> audience) {
        return new TokenClaims("1", "tk-1@das.example", holder, DAS, NOW.minusSeconds(60), NOW.plusSeconds(60),
                "reader", audience, TokenPermissions.fromJson(json(
                        "{'pm':[{'ris':['cnt1'],'pv':{'acr':[{'acor':['Cae1'],'acop':2}]}},{'rids':['R1@das.example']}]}"),
                        PARSER), null);
    }

    static TokenExpectations expect(String originator, Instant at) {
        return new TokenExpectations("/id-in", originator, at, false, FORMS);
    }

    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
