package io.bastion.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code retrieve-retargeted}: the read of {@code retrieve-la}, but the reader is registered at an MN-CSE and the
 * container is on the IN-CSE the MN is registered with: the client sends {@code GET /~/id-in/cse-in/writer/cnt/la} to
 * the MN over keep-alive HTTP, the MN forwards it (TS-0001 10.2.x retargeting, the registrar being the next hop) to the
 * IN over TLS-PSK, and the IN decides access for {@code /id-mn/Creader} by its ACP. Two CSE processes, provisioned
 * with the server's own command line: a fresh 128-bit PSK ({@code credentials psk add --key -}, the key on stdin)
 * bound at the IN to the MN's CSE-ID and at the MN to the IN's, {@code registration.allowed-cses=/id-mn} at the IN,
 * {@code cse.type=MN} and the {@code registrar.*} settings (the IN's TLS-PSK door, {@code registrar.psk-identity}) at
 * the MN, which registers at start-up.
 */
final class RetargetedScenario {
    static final String NAME = "retrieve-retargeted";
    static final String IN_ID = "/id-in";
    static final String MN_ID = "/id-mn";
    static final String IN_BASE = "/cse-in";
    static final String MN_BASE = "/cse-mn";
    /** The KpsaID of the Mcc association between the MN and the IN. */
    static final String PSK_IDENTITY = "bench-mn@bench.example";
    /** What the MN's clients read: SP-relative, on the IN. */
    static final String TARGET = "/~" + IN_ID + IN_BASE + "/writer/cnt/la";

    private final byte[] pskKey = HexFormat.of().parseHex(BenchPki.randomHex(16));

    /** The IN: the MN's key bound to its CSE-ID, registrations of {@code /id-mn} admitted, the TLS-PSK door open. */
    CseProcess.Provisioner registrar() {
        return (cli, workDir, dataDir) -> {
            addKey(cli, dataDir, MN_ID);
            Path config = write(workDir.resolve("registrar.properties"), "registration.allowed-cses=" + MN_ID + "\n");
            return new CseProcess.Launch(List.of("--config", config.toString(), "--psk-port", "0"), Map.of());
        };
    }

    /**
     * The MN: the same key bound to the IN's CSE-ID, registering with the IN over its TLS-PSK door. A forward holds
     * one of the MN's workers until the IN answers, and at most {@code mcc.forward.max-in-flight} (default 8) wait at
     * once, 5207 beyond: the MN admits {@code concurrentReads} (the bench's connections) and gets 8 workers more
     * than that (at least the default 16), so that every connection's read is forwarded (none refused 5207) and local
     * work still finds a worker.
     */
    CseProcess.Provisioner registree(int registrarPskPort, int concurrentReads) {
        return registree(registrarPskPort, concurrentReads, "");
    }

    /** As {@link #registree(int, int)}, with {@code more} lines of configuration (each ending in a newline). */
    CseProcess.Provisioner registree(int registrarPskPort, int concurrentReads, String more) {
        return (cli, workDir, dataDir) -> {
            addKey(cli, dataDir, IN_ID);
            Path config = write(workDir.resolve("registree.properties"), "cse.id=" + MN_ID + "\n"
                    + "cse.name=" + MN_BASE.substring(1) + "\n"
                    + "cse.type=MN\n"
                    + "registrar.url=https://127.0.0.1:" + registrarPskPort + "\n"
                    + "registrar.cse-id=" + IN_ID + "\n"
                    + "registrar.name=" + IN_BASE.substring(1) + "\n"
                    + "registrar.psk-identity=" + PSK_IDENTITY + "\n"
                    + "registrar.retry-initial-ms=100\n"
                    + "registrar.retry-max-ms=1000\n"
                    + "mcc.forward.max-in-flight=" + concurrentReads + "\n"
                    + "workers=" + Math.max(16, concurrentReads + 8) + "\n" + more);
            return new CseProcess.Launch(List.of("--config", config.toString()), Map.of());
        };
    }

    private void addKey(CseProcess.Cli cli, Path dataDir, String boundTo) throws InterruptedException {
        cli.run(List.of("credentials", "--data", dataDir.toString(), "psk", "add", "--identity", PSK_IDENTITY,
                "--key", "-", "--ae", boundTo), HexFormat.of().formatHex(pskKey) + "\n");
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SetupException("cannot write the configuration " + file + ": " + e.getMessage());
        }
    }

    /**
     * On the IN the writer, its container with one contentInstance under an ACP that lets {@code /id-mn/Creader}
     * RETRIEVE; on the MN the reader. Then waits (up to {@code registration}) until the MN is registered and the
     * reader's first retargeted read returns the contentInstance.
     */
    CseScenarios.Prepared setUp(SetupClient in, SetupClient mn, Duration registration) throws InterruptedException {
        in.create(IN_BASE, CseScenarios.WRITER, M2m.AE,
                "{\"m2m:ae\":{\"rn\":\"writer\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        String acp = in.create(IN_BASE + "/writer", CseScenarios.WRITER, M2m.ACP, "{\"m2m:acp\":{\"rn\":\"benchAcp\","
                + "\"pv\":{\"acr\":[{\"acor\":[\"" + MN_ID + "/" + CseScenarios.READER + "\"],\"acop\":2},"
                + "{\"acor\":[\"" + CseScenarios.WRITER + "\"],\"acop\":63}]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"" + CseScenarios.WRITER + "\"],\"acop\":63}]}}}");
        String acpRi = CseScenarios.parse(acp, "ACP create response").path("m2m:acp").path("ri").asText("");
        in.create(IN_BASE + "/writer", CseScenarios.WRITER, M2m.CNT,
                "{\"m2m:cnt\":{\"rn\":\"cnt\",\"mni\":100,\"acpi\":[\"" + acpRi + "\"]}}");
        in.create(IN_BASE + "/writer/cnt", CseScenarios.WRITER, M2m.CIN, "{\"m2m:cin\":{\"con\":\"21.5\"}}");
        mn.create(MN_BASE, CseScenarios.READER, M2m.AE,
                "{\"m2m:ae\":{\"rn\":\"reader\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        awaitFirstRead(mn, TARGET, registration);
        return new CseScenarios.Prepared(
                (conn, seq) -> M2m.retrieve(mn.authority(), TARGET, CseScenarios.READER, "rt-" + conn + "-" + seq),
                M2m::failure);
    }

    /**
     * Registration runs in the MN's background: until it is done the MN cannot route to the IN (5103). Waits until the
     * reader's RETRIEVE of {@code target} at the MN returns a contentInstance.
     */
    static void awaitFirstRead(SetupClient mn, String target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                String body = mn.retrieve(target, CseScenarios.READER);
                if (!CseScenarios.parse(body, "retargeted read").has("m2m:cin")) {
                    throw new SetupException("RETRIEVE " + target + " at the MN did not return m2m:cin: "
                            + LoadRun.abbreviate(body));
                }
                return;
            } catch (SetupException e) {
                if (System.nanoTime() > deadline) {
                    throw new SetupException("the MN did not read " + target + " within "
                            + timeout.toSeconds() + " s (registration over TLS-PSK, then retargeting): "
                            + e.getMessage());
                }
            }
            Thread.sleep(100);
        }
    }
}
