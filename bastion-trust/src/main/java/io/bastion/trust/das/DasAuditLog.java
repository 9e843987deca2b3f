package io.bastion.trust.das;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(DasAuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private OutputStream out;

    private DasAuditLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Appends to {@code file} (created with its folders when missing). */
    public static DasAuditLog open(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new DasAuditLog(file, Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    /** An audit log that writes nothing (for embedding where another trail exists). */
    public static DasAuditLog none() {
        return new DasAuditLog(null, null);
    }

    public Path file() {
        return file;
    }

    /** A new line to fill; {@link #write} appends it. */
    ObjectNode line(java.time.Instant time, String event, Flow flow) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", time.toString());
        o.put("event", event);
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

    synchronized void write(ObjectNode line) {
        if (out == null) {
            return;
        }
        try {
            out.write(JSON.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            log.warn("cannot write the DAS audit log {}: {}", file, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("cannot close the DAS audit log {}: {}", file, e.toString());
            }
            out = null;
        }
    }
}
