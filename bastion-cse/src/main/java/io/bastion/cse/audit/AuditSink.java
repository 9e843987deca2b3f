package io.bastion.cse.audit;

/**
 * Where the CSE reports its access decisions for the audit trail. Implementations must never block or throw:
 * auditing must not slow down or fail a request.
 */
public interface AuditSink {
    /** Records nothing. */
    AuditSink NONE = new AuditSink() {
        @Override
        public boolean recordsPermits() {
            return false;
        }

        @Override
        public void record(AuditEntry entry) {
        }
    };

    /** Whether permits are recorded too (denies always are); callers build no entry for a permit otherwise. */
    boolean recordsPermits();

    /** Accepts one entry without blocking; it may be dropped (and counted) when the sink cannot keep up. */
    void record(AuditEntry entry);
}
