package io.bastion.store;

/**
 * A put would give a parent two children with one sibling key ({@code ResourceType#siblingKeyOf}: e.g. two
 * timeSeriesInstances with equal {@code dgt}); like a path conflict, nothing of the batch is written.
 */
public final class SiblingKeyConflictException extends PathConflictException {
    private final String pi;
    private final String key;

    public SiblingKeyConflictException(String pi, String key) {
        super("a child of " + pi + " already has the key " + key, true);
        this.pi = pi;
        this.key = key;
    }

    public String pi() {
        return pi;
    }

    public String key() {
        return key;
    }
}
