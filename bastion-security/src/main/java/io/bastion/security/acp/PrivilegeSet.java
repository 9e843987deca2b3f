package io.bastion.security.acp;

/** Which rule set of an ACP applies: {@code pv} for resources linking it, {@code pvs} for the ACP itself (TS-0003 7.1.1). */
public enum PrivilegeSet {
    PV("pv"),
    PVS("pvs");

    private final String shortName;

    PrivilegeSet(String shortName) {
        this.shortName = shortName;
    }

    /** The attribute's short name, as used in explanations and error messages. */
    public String shortName() {
        return shortName;
    }
}
