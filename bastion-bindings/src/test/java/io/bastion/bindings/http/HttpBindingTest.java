package io.bastion.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.Timestamps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP door end to end: a real Netty server on a loopback port, spoken to with java.net.http and sockets. */
class HttpBindingTest {
    static final int LIMIT = 4096;
    static final ObjectMapper JSON = new ObjectMapper();
    static final RecordingProcessor cse = new RecordingProcessor();
    static ExecutorService workers;
    static HttpBinding binding;
    static HttpClient client;
    static String base;

    @BeforeAll
    static void start() {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        binding = new HttpBinding(HttpBindingConfig.of("127.0.0.1", 0, workers)
                .withMaxBodyBytes(LIMIT).withIoThreads(1), cse).start();
        base = "http://127.0.0.1:" + binding.port();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        binding.stop();
        workers.shutdownNow();
        client.close();
    }

    @BeforeEach
    void reset() {
        cse.reset();
    }

    static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("X-M2M-Origin", "CAdmin")
                .header("X-M2M-RI", "rq-1")
                .header("X-M2M-RVI", "3");
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), BodyHandlers.ofString());
    }

    static String dbg(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("m2m:dbg").asText();
    }

    static String rsc(HttpResponse<String> r) {
        return r.headers().firstValue("X-M2M-RSC").orElse(null);
    }

    // ---- method mapping --------------------------------------------------------------------------------------

    @Test
    void getIsRetrieveProcessedOnTheWorkerAndAnsweredWithOneM2MHeaders() throws Exception {
        HttpResponse<String> r = send(request("/cse-in/cnt1").GET());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(rsc(r)).isEqualTo("2000");
        assertThat(r.headers().firstValue("X-M2M-RI")).hasValue("rq-1");
        assertThat(r.headers().firstValue("X-M2M-RVI")).hasValue("3");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().getBytes().length);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"m2m:cnt\":{\"rn\":\"cnt1\"}}"));

        Request rq = cse.last();
        assertThat(rq.op()).isEqualTo(Operation.RETRIEVE);
        assertThat(rq.to()).isEqualTo("cse-in/cnt1");
        assertThat(rq.fr()).isEqualTo("CAdmin");
        assertThat(rq.rqi()).isEqualTo("rq-1");
        assertThat(rq.rvi()).isEqualTo("3");
        assertThat(rq.pc()).isNull();
        Peer peer = cse.peers.get(0);
        assertThat(peer.door()).isEqualTo("http");
        assertThat(peer.isLoopback()).isTrue();
        assertThat(peer.authentication()).isEqualTo(Authentication.none());
        assertThat(cse.threads.get(0)).startsWith("test-worker-");
    }

    @Test
    void postWithTyInContentTypeIsCreateAndTheNewResourceIsInContentLocation() throws Exception {
        cse.answer = rq -> new Response(ResponseStatusCode.CREATED, null, rq.pc(), null, null, null, null,
                "cse-in/CAdmin-ae1");
        String body = "{\"m2m:ae\":{\"rn\":\"ae1\",\"api\":\"Nmy.app\",\"rr\":false,\"srv\":[\"3\"]}}";

        HttpResponse<String> r = send(request("/cse-in")
                .header("Content-Type", "application/vnd.onem2m-res+json; ty=2")
                .POST(BodyPublishers.ofString(body)));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(rsc(r)).isEqualTo("2001");
        assertThat(r.headers().firstValue("Content-Location")).hasValue("/cse-in/CAdmin-ae1");
        Request rq = cse.last();
        assertThat(rq.op()).isEqualTo(Operation.CREATE);
        assertThat(rq.ty()).isEqualTo(2);
        assertThat(rq.to()).isEqualTo("cse-in");
        assertThat(rq.pc()).isEqualTo(JSON.readTree(body));
    }

    @Test
    void expectContinueIsHonouredForBodiesWithinTheLimit() throws Exception {
        cse.answer = rq -> Response.of(ResponseStatusCode.CREATED, rq.pc());

        HttpResponse<String> r = send(request("/cse-in/cnt1").expectContinue(true)
                .header("Content-Type", "application/json; ty=4")
                .POST(BodyPublishers.ofString("{\"m2m:cin\":{\"con\":\"21\"}}")));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(cse.last().pc().at("/m2m:cin/con").asText()).isEqualTo("21");
    }

    @Test
    void postWithoutTyIsNotify() throws Exception {
        String body = "{\"m2m:sgn\":{\"vrq\":true,\"sur\":\"cse-in/sub1\"}}";

        HttpResponse<String> r = send(request("/cse-in/ae1")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)));

        assertThat(r.statusCode()).isEqualTo(200);
        Request rq = cse.last();
        assertThat(rq.op()).isEqualTo(Operation.NOTIFY);
        assertThat(rq.ty()).isNull();
        assertThat(rq.pc()).isEqualTo(JSON.readTree(body));
    }

    @Test
    void putIsUpdateAndDeleteIsDelete() throws Exception {
        send(request("/cse-in/cnt1").header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"m2m:cnt\":{\"mni\":5}}")));
        assertThat(cse.last().op()).isEqualTo(Operation.UPDATE);
        assertThat(cse.last().pc().at("/m2m:cnt/mni").asInt()).isEqualTo(5);

        cse.answer = rq -> Response.of(ResponseStatusCode.DELETED, null);
        HttpResponse<String> r = send(request("/cse-in/cnt1").DELETE());
        assertThat(cse.last().op()).isEqualTo(Operation.DELETE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(rsc(r)).isEqualTo("2002");
        assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
        assertThat(r.headers().firstValue("Content-Type")).isEmpty();
    }

    @Test
    void unknownMethodIsOperationNotAllowed() throws Exception {
        HttpResponse<String> r = send(request("/cse-in/cnt1").method("PATCH", BodyPublishers.ofString("{}")));

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(rsc(r)).isEqualTo("4005");
        assertThat(r.headers().firstValue("X-M2M-RI")).hasValue("rq-1");
        assertThat(dbg(r)).contains("PATCH");
        assertThat(cse.requests).isEmpty();
    }

    // ---- addressing -------------------------------------------------------------------------------------------

    /** The door passes a replica of {@code to} (a trailing slash included: the CSE refuses it, see BadInputIT). */
    @ParameterizedTest
    @CsvSource({
        "/cse-in/ae1,                       cse-in/ae1",
        "/cse-in/cnt1/,                     cse-in/cnt1/",
        "/~/id-in/cse-in/x,                 /id-in/cse-in/x",
        "/_/sp.example/id-in/x,             //sp.example/id-in/x",
        "/cse-in/my%20ae,                   cse-in/my ae",
        "/~/id-in/cse-in/caf%C3%A9,         /id-in/cse-in/café",
        "/cse-in/a%2Bb+c,                   cse-in/a+b+c"
    })
    void pathMapsToTheThreeAddressForms(String path, String to) throws Exception {
        send(request(path).GET());

        assertThat(cse.last().to()).isEqualTo(to);
    }

    @Test
    void malformedPercentEncodingIsBadRequestAndTheConnectionStaysUsable() throws Exception {
        try (RawHttp raw = new RawHttp(binding.port())) {
            raw.send("GET /cse-in/%zz HTTP/1.1\r\nHost: x\r\nX-M2M-RI: r1\r\n\r\n");
            RawHttp.Reply bad = raw.read();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.header("X-M2M-RSC")).isEqualTo("4000");
            assertThat(bad.header("X-M2M-RI")).isEqualTo("r1");
            assertThat(bad.body()).contains("percent-encoding");

            raw.send("GET /cse-in/%C3%28 HTTP/1.1\r\nHost: x\r\nX-M2M-RI: r2\r\n\r\n");
            assertThat(raw.read().body()).contains("UTF-8");

            raw.send("GET /cse-in/ok HTTP/1.1\r\nHost: x\r\nX-M2M-RI: r3\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
        assertThat(cse.requests).extracting(Request::to).containsExactly("cse-in/ok");
    }

    @Test
    void absoluteFormRequestTargetUsesItsPath() throws Exception {
        try (RawHttp raw = new RawHttp(binding.port())) {
            raw.send("GET http://127.0.0.1/~/id-in/cse-in?rcn=1 HTTP/1.1\r\nHost: x\r\nX-M2M-RI: r1\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
        assertThat(cse.last().to()).isEqualTo("/id-in/cse-in");
        assertThat(cse.last().rcn()).isEqualTo(1);
    }

    // ---- headers and query ------------------------------------------------------------------------------------

    @Test
    void everyRequestHeaderMapsToItsParameter() throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/cse-in/cnt1"))
                .header("x-m2m-origin", "Cae1")  // header names are case-insensitive (TS-0009 5.1)
                .header("X-M2M-RI", "rq-7")
                .header("X-M2M-RVI", "4")
                .header("X-M2M-GID", "grp-req-1")
                .header("X-M2M-RTU", "http://127.0.0.1:9000/n&mqtt://broker/x")
                .header("X-M2M-OT", "20250102T030405")
                .header("X-M2M-RST", "20250102T040405")
                .header("X-M2M-RET", "20250102T050405")
                .header("X-M2M-OET", "20250102T060405")
                .header("X-M2M-EC", "2")
                .header("X-M2M-VSI", "vendor=acme")
                .GET());

        Request rq = cse.last();
        assertThat(rq.fr()).isEqualTo("Cae1");
        assertThat(rq.rqi()).isEqualTo("rq-7");
        assertThat(rq.rvi()).isEqualTo("4");
        assertThat(rq.gid()).isEqualTo("grp-req-1");
        assertThat(rq.rtu()).containsExactly("http://127.0.0.1:9000/n", "mqtt://broker/x");
        assertThat(rq.ot()).isEqualTo("20250102T030405");
        assertThat(rq.rset()).isEqualTo("20250102T040405");
        assertThat(rq.rqet()).isEqualTo("20250102T050405");
        assertThat(rq.oet()).isEqualTo("20250102T060405");
        assertThat(rq.ec()).isEqualTo("2");
        assertThat(rq.vsi()).isEqualTo("vendor=acme");
    }

    @Test
    void repeatedOriginHeaderIsRefused() throws Exception {
        HttpResponse<String> r = send(request("/cse-in").header("X-M2M-Origin", "Cother").GET());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(dbg(r)).contains("X-M2M-Origin");
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void queryStringMapsToParametersAndFilterCriteria() throws Exception {
        send(request("/cse-in?rcn=4&rt=3&rp=PT1H&drt=2&fu=1&fo=2"
                + "&crb=20250101T000000&cra=20240101T000000&ms=20240201T000000&us=20250201T000000"
                + "&sts=1&stb=2&exb=20300101T000000&exa=20260101T000000"
                + "&lbl=color/red+size/big&lbl=tag&ty=3+4&ty=23&rn=cnt1&sza=10&szb=100&lim=5&lvl=2&ofst=1").GET());

        Request rq = cse.last();
        assertThat(rq.to()).isEqualTo("cse-in");
        assertThat(rq.rcn()).isEqualTo(4);
        assertThat(rq.rt()).isEqualTo(3);
        assertThat(rq.rp()).isEqualTo("PT1H");
        assertThat(rq.drt()).isEqualTo(2);
        assertThat(rq.isDiscovery()).isTrue();
        var fc = rq.fc();
        assertThat(fc.fo()).isEqualTo(2);
        assertThat(fc.crb()).isEqualTo(Timestamps.parse("20250101T000000", "t"));
        assertThat(fc.cra()).isEqualTo(Timestamps.parse("20240101T000000", "t"));
        assertThat(fc.ms()).isEqualTo(Timestamps.parse("20240201T000000", "t"));
        assertThat(fc.us()).isEqualTo(Timestamps.parse("20250201T000000", "t"));
        assertThat(fc.sts()).isEqualTo(1);
        assertThat(fc.stb()).isEqualTo(2);
        assertThat(fc.exb()).isEqualTo(Timestamps.parse("20300101T000000", "t"));
        assertThat(fc.exa()).isEqualTo(Timestamps.parse("20260101T000000", "t"));
        assertThat(fc.lbl()).containsExactly("color/red", "size/big", "tag");
        assertThat(fc.ty()).containsExactly(3, 4, 23);
        assertThat(fc.rn()).isEqualTo("cnt1");
        assertThat(fc.sza()).isEqualTo(10);
        assertThat(fc.szb()).isEqualTo(100);
        assertThat(fc.lim()).isEqualTo(5);
        assertThat(fc.lvl()).isEqualTo(2);
        assertThat(fc.ofst()).isEqualTo(1);
    }

    @Test
    void nonIntegerRcnIsBadRequestNamingTheParameter() throws Exception {
        HttpResponse<String> r = send(request("/cse-in?rcn=all").GET());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(rsc(r)).isEqualTo("4000");
        assertThat(dbg(r)).contains("rcn");
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void badTimestampIsBadRequestNamingTheParameter() throws Exception {
        HttpResponse<String> r = send(request("/cse-in?fu=1&crb=yesterday").GET());

        assertThat(rsc(r)).isEqualTo("4000");
        assertThat(dbg(r)).contains("crb");
    }

    @Test
    void unknownQueryParameterIsBadRequestNamingIt() throws Exception {
        HttpResponse<String> r = send(request("/cse-in?rcn=1&colour=red").GET());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(rsc(r)).isEqualTo("4000");
        assertThat(dbg(r)).contains("colour");
        assertThat(cse.requests).isEmpty();
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    @Test
    void missingRequestIdentifierIsBadRequest() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/cse-in"))
                .header("X-M2M-Origin", "CAdmin").GET().build(), BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(rsc(r)).isEqualTo("4000");
        assertThat(dbg(r)).contains("X-M2M-RI");
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void malformedJsonIsBadRequest() throws Exception {
        HttpResponse<String> r = send(request("/cse-in")
                .header("Content-Type", "application/json;ty=3")
                .POST(BodyPublishers.ofString("{\"m2m:cnt\": {\"rn\": ")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(rsc(r)).isEqualTo("4000");
        assertThat(dbg(r)).contains("malformed JSON");
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void unservedContentIsUnsupportedMediaType() throws Exception {
        HttpResponse<String> r = send(request("/cse-in")
                .header("Content-Type", "text/plain; ty=3")
                .POST(BodyPublishers.ofString("cnt c")));

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(rsc(r)).isEqualTo("4015");
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void acceptOfAnUnservedTypeOnlyIsNotAcceptableAndNothingIsProcessed() throws Exception {
        HttpResponse<String> r = send(request("/cse-in").header("Accept", "text/html, application/json;q=0").GET());

        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(rsc(r)).isEqualTo("5207");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void acceptOfCborGetsCbor() throws Exception {
        HttpResponse<byte[]> r = client.send(request("/cse-in/cnt1").header("Accept", "application/cbor").GET()
                .build(), BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/cbor");
        JsonNode decoded = new ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory()).readTree(r.body());
        assertThat(decoded.at("/m2m:cnt/rn").asText()).isEqualTo("cnt1");
    }

    @Test
    void errorResponseFromTheCseKeepsItsStatusCode() throws Exception {
        cse.answer = rq -> Response.error(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "no privilege");

        HttpResponse<String> r = send(request("/cse-in/acp1").GET());

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(rsc(r)).isEqualTo("4103");
        assertThat(dbg(r)).isEqualTo("no privilege");
    }

    @Test
    void processorFailureIsInternalErrorWithoutStackTrace() throws Exception {
        cse.answer = rq -> {
            throw new IllegalStateException("secret detail of the database");
        };

        HttpResponse<String> r = send(request("/cse-in/cnt1").GET());

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(rsc(r)).isEqualTo("5000");
        assertThat(r.headers().firstValue("X-M2M-RI")).hasValue("rq-1");
        assertThat(dbg(r)).isEqualTo("internal server error");
        assertThat(r.body()).doesNotContain("secret", "Exception", "\tat ", "io.bastion");
    }

    @Test
    void oversizedBodyIsBadRequestAndTheConnectionIsClosed() throws Exception {
        try (RawHttp raw = new RawHttp(binding.port())) {
            raw.send("POST /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-RI: big-1\r\nContent-Type: application/json;ty=4\r\n"
                    + "Content-Length: " + (LIMIT + 1) + "\r\n\r\n" + "{\"m2m:cin\":{\"con\":\"");
            RawHttp.Reply r = raw.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("X-M2M-RSC")).isEqualTo("4000");
            assertThat(r.header("X-M2M-RI")).isEqualTo("big-1");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.body()).contains("request body exceeds " + LIMIT + " bytes");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void oversizedChunkedBodyIsBadRequest() throws Exception {
        try (RawHttp raw = new RawHttp(binding.port())) {
            String chunk = "x".repeat(LIMIT + 10);
            raw.send("POST /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-RI: big-2\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk
                    + "\r\n0\r\n\r\n");
            RawHttp.Reply r = raw.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("request body exceeds");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void oversizedBodyWithExpectContinueIsAnsweredWithoutContinue() throws Exception {
        try (RawHttp raw = new RawHttp(binding.port())) {
            raw.send("POST /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-RI: big-3\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
            RawHttp.Reply r = raw.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("X-M2M-RSC")).isEqualTo("4000");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void oversizedBodyFromJavaHttpClientGetsTheAnswer() throws Exception {
        HttpResponse<String> r = send(request("/cse-in").header("Content-Type", "application/json;ty=4")
                .POST(BodyPublishers.ofString("{\"m2m:cin\":{\"con\":\"" + "x".repeat(200_000) + "\"}}")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(rsc(r)).isEqualTo("4000");
        assertThat(dbg(r)).isEqualTo("request body exceeds " + LIMIT + " bytes");
    }

    @Test
    void malformedHttpIsBadRequestAndClosed() throws Exception {
        try (RawHttp raw = new RawHttp(binding.port())) {
            raw.send("GET /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-RI r1\r\n\r\n");
            RawHttp.Reply r = raw.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("X-M2M-RSC")).isEqualTo("4000");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(cse.requests).isEmpty();
    }

    // ---- connections ------------------------------------------------------------------------------------------

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(send(request("/cse-in/cnt" + i).GET()).statusCode()).isEqualTo(200);
        }

        assertThat(cse.peers).hasSize(30);
        assertThat(cse.peers.stream().map(p -> p.remote().getPort()).distinct()).hasSize(1);
    }

    @Test
    void pipelinedResponsesComeBackInRequestOrder() throws Exception {
        cse.answer = rq -> {
            if (rq.rqi().equals("slow")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return RecordingProcessor.ok(rq);
        };
        try (RawHttp raw = new RawHttp(binding.port())) {
            StringBuilder three = new StringBuilder();
            for (String ri : List.of("slow", "fast-1", "fast-2")) {
                three.append("GET /cse-in/").append(ri).append(" HTTP/1.1\r\nHost: x\r\nX-M2M-RI: ").append(ri)
                        .append("\r\n\r\n");
            }
            raw.send(three.toString());

            assertThat(List.of(raw.read(), raw.read(), raw.read()))
                    .extracting(reply -> reply.header("X-M2M-RI"))
                    .containsExactly("slow", "fast-1", "fast-2");
        }
    }

    /** Far beyond the in-flight cap and Netty's own pipelining limit (128): held back, never dropped (issue 9 #13). */
    @Test
    void deepPipelineIsThrottledNotDropped() throws Exception {
        int n = 1000;
        try (RawHttp raw = new RawHttp(binding.port())) {
            raw.send(pipelined(n, "p-"));

            for (int i = 0; i < n; i++) {
                assertThat(raw.read().header("X-M2M-RI")).isEqualTo("p-" + i);
            }
        }
        assertThat(cse.requests).hasSize(n);
    }

    /** {@code n} GET requests in one string, X-M2M-RI {@code prefix0}, {@code prefix1}, … */
    static String pipelined(int n, String prefix) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            all.append("GET /cse-in/c").append(i).append(" HTTP/1.1\r\nHost: x\r\nX-M2M-RI: ").append(prefix)
                    .append(i).append("\r\n\r\n");
        }
        return all.toString();
    }

    /**
     * Back-pressure on the answers: a client that pipelines requests but does not read the answers gets no more of
     * them read once the answers pile up, instead of having the server buffer every answer; reading resumes the rest.
     */
    @Test
    void aClientThatDoesNotReadItsAnswersIsNotReadFurtherUntilItDoes() throws Exception {
        int n = 2000;
        String big = "x".repeat(32 * 1024);
        cse.answer = rq -> Response.of(ResponseStatusCode.OK,
                JSON.createObjectNode().set("m2m:cnt", JSON.createObjectNode().put("lbl", big)));
        try (RawHttp raw = new RawHttp(binding.port())) {
            String all = pipelined(n, "w-");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    raw.send(all);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (cse.requests.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int seen;
            int now = cse.requests.size();
            do { // until the server stops taking requests
                seen = now;
                Thread.sleep(500);
                now = cse.requests.size();
            } while (now != seen);
            assertThat(now).isPositive();
            // the socket buffers hold some answers; far fewer than all of them
            assertThat(now).isLessThan(n / 4);

            for (int i = 0; i < n; i++) {
                assertThat(raw.read().header("X-M2M-RI")).isEqualTo("w-" + i);
            }
            writer.join(10_000);
        }
        assertThat(cse.requests).hasSize(n);
    }

    @Test
    void connectionCloseIsHonouredAfterTheResponse() throws Exception {
        try (RawHttp raw = new RawHttp(binding.port())) {
            raw.send("GET /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-RI: r1\r\nConnection: close\r\n\r\n");
            RawHttp.Reply r = raw.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }
}
