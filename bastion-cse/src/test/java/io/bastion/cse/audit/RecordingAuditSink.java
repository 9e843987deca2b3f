package io.bastion.cse.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit sink that keeps what it is given, for tests to read. */
public final class RecordingAuditSink implements AuditSink {
    private final boolean permits;
    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    /** @param permits whether permits are recorded too (denies always are) */
    public RecordingAuditSink(boolean permits) {
        this.permits = permits;
    }

    /** The entries recorded so far, in order. */
    public List<AuditEntry> entries() {
        return entries;
    }

    @Override
    public boolean recordsPermits() {
        return permits;
    }

    @Override
    public void record(AuditEntry entry) {
        entries.add(entry);
    }
}
