package io.bastion.trust.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of JSON objects, one a line, as the trust services write their audit trails (the DAS's, the
 * MEF's). A failing write is logged and does not fail the request that caused it.
 */
public final class JsonLinesLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String name;
    private OutputStream out;

    private JsonLinesLog(Path file, String name, OutputStream out) {
        this.file = file;
        this.name = name;
        this.out = out;
    }

    /** Appends to {@code file} (created with its folders when missing); {@code name} is for the log's lines. */
    public static JsonLinesLog open(Path file, String name) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new JsonLinesLog(file, name, Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    /** A log that writes nothing. */
    public static JsonLinesLog none(String name) {
        return new JsonLinesLog(null, name, null);
    }

    public Path file() {
        return file;
    }

    /** A new line with its time and event, to fill and {@link #write}. */
    public ObjectNode line(java.time.Instant time, String event) {
        return JSON.createObjectNode().put("time", time.toString()).put("event", event);
    }

    public synchronized void write(ObjectNode line) {
        if (out == null) {
            return;
        }
        try {
            out.write(JSON.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            log.warn("cannot write the {} {}: {}", name, file, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("cannot close the {} {}: {}", name, file, e.toString());
            }
            out = null;
        }
    }
}
