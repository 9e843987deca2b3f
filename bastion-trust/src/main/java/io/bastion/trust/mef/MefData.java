package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the MEF keeps apart from keys, as written to {@code DATA/mef/state.json} by {@link MefState}: the
 * enrolees by KpmID, each with its registration, its queue of client commands, the command issued now and the ones
 * it reported on. Mutable on purpose: it lives only inside one {@link MefState#update} under the file lock.
 */
final class MefData {
    /** Enrolees by KpmID. */
    public Map<String, Enrolee> enrolees = new TreeMap<>();
    /** The next number for a registration's resource ID; never reused, so an old MEFClientRegID names nothing. */
    public long nextRegistration = 1;
    /**
     * The CA certificates the MEF serves its enrolees ({@code bastion mef trust-anchor add}) for their
     * trustAnchorCred MO nodes: base64 DER by certFingerprint (SHA-256 hex of the DER).
     */
    public Map<String, String> trustAnchors = new TreeMap<>();
    /** The MEF Key Registrations (TS-0003 8.3.5.2.7) by RelativeKeyID; their Key Values are in the environment. */
    public Map<String, KeyRegistration> keys = new TreeMap<>();

    Enrolee byRegistration(String ri) {
        for (Enrolee e : enrolees.values()) {
            if (e.registration != null && e.registration.ri.equals(ri)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Removes the key registrations whose source is the enrolee keyed {@code source} (its de-registration, revocation
     * or removal ends the keys it registered) and returns their RelativeKeyIDs, for the caller to delete the values.
     */
    List<String> dropKeysOf(String source) {
        List<String> gone = new ArrayList<>();
        keys.values().removeIf(k -> {
            boolean mine = k.source.equals(source);
            if (mine) {
                gone.add(k.rn);
            }
            return mine;
        });
        return gone;
    }

    /** One enrolee: what the operator provisioned and where its enrolment stands. */
    static final class Enrolee {
        /** The AE-ID or CSE-ID (or Node-ID) the enrolee is given (TS-0003 8.3.2.1, "Enrolee-ID"). */
        public String enroleeId;
        /** sec:certSubjectType of 12.3.2.6 (1 Node-ID, 2 CSE-ID, 3 AE-ID) for the certificates issued to it. */
        public int subjectType;
        public List<Command> queue = new ArrayList<>();
        /** The command issued and not yet reported on, or null. */
        public Command current;
        public List<Command> reported = new ArrayList<>();
        public Registration registration;
        /** The next cmdID number; never reused within the enrolee (8.3.9.1: a command is not executed twice). */
        public long nextCommand = 1;
        /** The enrolee's MO tree as the operator configured it: TS-0022 objects ({@code dcfg:…}) by MO path. */
        public Map<String, ObjectNode> mo = new TreeMap<>();
        /** SHA-256 fingerprints of every certificate the MEF issued to the enrolee, oldest first. */
        public List<String> issued = new ArrayList<>();
        /** When the operator revoked the enrolee (it can no longer enrol), or null. */
        public String revoked;
    }

    /** A MEF Client Command (sec:cmdDescription and its state). */
    static final class Command {
        public String id;
        public int classId;
        /** The sec:cmdArgs member for the class, in short names. */
        public ObjectNode args;
        /** Whether it was already sent once (then REISSUED, 8.3.9.5.3). */
        public boolean issued;
        /** The cmdStatusCode the client reported, or null. */
        public Integer status;
        /** For CERT_PROV: the fingerprint of the certificate issued for it (one certificate per command). */
        public String certificate;
    }

    /** The {@code <mefClientReg>} of an enrolee. */
    static final class Registration {
        public String ri;
        public String ct;
        public String lt;
        public String et;
        public List<String> lbl;
        public String adfq;
        public String keId;
    }

    /** A MEF Key Registration: the metadata of a {@code sec:mkr}, never its Key Value ({@link MefKeys#key}). */
    static final class KeyRegistration {
        /** The RelativeKeyID (the {@code rn}). */
        public String rn;
        public String ct;
        public String lt;
        public String et;
        public List<String> lbl;
        public String adfq;
        public int suid;
        /** The Target MEF Clients allowed to retrieve it (empty: none until an update names some). */
        public List<String> tgis = new ArrayList<>();
        /** The Source MEF Client ID ({@code cr}): the source enrolee's ID. */
        public String cr;
        /** The source's key in {@link MefData#enrolees} (KpmID or {@code cert:<Credential-ID>}). */
        public String source;
        /** Whether the Key Value came from the session's exporter (else the source gave it). */
        public boolean exported;
    }
}
