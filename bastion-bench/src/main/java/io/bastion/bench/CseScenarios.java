package io.bastion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.time.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The set-up of the CSE scenarios and the requests each one measures. Names follow the CSE's defaults:
 * CSEBase {@code cse-in}; AE {@code Cwriter} registers as {@code writer}, {@code Creader} as {@code reader}.
 */
final class CseScenarios {

    /** What a prepared scenario sends, and how its responses are judged. */
    record Prepared(LoadRun.RequestSource source, LoadRun.ResponseCheck check) {
    }

    static final String BASE = "/cse-in";
    static final String WRITER = "Cwriter";
    static final String READER = "Creader";
    static final String WRITER_PATH = BASE + "/writer";

    /** Discovery data: CONTAINERS × PER_CONTAINER contentInstances, labelled group:0 … group:(LABELS-1). */
    static final int DISCOVERY_CONTAINERS = 100;
    static final int DISCOVERY_PER_CONTAINER = 100;
    static final int LABELS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SetupClient setup;
    private final String authority;
    private String acpRi;
    private String commonFailure;
    private String latestUri;
    private String latestFailure;

    CseScenarios(SetupClient setup) {
        this.setup = setup;
        this.authority = setup.authority();
    }

    /**
     * Shared by all scenarios: the two AEs and an ACP under the writer that lets Creader RETRIEVE (acop 2) and
     * Cwriter do everything (acop 63); the scenarios' containers point their acpi at it.
     */
    void common() throws InterruptedException {
        if (acpRi != null) {
            return;
        }
        if (commonFailure != null) {
            throw new SetupException("shared set-up failed before: " + commonFailure);
        }
        try {
            registerAndProtect();
        } catch (SetupException e) {
            commonFailure = e.getMessage();
            throw e;
        }
    }

