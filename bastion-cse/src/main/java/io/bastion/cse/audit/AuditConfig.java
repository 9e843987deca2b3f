package io.bastion.cse.audit;

/**
 * How the audit log behaves.
 *
 * @param permits record permits too (denies are always recorded)
 * @param maxBytes the size at which {@code audit.log} is rotated to {@code audit.log.1}
 * @param keep how many rotated files are kept ({@code audit.log.1} is the newest)
 * @param queueCapacity entries waiting for the writer; beyond it, entries are dropped and counted
 */
public record AuditConfig(boolean permits, long maxBytes, int keep, int queueCapacity) {
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_KEEP = 5;
    public static final int DEFAULT_QUEUE = 10_000;

    public AuditConfig {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("audit.max-bytes must be at least 1024");
        }
        if (keep < 1 || keep > 1000) {
            throw new IllegalArgumentException("audit.keep must be within 1..1000");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("the audit queue capacity must be at least 1");
        }
    }

    /** Denies only, 10 MiB per file, 5 old files. */
    public static AuditConfig defaults() {
        return new AuditConfig(false, DEFAULT_MAX_BYTES, DEFAULT_KEEP, DEFAULT_QUEUE);
    }

    public AuditConfig withPermits(boolean p) {
        return new AuditConfig(p, maxBytes, keep, queueCapacity);
    }

    public AuditConfig withMaxBytes(long n) {
        return new AuditConfig(permits, n, keep, queueCapacity);
    }

    public AuditConfig withKeep(int n) {
        return new AuditConfig(permits, maxBytes, n, queueCapacity);
    }

    public AuditConfig withQueueCapacity(int n) {
        return new AuditConfig(permits, maxBytes, keep, n);
    }
}
