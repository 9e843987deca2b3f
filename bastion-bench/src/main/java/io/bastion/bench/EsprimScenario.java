package io.bastion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.EsprimAlgorithm;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimOriginator;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.ReceiverRandObject;
import io.bastion.security.e2e.SecurityInfo;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code retrieve-esprim}: the read of {@code retrieve-la} protected end to end (TS-0003 8.4): the reader holds a
 * pairwise key the CSE knows ({@code credentials e2e add --key -} before the start, bound to Creader), gets one
 * receiver rand object ({@code sit}=3) at set-up, and sends every RETRIEVE of {@code la} as an ESPrim object (A128GCM)
 * in a NOTIFY to the CSEBase; the CSE verifies it, runs the inner read through its pipeline and answers protected.
 * Each connection makes a new originator rand object every second (valid 4 s), so that the CSE's replay cache
 * (objects kept until their rand objects expire) stays far below its bound whatever the rate. Every answer is
 * opened and must hold the contentInstance. Its ratio to {@code retrieve-la} is the cost of ESPrim at the receiver.
 */
final class EsprimScenario {
    static final String NAME = "retrieve-esprim";
    static final String KEY_ID = "bench-reader@bench.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ROTATE_NANOS = Duration.ofSeconds(1).toNanos();

    private final byte[] key = HexFormat.of().parseHex(BenchPki.randomHex(16));
    private final EsprimOriginator originator = new EsprimOriginator(Clock.systemUTC(), new SecureRandom());
    private final Map<String, EsprimOriginator.Session> byOri = new ConcurrentHashMap<>();

    /** Provisions the reader's pairwise key through the server's command line (the key on stdin). */
    CseProcess.Provisioner provisioner() {
        return (cli, workDir, dataDir) -> {
            cli.run(List.of("credentials", "--data", dataDir.toString(), "e2e", "add", "--key-id", KEY_ID, "--key",
                    "-", "--entity", CseScenarios.READER), HexFormat.of().formatHex(key) + "\n");
            return new CseProcess.Launch(List.of(), Map.of());
        };
    }

    /** The rand object, a probe that must read the contentInstance, then the load's requests and check. */
    CseScenarios.Prepared prepare(CseScenarios scenarios, SetupClient setup, int connections)
            throws InterruptedException {
        String uri = scenarios.latestUri();
        String inner = uri.startsWith("/") ? uri.substring(1) : uri;
        String authority = setup.authority();
        String answer = setup.expect(M2m.notify(authority, CseScenarios.BASE, CseScenarios.READER,
                setup.nextRequestId(), "{\"m2m:seci\":{\"sit\":3}}"), "2000", "the receiverESPrimRandObject request");
        ReceiverRandObject ero = SecurityInfo.fromJson(parse(answer), Instant.now()).ero();
        PairwiseKey pairwise = new PairwiseKey(KEY_ID, PreSharedKey.of(key), CseScenarios.READER);
        EsprimOriginator.Session probe = session(pairwise, ero);
        String probed = setup.expect(request(authority, probe, inner, "esp-probe"), "2000", "an ESPrim read of " + uri);
        String failure = check(probed);
        if (failure != null) {
            throw new SetupException("the ESPrim read of " + uri + ": " + failure);
        }
        AtomicReferenceArray<EsprimOriginator.Session> current = new AtomicReferenceArray<>(connections);
        long[] since = new long[connections];
        return new CseScenarios.Prepared((conn, seq) -> {
            EsprimOriginator.Session s = current.get(conn);
            long now = System.nanoTime();
            if (s == null || now - since[conn] > ROTATE_NANOS) {
                s = session(pairwise, ero);
                current.set(conn, s);
                since[conn] = now;
            }
            return request(authority, s, inner, "esp-" + conn + "-" + seq);
        }, response -> {
            String f = M2m.failure(response);
            return f != null ? f : check(M2m.body(response));
        });
    }

    private EsprimOriginator.Session session(PairwiseKey pairwise, ReceiverRandObject ero) {
        EsprimOriginator.Session s = originator.start(pairwise, ero, EsprimAlgorithm.A128GCM, Duration.ofSeconds(4));
        Instant old = Instant.now().minusSeconds(10);
        byOri.values().removeIf(x -> x.originatorRandObject().esrx().isBefore(old));
        byOri.put(s.originatorRandObject().esri(), s);
        return s;
    }

    private static io.netty.handler.codec.http.FullHttpRequest request(String authority, EsprimOriginator.Session s,
                                                                       String to, String rqi) {
        Request rq = Request.builder(Operation.RETRIEVE, to).fr(CseScenarios.READER).rqi(rqi).rvi("3").build();
        String epo = s.protect(InnerPrimitives.requestBytes(rq), EsprimHeader.JSON);
        return M2m.notify(authority, CseScenarios.BASE, CseScenarios.READER, rqi,
                SecurityInfo.esprimObject(epo).toJson().toString());
    }

    /** Null when the protected answer opens and is the contentInstance, else what is wrong. */
    private String check(String body) {
        try {
            String epo = SecurityInfo.fromJson(parse(body), Instant.now()).epo();
            if (epo == null) {
                return "no ESPrim object in the answer";
            }
            EsprimOriginator.Session s = byOri.get(EsprimHeader.parse(epo, Instant.now()).ori());
            if (s == null) {
                return "an answer for an unknown session";
            }
            Response r = InnerPrimitives.response(s.open(epo));
            if (r.rsc() != ResponseStatusCode.OK || r.pc() == null || !r.pc().has("m2m:cin")) {
                return "inner RSC " + r.rsc().code();
            }
            return null;
        } catch (RuntimeException e) {
            return "the answer does not open: " + e.getClass().getSimpleName();
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SetupException("not JSON: " + LoadRun.abbreviate(body));
        }
    }
}
