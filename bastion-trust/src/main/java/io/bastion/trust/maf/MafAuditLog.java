package io.bastion.trust.maf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.trust.audit.JsonLinesLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The MAF's audit log: one JSON line per procedure outcome (time, the procedure as its event, client, record, status code, reason).
 * Never a key value: lines are built from names and identifiers only.
 */
final class MafAuditLog implements AutoCloseable {
    private final JsonLinesLog lines;

    private MafAuditLog(JsonLinesLog lines) {
        this.lines = lines;
    }

    static MafAuditLog open(Path file) throws IOException {
        return new MafAuditLog(JsonLinesLog.open(file, "MAF audit log"));
    }

    /** One outcome: {@code record} is the mafClientRegID or RelativeKeyID, or null. */
    void write(Instant time, String procedure, String client, String record, int rsc, String reason) {
        ObjectNode o = lines.line(time, procedure);
        o.put("client", client);
        if (record != null) {
            o.put("record", record);
        }
        o.put("rsc", rsc);
        if (reason != null) {
            o.put("reason", reason);
        }
        lines.write(o);
    }

    @Override
    public void close() {
        lines.close();
    }
}
