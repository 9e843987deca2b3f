package io.bastion.security.acp;

/** The shared permits of the CSE's default rules, built once so that granting them allocates nothing. */
final class DefaultGrounds {
    static final AccessDecision.Permit CREATOR = AccessDecision.byDefault("creator",
            "the originator created the target resource");
    static final AccessDecision.Permit ADMIN = AccessDecision.byDefault("admin",
            "the originator is the CSE administrator");
    static final AccessDecision.Permit HOSTING_CSE = AccessDecision.byDefault("hostingCse",
            "the originator is the hosting CSE");

    private DefaultGrounds() {
    }
}
