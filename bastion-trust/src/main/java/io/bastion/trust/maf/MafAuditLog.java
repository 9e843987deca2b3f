package io.bastion.trust.maf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MAF's audit log: one JSON line per procedure outcome (time, procedure, client, record, status code, reason).
 * Never a key value: lines are built from names and identifiers only.
 */
final class MafAuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MafAuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private OutputStream out;

    private MafAuditLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    static MafAuditLog open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return new MafAuditLog(file, Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE));
    }

    /** One outcome: {@code record} is the mafClientRegID or RelativeKeyID, or null. */
    synchronized void write(Instant time, String procedure, String client, String record, int rsc, String reason) {
        if (out == null) {
            return;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("time", time.toString());
        o.put("procedure", procedure);
        o.put("client", client);
        if (record != null) {
            o.put("record", record);
        }
        o.put("rsc", rsc);
        if (reason != null) {
            o.put("reason", reason);
        }
        try {
            out.write(JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            log.warn("cannot write the MAF audit log {}: {}", file, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("cannot close the MAF audit log {}: {}", file, e.toString());
            }
            out = null;
        }
    }
}
