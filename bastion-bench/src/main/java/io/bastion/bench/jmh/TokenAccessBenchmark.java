package io.bastion.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Operation;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.GroupMembers;
import io.bastion.security.acp.Grants;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import io.bastion.security.acp.SetOfAcrs;
import io.bastion.security.token.IssuerKey;
import io.bastion.security.token.TokenCache;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenExpectations;
import io.bastion.security.token.TokenPermissions;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a token costs in the access decision of a RETRIEVE (TS-0003 7.3.2.5), next to a plain ACP:
 * <ul>
 *   <li>{@link #plainAcp}: the target's ACP names the originator (the usual permit);</li>
 *   <li>{@link #cachedToken}: the ACP does not name it, a token does: the per-request work of the CSE for a token it
 *       has verified before ({@code TokenCache} hit by the compact string, holder and validity checked, the grants
 *       built, the ACP evaluated and failed, the token's permission applied). Target: at least 0.8 of
 *       {@link #plainAcp}'s throughput at the HTTP level, where the decision is a small part of a request;</li>
 *   <li>{@link #firstVerification}: the first time a token is seen: parse, ES256 signature check against the
 *       trusted issuer's key, claims and permissions parsed, holder, validity and audience checked (no cache).</li>
 * </ul>
 * The token is an ES256 JWS as the DAS makes it (signed here with a JDK key, since only the verification is
 * measured). Run with {@code java -jar bastion-bench/target/benchmarks.jar TokenAccessBenchmark} (or whatever the
 * bench launcher uses for JMH); the HTTP-level comparison is a load scenario, see the report of this change.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenAccessBenchmark {
    static final LocalIdentity LOCAL = new LocalIdentity("//bastion.example", "/id-in");
    static final IdForms FORMS = new IdForms("bastion.example", "/id-in");
    static final Instant NOW = Instant.parse("2025-06-11T10:15:30Z");
    static final String HOLDER = "Cd3a7f912";
    static final String OWNER = "Cowner01";
    static final String TARGET_RI = "cnt4711";
    static final String TARGET_PATH = "cse-in/owner/cnt4711";

    /** The engine, the policies, a signed token and its verifier, set up once. */
    @State(Scope.Benchmark)
    public static class Setting {
        AccessDecisionEngine engine;
        List<AccessControlPolicy> namesHolder;
        List<AccessControlPolicy> ownerOnly;
        RequestFacts facts;
        String token;
        TokenVerifier verifier;
        TokenCache cache;
        TokenExpectations expect;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            AcpParser parser = new AcpParser(LOCAL);
            ObjectMapper json = new ObjectMapper();
            engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);
            namesHolder = List.of(new AccessControlPolicy("acp1", parser.parseSetOfAcrs(json.readTree(
                    "{\"acr\":[{\"acor\":[\"" + OWNER + "\",\"" + HOLDER + "\"],\"acop\":2}]}"), "pv", false),
                    SetOfAcrs.EMPTY));
            ownerOnly = List.of(new AccessControlPolicy("acp1", parser.parseSetOfAcrs(json.readTree(
                    "{\"acr\":[{\"acor\":[\"" + OWNER + "\"],\"acop\":63}]}"), "pv", false),
                    SetOfAcrs.EMPTY));
            facts = RequestFacts.builder(HOLDER, Operation.RETRIEVE).at(NOW).build();

            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair das = g.generateKeyPair();
            TokenPermissions tkps = TokenPermissions.fromJson(json.readTree("{\"pm\":[{\"ris\":[\"/id-in/"
                    + TARGET_PATH + "\"],\"pv\":{\"acr\":[{\"acor\":[\"" + HOLDER + "\"],\"acop\":2}]}}]}"), parser);
            TokenClaims claims = new TokenClaims("1", "tk-bench@das.example", "//bastion.example/id-in/" + HOLDER,
                    "/id-das", NOW.minusSeconds(60), NOW.plusSeconds(3600), null, List.of("/id-in"), tkps, null);
            token = sign(claims, (ECPrivateKey) das.getPrivate());
            verifier = new TokenVerifier(TrustedIssuers.of(new TrustedIssuer("/id-das",
                    List.of(new IssuerKey.EcP256("das-1", (ECPublicKey) das.getPublic())))), parser);
            cache = new TokenCache(verifier, TokenCache.DEFAULT_MAX_ENTRIES, Clock.fixed(NOW, ZoneOffset.UTC));
            expect = new TokenExpectations("/id-in", HOLDER, NOW, true, FORMS);
            check();
        }

        private static String sign(TokenClaims claims, ECPrivateKey key) throws JOSEException {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                    .keyID("das-1").build(), new Payload(claims.toJwtJson().toString()));
            jws.sign(new ECDSASigner(key));
            return jws.serialize();
        }

        /** Each case must decide as intended before it is measured. */
        private void check() throws TokenRefusedException {
            if (!engine.decide(facts, namesHolder, PrivilegeSet.PV, Grants.NONE).permitted()) {
                throw new IllegalStateException("the plain ACP must permit");
            }
            if (engine.decide(facts, ownerOnly, PrivilegeSet.PV, Grants.NONE).permitted()) {
                throw new IllegalStateException("the owner-only ACP must deny without the token");
            }
            AccessDecision d = decideWithToken(this);
            if (!(d instanceof AccessDecision.Permit(AccessDecision.TokenGround t))) {
                throw new IllegalStateException("the token must permit, got: " + d.summary());
            }
        }
    }

    static AccessDecision decideWithToken(Setting s) throws TokenRefusedException {
        VerifiedToken t = s.cache.verify(s.token, s.expect);
        Grants grants = Grants.builder().target(TARGET_RI, TARGET_PATH).token(t).build();
        return s.engine.decide(s.facts, s.ownerOnly, PrivilegeSet.PV, grants);
    }

    @Benchmark
    public AccessDecision plainAcp(Setting s) {
        return s.engine.decide(s.facts, s.namesHolder, PrivilegeSet.PV, Grants.NONE);
    }

    @Benchmark
    public AccessDecision cachedToken(Setting s) throws TokenRefusedException {
        return decideWithToken(s);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public VerifiedToken firstVerification(Setting s) throws TokenRefusedException {
        return s.verifier.verify(s.token, s.expect);
    }
}
