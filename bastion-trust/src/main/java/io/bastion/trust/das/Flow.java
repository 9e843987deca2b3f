package io.bastion.trust.das;

/** Which exchange a request to the DAS belongs to. */
public enum Flow {
    /** A Hosting CSE consults the DAS (TS-0003 7.3.2.2): privileges and/or tokens for the CSE. */
    DIRECT,
    /** An Originator asks for a token for itself (TS-0003 7.3.2.3 step 3): tokens only. */
    INDIRECT,
    /** A Hosting CSE looks tokens up by their IDs (TS-0001 11.5.3 step 6). */
    LOOKUP;

    /** The name used in the audit log. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
