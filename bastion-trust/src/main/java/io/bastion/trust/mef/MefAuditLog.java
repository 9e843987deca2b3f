package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.trust.audit.JsonLinesLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The MEF's audit log ({@code DATA/mef/audit.jsonl}, one JSON object a line): registrations made and ended, commands
 * issued and reported, certificates issued (fingerprint), and every refusal with its code and reason. It names KpmIDs,
 * KeIDs and enrolee IDs, never a key.
 */
final class MefAuditLog implements AutoCloseable {
    private final JsonLinesLog lines;

    private MefAuditLog(JsonLinesLog lines) {
        this.lines = lines;
    }

    static MefAuditLog open(Path file) throws IOException {
        return new MefAuditLog(JsonLinesLog.open(file, "MEF audit log"));
    }

    Path file() {
        return lines.file();
    }

    /** A line to fill: time, event, the KpmID of the session (null when none was proved). */
    ObjectNode line(Instant time, String event, String kpmId) {
        ObjectNode o = lines.line(time, event);
        if (kpmId != null) {
            o.put("kpmId", kpmId);
        }
        return o;
    }

    void write(ObjectNode line) {
        lines.write(line);
    }

    @Override
    public void close() {
        lines.close();
    }
}
