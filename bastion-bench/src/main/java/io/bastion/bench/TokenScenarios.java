package io.bastion.bench;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The token scenarios (TS-0003 7.3.2.3-7.3.2.5), against a CSE that trusts {@link BenchTokenIssuer}: the read of
 * {@code retrieve-la} on a container whose ACP gives Creader nothing, so that every request is permitted by the ES256
 * token it carries in the {@code Authorization} header (TS-0009 6.4.19, no scheme).
 * <ul>
 *   <li>{@code retrieve-token}: the same token on every request; the CSE verifies it once and finds it in its token
 *       cache afterwards (the per-request cost of a cached token);</li>
 *   <li>{@code retrieve-token-fresh}: every request carries a token the CSE has never seen, pre-minted in bulk before
 *       the load starts: the end-to-end cost of a first verification (parse, signature, claims, caching, a
 *       Local-Token-ID).</li>
 * </ul>
 */
final class TokenScenarios {

    /** Scenario names, in the order they run. */
    static final List<String> NAMES = List.of("retrieve-token", "retrieve-token-fresh");

    /** The container the tokens grant RETRIEVE on. */
    private static final String TARGET_RN = "cnttok";

    private final CseScenarios scenarios;
    private final SetupClient setup;
    private final BenchTokenIssuer issuer;
    private final int freshTokens;
    private String containerRi;
    private String latestUri;
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    TokenScenarios(CseScenarios scenarios, SetupClient setup, BenchTokenIssuer issuer, int freshTokens) {
        this.scenarios = scenarios;
        this.setup = setup;
        this.issuer = issuer;
        this.freshTokens = freshTokens;
    }

    /** The same token on every request (verified once, then cached). */
    CseScenarios.Prepared retrieveToken() throws InterruptedException {
        String uri = target();
        String token = issuer.retrieveToken("tk-bench-cached@das.bench", CseScenarios.READER, containerRi);
        probe(uri, token);
        String authority = setup.authority();
        return new CseScenarios.Prepared(
                (conn, seq) -> withToken(M2m.retrieve(authority, uri, CseScenarios.READER, "tok-" + conn + "-" + seq),
                        token),
                M2m::failure);
    }

    /**
     * A never-seen token on every request, from a pool of {@code freshTokens} minted now (in parallel, before the
     * load starts); should the pool run out, it starts over and {@link #reused()} counts those requests (cache hits).
     */
    CseScenarios.Prepared retrieveTokenFresh() throws InterruptedException {
        String uri = target();
        probe(uri, issuer.retrieveToken("tk-bench-probe@das.bench", CseScenarios.READER, containerRi));
        long t0 = System.nanoTime();
        String[] pool = IntStream.range(0, freshTokens).parallel()
                .mapToObj(i -> issuer.bulkRetrieveToken("tk-fresh-" + i + "@das.bench", CseScenarios.READER, containerRi))
                .toArray(String[]::new);
        System.out.printf("    minted %,d fresh ES256 tokens in %.1f s (%d bytes each)%n", pool.length,
                (System.nanoTime() - t0) / 1e9, pool[0].length());
        AtomicInteger next = new AtomicInteger();
        String authority = setup.authority();
        return new CseScenarios.Prepared(
                (conn, seq) -> {
                    int i = next.getAndIncrement();
                    sent.incrementAndGet();
                    if (i >= pool.length) {
                        reused.incrementAndGet();
                    }
                    return withToken(M2m.retrieve(authority, uri, CseScenarios.READER, "tokf-" + conn + "-" + seq),
                            pool[Math.floorMod(i, pool.length)]);
                },
                M2m::failure);
    }

    /** Requests of {@code retrieve-token-fresh} (warm-up included) that had to reuse a token of the pool. */
    long reused() {
        return reused.get();
    }

    /** Requests of {@code retrieve-token-fresh} sent, warm-up included. */
    long sent() {
        return sent.get();
    }

    /**
     * {@code <writer>/cnttok} with one contentInstance, under an ACP of the same shape as the plain read's (two rules)
     * that lets the writer do everything and Creader nothing; made once. Checked: Creader without a token is refused.
     */
    private String target() throws InterruptedException {
        if (latestUri != null) {
            return latestUri;
        }
        scenarios.common();
        String base = CseScenarios.WRITER_PATH;
        String acp = setup.create(base, CseScenarios.WRITER, M2m.ACP, "{\"m2m:acp\":{\"rn\":\"benchAcpTok\","
                + "\"pv\":{\"acr\":[{\"acor\":[\"Cnobody\"],\"acop\":2},{\"acor\":[\"" + CseScenarios.WRITER
                + "\"],\"acop\":63}]},\"pvs\":{\"acr\":[{\"acor\":[\"" + CseScenarios.WRITER + "\"],\"acop\":63}]}}}");
        String acpRi = CseScenarios.field(acp, "m2m:acp", "ri");
        setup.create(base, CseScenarios.WRITER, M2m.CNT, "{\"m2m:cnt\":{\"rn\":\"" + TARGET_RN
                + "\",\"mni\":100,\"acpi\":[\"" + acpRi + "\"]}}");
        setup.create(base + "/" + TARGET_RN, CseScenarios.WRITER, M2m.CIN, "{\"m2m:cin\":{\"con\":\"21.5\"}}");
        String uri = base + "/" + TARGET_RN + "/la";
        // The token names the container: the CSE resolves <latest> to its container and decides on that.
        containerRi = BenchTokenIssuer.CSE_ID + base + "/" + TARGET_RN;
        setup.expect(M2m.retrieve(setup.authority(), uri, CseScenarios.READER, setup.nextRequestId()), "4103",
                "RETRIEVE " + uri + " as " + CseScenarios.READER + " without a token (must be refused)");
        latestUri = uri;
        return uri;
    }

    /** One read with {@code token} must return the contentInstance. */
    private void probe(String uri, String token) throws InterruptedException {
        String body = setup.expect(withToken(M2m.retrieve(setup.authority(), uri, CseScenarios.READER,
                setup.nextRequestId()), token), "2000", "RETRIEVE " + uri + " as " + CseScenarios.READER
                + " with a token");
        if (!body.contains("\"m2m:cin\"")) {
            throw new SetupException("RETRIEVE " + uri + " with a token did not return m2m:cin: "
                    + LoadRun.abbreviate(body));
        }
    }

    private static FullHttpRequest withToken(FullHttpRequest request, String token) {
        request.headers().set(HttpHeaderNames.AUTHORIZATION, token);
        return request;
    }
}
