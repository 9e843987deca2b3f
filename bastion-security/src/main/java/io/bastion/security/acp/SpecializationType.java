package io.bastion.security.acp;

/**
 * {@code acod/spty} ({@code m2m:specializationType}, TS-0004 6.3.5.67): a containerDefinition ({@code cnd}) or a
 * mgmtDefinition ({@code mgd}); exactly one is non-null.
 */
public record SpecializationType(String containerDefinition, Integer mgmtDefinition) {
    public SpecializationType {
        if ((containerDefinition == null) == (mgmtDefinition == null)) {
            throw new IllegalArgumentException("exactly one of containerDefinition and mgmtDefinition");
        }
    }

    @Override
    public String toString() {
        return containerDefinition != null ? "cnd " + containerDefinition : "mgd " + mgmtDefinition;
    }
}
