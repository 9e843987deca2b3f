package io.bastion.trust.das;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.trust.audit.JsonLinesLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The DAS's audit trail: one JSON object per line for every grant, denial, lookup and refused request, appended to
 * a file. Tokens never appear, only their IDs ({@code tkid}); keys never. A failing write is logged and does not
 * fail the request. bastion-trust does not depend on bastion-cse, so this is its own small writer rather than the
 * CSE's audit log; the line format follows the same idea (time, event, who, what, why).
 *
 * <pre>{@code
 * {"time":"2026-05-01T10:00:00Z","event":"grant","flow":"direct","requester":"/id-in","or":"/id-in/Cae1",
 *  "op":"retrieve","trid":"/id-in/cse-in/lights/lamp1","rule":"lights-readers","lifetime":60,
 *  "notAfter":"2026-05-01T10:01:00Z","delivery":"privileges","tkids":[]}
 * }</pre>
 */
public final class DasAuditLog implements AutoCloseable {
    private final JsonLinesLog lines;

    private DasAuditLog(JsonLinesLog lines) {
        this.lines = lines;
    }

    /** Appends to {@code file} (created with its folders when missing). */
    public static DasAuditLog open(Path file) throws IOException {
        return new DasAuditLog(JsonLinesLog.open(file, "DAS audit log"));
    }

    /** An audit log that writes nothing (for embedding where another trail exists). */
    public static DasAuditLog none() {
        return new DasAuditLog(JsonLinesLog.none("DAS audit log"));
    }

    public Path file() {
        return lines.file();
    }

    /** A new line to fill; {@link #write} appends it. */
    ObjectNode line(java.time.Instant time, String event, Flow flow) {
        ObjectNode o = lines.line(time, event);
        if (flow != null) {
            o.put("flow", flow.label());
        }
        return o;
    }

    static ArrayNode ids(ObjectNode line, String field, List<String> values) {
        ArrayNode a = line.putArray(field);
        values.forEach(a::add);
        return a;
    }

    void write(ObjectNode line) {
        lines.write(line);
    }

    @Override
    public void close() {
        lines.close();
    }
}
