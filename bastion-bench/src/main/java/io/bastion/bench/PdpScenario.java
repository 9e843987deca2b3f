package io.bastion.bench;

import java.time.Duration;

/**
 * {@code retrieve-pdp} and {@code retrieve-pdp-cold}: the read of {@code retrieve-la} on an MN-CSE whose own ACP does
 * not permit the reader but names a Policy Decision Point on the IN-CSE in {@code adri} (TS-0003 7.5): the MN, as
 * Policy Enforcement Point, asks the IN's {@code <authorizationDecision>} by an UPDATE of its request attributes over
 * the Mcc association of {@link RetargetedScenario} (TLS-PSK, the PSK bound to each other's CSE-ID), the IN's PDP takes
 * its policy from its PRP (an ACP labelled {@code bastion:policyFor=/id-mn/cse-mn/writer/cnt}) and answers PERMIT.
 * Cold: the MN remembers no decision ({@code pdp.cache-ttl-s=0}), so every read asks the IN; cached: the default
 * decision cache (10 s), so the IN is asked about once per 10 s.
 */
final class PdpScenario {
    static final String NAME = "retrieve-pdp";
    static final String COLD = "retrieve-pdp-cold";
    static final String MN_BASE = RetargetedScenario.MN_BASE;
    static final String TARGET = MN_BASE + "/writer/cnt/la";
    static final String PDP = RetargetedScenario.IN_ID + RetargetedScenario.IN_BASE + "/benchPdp";
    static final String ADMIN = "CAdmin";

    private final RetargetedScenario network = new RetargetedScenario();

    /** The IN: as for the retargeted read (the MN's key, its registration admitted, the TLS-PSK door). */
    CseProcess.Provisioner registrar() {
        return network.registrar();
    }

    /** The MN: registered with the IN; {@code cold}: it remembers no PDP decision. */
    CseProcess.Provisioner registree(int registrarPskPort, int concurrentReads, boolean cold) {
        return network.registree(registrarPskPort, concurrentReads, cold ? "pdp.cache-ttl-s=0\n" : "");
    }

    /**
     * On the IN the PDP the MN may ask (UPDATE for {@code /id-mn}) and the labelled policy letting
     * {@code /id-mn/Creader} RETRIEVE the MN's container; on the MN the writer, its container with one
     * contentInstance under an ACP for the writer alone that names the PDP in {@code adri}, and the reader. Waits
     * until the MN is registered and the reader's first read returns the contentInstance.
     */
    CseScenarios.Prepared setUp(SetupClient in, SetupClient mn, Duration registration) throws InterruptedException {
        String inBase = RetargetedScenario.IN_BASE;
        String mnId = RetargetedScenario.MN_ID;
        in.create(inBase, ADMIN, M2m.ACP, "{\"m2m:acp\":{\"rn\":\"askPdp\",\"pv\":{\"acr\":[{\"acor\":[\"" + mnId
                + "\"],\"acop\":4}]},\"pvs\":{\"acr\":[{\"acor\":[\"" + ADMIN + "\"],\"acop\":63}]}}}");
        in.create(inBase, ADMIN, 35, "{\"m2m:auds\":{\"rn\":\"benchPdp\",\"acpi\":[\"" + inBase.substring(1)
                + "/askPdp\"]}}");
        in.create(inBase, ADMIN, M2m.ACP, "{\"m2m:acp\":{\"rn\":\"benchPolicy\",\"lbl\":[\"bastion:policyFor="
                + mnId + MN_BASE + "/writer/cnt\"],\"pv\":{\"acr\":[{\"acor\":[\"" + mnId + "/"
                + CseScenarios.READER + "\"],\"acop\":2}]},\"pvs\":{\"acr\":[{\"acor\":[\"" + ADMIN
                + "\"],\"acop\":63}]}}}");
        mn.create(MN_BASE, CseScenarios.WRITER, M2m.AE,
                "{\"m2m:ae\":{\"rn\":\"writer\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        String acp = mn.create(MN_BASE + "/writer", CseScenarios.WRITER, M2m.ACP, "{\"m2m:acp\":{\"rn\":\"benchAcp\","
                + "\"pv\":{\"acr\":[{\"acor\":[\"" + CseScenarios.WRITER + "\"],\"acop\":63}]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"" + CseScenarios.WRITER + "\"],\"acop\":63}]},"
                + "\"adri\":[\"" + PDP + "\"]}}");
        String acpRi = CseScenarios.parse(acp, "ACP create response").path("m2m:acp").path("ri").asText("");
        mn.create(MN_BASE + "/writer", CseScenarios.WRITER, M2m.CNT,
                "{\"m2m:cnt\":{\"rn\":\"cnt\",\"mni\":100,\"acpi\":[\"" + acpRi + "\"]}}");
        mn.create(MN_BASE + "/writer/cnt", CseScenarios.WRITER, M2m.CIN, "{\"m2m:cin\":{\"con\":\"21.5\"}}");
        mn.create(MN_BASE, CseScenarios.READER, M2m.AE,
                "{\"m2m:ae\":{\"rn\":\"reader\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        RetargetedScenario.awaitFirstRead(mn, TARGET, registration);
        return new CseScenarios.Prepared(
                (conn, seq) -> M2m.retrieve(mn.authority(), TARGET, CseScenarios.READER, "pdp-" + conn + "-" + seq),
                M2m::failure);
    }
}
