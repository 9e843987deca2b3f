package io.bastion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

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

    CseScenarios(SetupClient setup) {
        this.setup = setup;
        this.authority = setup.authority();
    }

    /**
     * Shared by all scenarios: the two AEs and an ACP under the writer that lets Creader RETRIEVE (acop 2) and
     * Cwriter do everything (acop 63); the scenarios' containers point their acpi at it.
     */
    private void common() throws InterruptedException {
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
        common();
        setup.create(WRITER_PATH, WRITER, M2m.CNT, container("cnt", 100));
        setup.create(WRITER_PATH + "/cnt", WRITER, M2m.CIN, "{\"m2m:cin\":{\"con\":\"21.5\"}}");
        String uri = WRITER_PATH + "/cnt/la";
        String probe = setup.retrieve(uri, READER);
        if (!parse(probe, "retrieve of " + uri).has("m2m:cin")) {
            throw new SetupException("RETRIEVE " + uri + " as " + READER + " did not return m2m:cin: "
                    + LoadRun.abbreviate(probe));
        }
        return new Prepared(
                (conn, seq) -> M2m.retrieve(authority, uri, READER, "la-" + conn + "-" + seq),
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

    private static String discoveryUri(int label) {
        return WRITER_PATH + "?fu=1&lbl=group:" + label + "&lim=1000";
    }

    private static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SetupException(what + " is not JSON (" + e.getMessage() + "): " + LoadRun.abbreviate(body));
        }
    }
}
