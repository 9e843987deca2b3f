package io.bastion.security.environment;

/**
 * How well a secure environment protects the keys it holds: the protection levels of TS-0003 Table 6.3.1-1.
 * A CSE can only state the level of an environment it is told about or can recognise; PKCS#11 has no way to prove
 * that a token is tamper-resistant, so the level of a token is declared by whoever configures it.
 */
public enum ProtectionLevel {
    /** Level 0: no protection. */
    NONE(0, "none"),
    /** Level 1, low: keys protected by software only (a password-protected file, SoftHSM). */
    LOW(1, "low (software)"),
    /** Level 2, medium: an isolated environment (a trusted execution environment). */
    MEDIUM(2, "medium (isolated, TEE)"),
    /** Level 3, high: a tamper-resistant secure element (UICC, embedded SE, hardware security module). */
    HIGH(3, "high (tamper-resistant)");

    private final int level;
    private final String label;

    ProtectionLevel(int level, String label) {
        this.level = level;
        this.label = label;
    }

    /** The number of TS-0003 Table 6.3.1-1 (0..3). */
    public int level() {
        return level;
    }

    /**
     * The level with that number.
     *
     * @throws IllegalArgumentException when {@code level} is not 0..3
     */
    public static ProtectionLevel of(int level) {
        for (ProtectionLevel p : values()) {
            if (p.level == level) {
                return p;
            }
        }
        throw new IllegalArgumentException("a protection level is 0 (none), 1 (low), 2 (medium) or 3 (high), not "
                + level);
    }

    @Override
    public String toString() {
        return level + " " + label;
    }
}