    private void registerAndProtect() throws InterruptedException {
        setup.create(BASE, WRITER, M2m.AE, "{\"m2m:ae\":{\"rn\":\"writer\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        setup.create(BASE, READER, M2m.AE, "{\"m2m:ae\":{\"rn\":\"reader\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        String body = setup.create(WRITER_PATH, WRITER, M2m.ACP, "{\"m2m:acp\":{\"rn\":\"benchAcp\","
                + "\"pv\":{\"acr\":[{\"acor\":[\"" + READER + "\"],\"acop\":2},{\"acor\":[\"" + WRITER + "\"],\"acop\":63}]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"" + WRITER + "\"],\"acop\":63}]}}}");
        String ri = parse(body, "ACP create response").path("m2m:acp").path("ri").asText("");
        if (ri.isEmpty()) {
            throw new SetupException("ACP create response has no m2m:acp.ri: " + LoadRun.abbreviate(body));
        }
        acpRi = ri;
    }

    private String container(String rn, int mni) {
        return "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mni\":" + mni + ",\"acpi\":[\"" + acpRi + "\"]}}";
    }

    /** GET the latest contentInstance of a container protected by the ACP, as the reader. */
    Prepared retrieveLa() throws InterruptedException {
        return retrieveLa(authority, "la-");
    }

    /** The same read with the answer in XML ({@code Accept: application/xml}): the cost of writing XML. */
    Prepared retrieveLaXml() throws InterruptedException {
        String uri = latestUri();
        return new Prepared((conn, seq) -> M2m.retrieveXml(authority, uri, READER, "lax-" + conn + "-" + seq),
                M2m::failure);
    }

    /**
     * The same read for another door (its {@code authority} in the Host header; request IDs start with
     * {@code prefix}): every transport reads the same resource with the same authorization.
     */
    Prepared retrieveLa(String doorAuthority, String prefix) throws InterruptedException {
        String uri = latestUri();
        return new Prepared(
                (conn, seq) -> M2m.retrieve(doorAuthority, uri, READER, prefix + conn + "-" + seq),
                M2m::failure);
    }

    /**
     * The target of the reads, made once per CSE: {@code <writer>/cnt} under the shared ACP with one
     * contentInstance; checked to be readable by the reader over plain HTTP.
     */
    String latestUri() throws InterruptedException {
        if (latestUri != null) {
            return latestUri;
        }
        if (latestFailure != null) {
            throw new SetupException("the set-up of the read target failed before: " + latestFailure);
        }
        try {
            latestUri = makeLatest();
        } catch (SetupException e) {
            latestFailure = e.getMessage();
            throw e;
        }
        return latestUri;
    }

    private String makeLatest() throws InterruptedException {
        common();
        return latestOf("cnt", container("cnt", 100));
    }

    /**
     * Creates the writer's container {@code rn} from {@code body} with one contentInstance, and checks that the reader
     * reads it through {@code la}; returns that address.
     */
    private String latestOf(String rn, String body) throws InterruptedException {
        setup.create(WRITER_PATH, WRITER, M2m.CNT, body);
        setup.create(WRITER_PATH + "/" + rn, WRITER, M2m.CIN, "{\"m2m:cin\":{\"con\":\"21.5\"}}");
        String uri = WRITER_PATH + "/" + rn + "/la";
        String probe = setup.retrieve(uri, READER);
        if (!parse(probe, "retrieve of " + uri).has("m2m:cin")) {
            throw new SetupException("RETRIEVE " + uri + " as " + READER + " did not return m2m:cin: "
                    + LoadRun.abbreviate(probe));
        }
        return uri;
    }

    /**
     * The rules of the 10-rule policy of {@code retrieve-la-acp10}, as a site with several devices, apps and
     * networks would write them: AE-IDs, SP-relative IDs and wildcards; operations that include RETRIEVE; time
     * windows ({@code actw}, seven-field schedule entries read in UTC) and IPv4 blocks ({@code acip}). Requests of
     * the bench come from 127.0.0.1 at any time. Rules 0-8 do not permit Creader: some fail on their contexts
     * (another network, a maintenance window), the others pass them and fail on their originators, so every rule is
     * evaluated. Rule 2 lets the writer create the data. Rule 9, the last, permits Creader with a window that is
     * always open and the loopback block.
     */
    static final List<String> ACP10_RULES = List.of(
            rule("\"C12*\"", 2, "\"actw\":[\"* * 8-18 * * 1-5 *\"],\"acip\":{\"ipv4\":[\"10.0.0.0/8\"]}"),
            rule("\"Csensor0001\",\"Csensor0002\",\"Csensor0003\"", 3,
                    "\"acip\":{\"ipv4\":[\"192.168.0.0/16\"]}"),
            rule("\"" + WRITER + "\"", 63, "\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}"),
            rule("\"Cgateway*\"", 34, "\"actw\":[\"* * * * * * *\"],\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}"),
            rule("\"/id-in/Cdashboard\"", 2,
                    "\"actw\":[\"* * * * * * *\"],\"acip\":{\"ipv4\":[\"10.1.0.0/16\",\"172.16.0.0/12\",\"127.0.0.0/8\"]}"),
            rule("\"Cmaint\"", 62, "\"actw\":[\"* * 0-5 * * 0,6 *\"],\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}"),
            rule("\"C98*\",\"C99*\"", 2, "\"actw\":[\"* * * * * * *\"],\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}"),
            rule("\"Cbackup\"", 2, "\"actw\":[\"* 0-30 2 * * * *\"],\"acip\":{\"ipv4\":[\"127.0.0.1/32\"]}"),
            rule("\"Cauditor\",\"/id-in/Caudit2\"", 34,
                    "\"actw\":[\"* * * * * * *\"],\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}"),
            rule("\"" + READER + "\"", 2, "\"actw\":[\"* * * * * * *\"],\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}"));

    private static String rule(String acor, int acop, String context) {
        return "{\"acor\":[" + acor + "],\"acop\":" + acop + ",\"acco\":[{" + context + "}]}";
    }

    /**
     * The same read as {@link #retrieveLa()}, but the container's only ACP has the 10 rules of {@link #ACP10_RULES},
     * with time-window and IP contexts and the rule for Creader last: the cost of full access control.
     */
    Prepared retrieveLaAcp10() throws InterruptedException {
        common();
        String body = setup.create(WRITER_PATH, WRITER, M2m.ACP, "{\"m2m:acp\":{\"rn\":\"benchAcp10\","
                + "\"pv\":{\"acr\":[" + String.join(",", ACP10_RULES) + "]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"" + WRITER + "\"],\"acop\":63}]}}}");
        String acp10 = parse(body, "ACP create response").path("m2m:acp").path("ri").asText("");
        if (acp10.isEmpty()) {
            throw new SetupException("ACP create response has no m2m:acp.ri: " + LoadRun.abbreviate(body));
        }
        String uri = latestOf("cnt10",
                "{\"m2m:cnt\":{\"rn\":\"cnt10\",\"mni\":100,\"acpi\":[\"" + acp10 + "\"]}}");
        return new Prepared(
                (conn, seq) -> M2m.retrieve(authority, uri, READER, "la10-" + conn + "-" + seq),
                M2m::failure);
    }

    /**
     * POST contentInstances as the writer, each connection into its own container (mni=1000), as devices of a
     * fleet write their own data.
     */
    Prepared createCin(int connections) throws InterruptedException {
        common();
        for (int c = 0; c < connections; c++) {
            setup.create(WRITER_PATH, WRITER, M2m.CNT, container("cinbox" + c, 1000));
        }
        return new Prepared(
                (conn, seq) -> M2m.create(authority, WRITER_PATH + "/cinbox" + conn, WRITER, "cc-" + conn + "-" + seq,
                        M2m.CIN, "{\"m2m:cin\":{\"con\":\"" + conn + "." + seq + "\"}}"),
                M2m::failure);
    }

    /**
     * POST timeSeriesInstances as the writer, each connection into its own timeSeries with mni=1000 (no missing-data
     * detection), each with a data generation time no other request has (one counter for all connections and runs,
     * in milliseconds from 2025-01-01), so that every create passes the duplicate check and none is a 4105.
     */
    Prepared createTsi(int connections) throws InterruptedException {
        common();
        for (int c = 0; c < connections; c++) {
            setup.create(WRITER_PATH, WRITER, M2m.TS, "{\"m2m:ts\":{\"rn\":\"tsbox" + c + "\",\"mni\":1000,"
                    + "\"acpi\":[\"" + acpRi + "\"]}}");
        }
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        AtomicLong dgt = new AtomicLong();
        return new Prepared(
                (conn, seq) -> M2m.create(authority, WRITER_PATH + "/tsbox" + conn, WRITER, "ct-" + conn + "-" + seq,
                        M2m.TSI, "{\"m2m:tsi\":{\"dgt\":\"" + Timestamps.format(base.plusMillis(dgt.incrementAndGet()))
                                + "\",\"con\":\"" + conn + "." + seq + "\"}}"),
                M2m::failure);
    }

    /** POST contentInstances as the writer, every connection into the same container (mni=1000). */
    Prepared createCinHot() throws InterruptedException {
        common();
        setup.create(WRITER_PATH, WRITER, M2m.CNT, container("hotbox", 1000));
        String parent = WRITER_PATH + "/hotbox";
        return new Prepared(
                (conn, seq) -> M2m.create(authority, parent, WRITER, "ch-" + conn + "-" + seq, M2m.CIN,
                        "{\"m2m:cin\":{\"con\":\"" + conn + "." + seq + "\"}}"),
                M2m::failure);
    }

    /**
     * 10,000 labelled contentInstances (100 containers × 100), each label group:k on 100 of them; measured: label
     * discovery from the writer AE, which must find exactly those 100.
     */
    Prepared discovery() throws InterruptedException {
        common();
        long t0 = System.nanoTime();
        for (int c = 0; c < DISCOVERY_CONTAINERS; c++) {
            setup.create(WRITER_PATH, WRITER, M2m.CNT, container("d" + c, 2 * DISCOVERY_PER_CONTAINER));
        }
        int total = DISCOVERY_CONTAINERS * DISCOVERY_PER_CONTAINER;
        System.out.printf("    creating %,d labelled contentInstances ...%n", total);
        setup.sendAll(total,
                i -> M2m.create(authority, WRITER_PATH + "/d" + (i / DISCOVERY_PER_CONTAINER), WRITER,
                        setup.nextRequestId(), M2m.CIN,
                        "{\"m2m:cin\":{\"con\":\"" + i + "\",\"lbl\":[\"group:" + (i % LABELS) + "\"]}}"),
                "2001", "CREATE labelled contentInstance", 4);
        System.out.printf("    set-up took %.1f s%n", (System.nanoTime() - t0) / 1e9);

        int expected = total / LABELS;
        String probeUri = discoveryUri(7);
        JsonNode uril = parse(setup.retrieve(probeUri, WRITER), "discovery").path("m2m:uril");
        if (!uril.isArray() || uril.size() != expected) {
            throw new SetupException("GET " + probeUri + " as " + WRITER + " should find " + expected
                    + " contentInstances, found " + (uril.isArray() ? uril.size() : "no m2m:uril"));
        }
        return new Prepared(
                (conn, seq) -> M2m.retrieve(authority, discoveryUri(ThreadLocalRandom.current().nextInt(LABELS)),
                        WRITER, "disc-" + conn + "-" + seq),
                M2m::failure);
    }

    /**
     * POST 1 MiB hostile bodies ({@link HostileBodies}) to the CSEBase without an originator, the kinds in turn; each
     * must be refused with 4000. Its CSE us/op is the CPU cost of refusing one MiB.
     */
    Prepared refuseHostile() throws InterruptedException {
        List<HostileBodies.Body> bodies = HostileBodies.all();
        for (HostileBodies.Body b : bodies) {
            setup.expect(M2m.anonymousCreate(authority, BASE, setup.nextRequestId(), b.contentType(), b.bytes()),
                    "4000", "the hostile body " + b.name());
        }
        return new Prepared(
                (conn, seq) -> {
                    HostileBodies.Body b = bodies.get((int) ((conn + seq) % bodies.size()));
                    return M2m.anonymousCreate(authority, BASE, "hostile-" + conn + "-" + seq, b.contentType(),
                            b.bytes());
                },
                response -> "4000".equals(M2m.rsc(response)) ? null : "not refused with 4000: " + M2m.failure(response));
    }

    /** {@code body}'s {@code root.name} as text; fails when it is missing. */
    static String field(String body, String root, String name) {
        String value = parse(body, root + " response").path(root).path(name).asText("");
        if (value.isEmpty()) {
            throw new SetupException("response has no " + root + "." + name + ": " + LoadRun.abbreviate(body));
        }
        return value;
    }

    private static String discoveryUri(int label) {
        return WRITER_PATH + "?fu=1&lbl=group:" + label + "&lim=1000";
    }

    static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SetupException(what + " is not JSON (" + e.getMessage() + "): " + LoadRun.abbreviate(body));
        }
    }
}
