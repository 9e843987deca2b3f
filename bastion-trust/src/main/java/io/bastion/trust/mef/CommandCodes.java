package io.bastion.trust.mef;

import java.util.Set;

/**
 * The enumerations of MEF Client Commands (TS-0003 12.3.2.3 sec:cmdClassID, 12.3.2.4 sec:cmdStatusCode, 12.3.2.5
 * sec:certProvProtocolID, 12.3.2.6 sec:certSubjectType, 12.3.2.7 sec:objectTypeID) and the short names of
 * sec:cmdArgs' members (TS-0032 V3.0.0 short names).
 */
final class CommandCodes {
    static final int NO_MORE_COMMANDS = 0;
    static final int CERT_PROV = 1;
    static final int DEV_CFG = 2;
    static final int MO_NODE = 3;

    static final int ISSUED = 10;
    static final int REISSUED = 11;
    static final int OK = 20;
    /** What a MEF Client may report (8.3.9.5: every code but ISSUED and REISSUED, which the MEF assigns). */
    static final Set<Integer> CLIENT_STATUS = Set.of(20, 40, 41, 42, 43, 100, 101, 201, 202, 300, 301, 302, 303,
            304, 305);

    static final int EST = 1;
    static final int SUBJECT_NODE = 1;
    static final int SUBJECT_CSE = 2;
    static final int SUBJECT_AE = 3;
    /**
     * Not a sec:certSubjectType: an enrolee named by its FQDN, a trust-enabling function (a MAF) that retrieves the
     * keys shared with it (SUID 21, TS-0003 8.3.9.9.5) and is never issued a certificate by CERT_PROV.
     */
    static final int SUBJECT_FUNCTION = 0;
    /** sec:objectTypeID: 1 authenticationProfile, 2 trustAnchorCred, 3 MAFClientRegCfg. */
    static final Set<Integer> OBJECT_TYPES = Set.of(1, 2, 3);

    private CommandCodes() {
    }

    /** The sec:cmdArgs member (short name) carrying the arguments of a class. */
    static String argsMember(int classId) {
        return switch (classId) {
            case NO_MORE_COMMANDS -> "nmca";
            case CERT_PROV -> "cpca";
            case DEV_CFG -> "dcca";
            case MO_NODE -> "nnca";
            default -> throw new IllegalArgumentException("no cmdClassID " + classId);
        };
    }
}
