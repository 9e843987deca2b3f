package io.bastion.cse.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON object per line for every access decision the CSE enforces (denies always, permits when
 * configured), in a file that is rotated by size ({@code audit.log} → {@code audit.log.1} … {@code audit.log.N}, the
 * oldest removed).
 *
 * <p>Recording never blocks and never fails a request: entries go into a bounded queue that one background thread
 * drains, writes and flushes as soon as the queue is empty. When the queue is full an entry is dropped and counted;
 * the writer then writes a line {@code {"time":…,"dropped":N}} into the log so the gap is visible, and logs a warning
 * at most once a minute. Write errors are counted the same way and the file is reopened on the next entry.
 */
public final class AuditLog implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Object STOP = new Object();

    private final Path file;
    private final AuditConfig config;
    private final Clock clock;
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    // Owned by the writer thread.
    private OutputStream out;
    private long size;
    private long droppedReported;
    private long lastWarn;
    private boolean warned;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

    /** A waiter: counted down once everything queued before it is written and flushed. */
    private record Barrier(CountDownLatch done) {
    }

    AuditLog(Path file, AuditConfig config, Clock clock, boolean start) {
        this.file = file;
        this.config = config;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
        this.writer = new Thread(this::drain, "bastion-audit-writer");
        writer.setDaemon(true);
        if (start) {
            writer.start();
        }
    }

    /**
     * Opens (appending to) {@code file} and starts the writer.
     *
     * @throws UncheckedIOException when the file cannot be created or opened
     */
    public static AuditLog open(Path file, AuditConfig config, Clock clock) {
        return new AuditLog(file, config, clock, true);
    }

    /** Starts a writer created without one (tests of the bounded queue). */
    void start() {
        writer.start();
    }

    public Path file() {
        return file;
    }

    @Override
    public boolean recordsPermits() {
        return config.permits();
    }

    @Override
    public void record(AuditEntry entry) {
        if (closed || !queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries lost so far because the queue was full, the log was closed or a write failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries written so far. */
    public long written() {
        return written.get();
    }

    /**
     * Waits until every entry recorded before this call is written and flushed (tests, shutdown).
     *
     * @return false when that did not happen within {@code timeout}
     */
    public boolean sync(Duration timeout) throws InterruptedException {
        Barrier b = new Barrier(new CountDownLatch(1));
        long deadline = System.nanoTime() + timeout.toNanos();
        if (closed || !queue.offer(b, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        return b.done().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Writes what is queued, then stops the writer and closes the file. Entries recorded afterwards are dropped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (writer.isAlive()) {
                if (!queue.offer(STOP, 5, TimeUnit.SECONDS)) {
                    writer.interrupt();
                }
                writer.join(10_000);
            } else {
                closeFile();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------- the writer

    private void drain() {
        try {
            boolean stop = false;
            while (!stop) {
                Object item = queue.poll(1, TimeUnit.SECONDS);
                while (item != null) {
                    if (item == STOP) {
                        stop = true;
                        break;
                    }
                    if (item instanceof Barrier b) {
                        reportDrops();
                        flush();
                        b.done().countDown();
                    } else {
                        write((AuditEntry) item);
                    }
                    item = queue.poll();
                }
                reportDrops();
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the audit log writer stopped unexpectedly; audit entries are no longer written", e);
        } finally {
            closed = true;
            long left = 0;
            for (Object o = queue.poll(); o != null; o = queue.poll()) {
                if (o instanceof Barrier b) {
                    b.done().countDown();
                } else if (o != STOP) {
                    left++;
                }
            }
            dropped.addAndGet(left);
            closeFile();
        }
    }

    private void write(AuditEntry e) {
        try {
            encode(e);
            append();
            written.incrementAndGet();
        } catch (IOException ex) {
            // Counted as dropped, but not reported in the file it failed to reach.
            dropped.incrementAndGet();
            droppedReported++;
            failed(ex);
        }
    }

    /** Appends {@link #line} to the file, rotating first when it would grow beyond the limit. */
    private void append() throws IOException {
        if (out == null) {
            open();
        }
        if (size > 0 && size + line.size() > config.maxBytes()) {
            rotate();
        }
        line.writeTo(out);
        size += line.size();
    }

    private void reportDrops() {
        long d = dropped.get();
        if (d == droppedReported) {
            return;
        }
        long n = d - droppedReported;
        droppedReported = d;
        try {
            line.reset();
            try (JsonGenerator g = JSON.createGenerator(line, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("time", clock.instant().toString());
                g.writeNumberField("dropped", n);
                g.writeEndObject();
            }
            line.write('\n');
            append();
        } catch (IOException ex) {
            failed(ex);
        }
        long now = System.nanoTime();
        if (!warned || now - lastWarn >= WARN_INTERVAL_NANOS) {
            warned = true;
            lastWarn = now;
            LOG.warn("audit log: {} entries dropped so far (the queue of {} was full, or a write failed)", d,
                    config.queueCapacity());
        }
    }

    private void encode(AuditEntry e) throws IOException {
        line.reset();
        try (JsonGenerator g = JSON.createGenerator(line, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("rqi", e.rqi());
            g.writeStringField("originator", e.originator());
            g.writeStringField("op", e.op() == null ? null : e.op().name());
            if (e.childType() != null) {
                g.writeNumberField("ty", e.childType());
            }
            g.writeObjectFieldStart("target");
            g.writeStringField("ri", e.targetRi());
            g.writeStringField("address", e.address());
            g.writeEndObject();
            g.writeStringField("peer", e.peerIp());
            g.writeStringField("door", e.door());
            if (e.mcc() != null) {
                g.writeStringField("mcc", e.mcc());
            }
            if (e.change() != null) {
                g.writeStringField("change", e.change());
            } else {
                g.writeStringField("decision", e.permitted() ? "PERMIT" : "DENY");
            }
            if (e.rsc() != null) {
                g.writeNumberField("rsc", e.rsc().code());
            }
            g.writeStringField("reason", e.reason());
            if (!e.trail().isEmpty()) {
                g.writeArrayFieldStart("trail");
                for (String t : e.trail()) {
                    g.writeString(t);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        line.write('\n');
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(file);
    }

    /** audit.log.N-1 → audit.log.N … audit.log → audit.log.1; the oldest beyond {@code keep} is removed. */
    private void rotate() throws IOException {
        out.close();
        out = null;
        Files.deleteIfExists(rotated(config.keep()));
        for (int i = config.keep() - 1; i >= 1; i--) {
            Path p = rotated(i);
            if (Files.exists(p)) {
                Files.move(p, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    /** The rotated file number {@code i}, e.g. {@code audit.log.1}. */
    Path rotated(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    private void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException ex) {
            failed(ex);
        }
    }

    /** Closes the file after a failed write (the next entry reopens it) and warns at most once a minute. */
    private void failed(IOException ex) {
        OutputStream o = out;
        out = null;
        if (o != null) {
            try {
                o.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
        long now = System.nanoTime();
        if (!warned || now - lastWarn >= WARN_INTERVAL_NANOS) {
            warned = true;
            lastWarn = now;
            LOG.warn("audit log: cannot write {}: {}", file, ex.toString());
        }
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("audit log: cannot close {}: {}", file, e.toString());
            }
            out = null;
        }
    }
}
