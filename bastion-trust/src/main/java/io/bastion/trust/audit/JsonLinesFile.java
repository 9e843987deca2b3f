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
 * An append-only file of one JSON object per line, flushed at each line: the audit trail of a trust-enabling service
 * (DAS, MAF). A failing write is logged and does not fail the caller. Thread-safe.
 */
public final class JsonLinesFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private OutputStream out;

    private JsonLinesFile(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Appends to {@code file} (created with its folders when missing). */
    public static JsonLinesFile open(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new JsonLinesFile(file, Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    /** A file that writes nothing. */
    public static JsonLinesFile none() {
        return new JsonLinesFile(null, null);
    }

    public Path file() {
        return file;
    }

    /** A new object to fill and {@link #write}. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
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
            log.warn("cannot write the audit log {}: {}", file, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("cannot close the audit log {}: {}", file, e.toString());
            }
            out = null;
        }
    }
}
