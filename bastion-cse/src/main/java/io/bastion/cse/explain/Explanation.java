package io.bastion.cse.explain;

import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.acp.AccessDecision;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to "would originator X be allowed operation Y on Z, and why?" ({@link Explainer}): the decision a real
 * request would get, with its context. Made with {@link #builder}.
 *
 * @param decision the decision with its grounds or its trail of failed rules; for a refusal before access control
 *        (an unregistered originator, an unknown target) a deny whose summary is the refusal's message
 * @param status for a deny, the status code a real request would be answered with (4103, 4106, 4107, 4004); null
 *        for a permit, and for a discovery result that would only be left out of the results
 * @param step where the outcome was decided: {@code authenticate}, {@code route} (target resolution),
 *        {@code authorize} (access control policies) or {@code register} (the registration policy)
 * @param originator the originator as the CSE normalized it (an AE-ID-Stem or a CSE-ID)
 * @param operation the operation asked about ({@link Operation#DISCOVERY} for discovery)
 * @param childType for CREATE, the type of the resource to create
 * @param to the target address as given
 * @param targetRi the resolved target's resource ID (for {@code la}/{@code ol}/{@code fopt}, the container or
 *        group), null when it was not resolved
 * @param targetPath its structured path, null when not resolved
 * @param virtual {@code la}, {@code ol} or {@code fopt} when the address ends in that virtual resource, else null
 * @param decidedOn the resource whose rules decided (a contentInstance's container), null when none did
 * @param rules where the rules came from, one line (e.g. {@code pv of acp1 (acpi of cnt7)})
 * @param privileges {@code pv} or {@code pvs} when policies were consulted, else null
 * @param policies the resource IDs of the policies consulted
 * @param requestTime the request time of the decision (time windows are read in UTC)
 * @param remoteIp the source address assumed, null when none was given (then no IP rule matches)
 * @param notes further remarks (e.g. what happens after the decision for fopt)
 * @param credentials one line per presented token or role that verified (e.g. {@code role r1 verified by <role> rol3})
 * @param refused one line per presented token or role that was refused; any of them refuses the request (4103)
 * @param dynamic what dynamic authorization holds or would do for this request: a live grant or refusal held for
 *        (originator, target, operation) and until when, and for a deny which dac (found by the daci walk) and which
 *        DAS a real request would consult; explain itself consults no DAS
 * @param mcc for a request explained as arriving from another CSE ({@code explain --via CSE-ID}): the association
 *        assumed, the Registrar's handover decision ({@code HandoverCheck}: accepted, by which CSE, or why not) and
 *        the route by which this CSE reaches the originator's CSE ({@code <remoteCSE>} csi/dcse or the registrar);
 *        empty otherwise
 */
public record Explanation(AccessDecision decision, ResponseStatusCode status, String step, String originator,
                          Operation operation, Integer childType, String to, String targetRi, String targetPath,
                          String virtual, String decidedOn, String rules, String privileges, List<String> policies,
                          Instant requestTime, String remoteIp, List<String> notes, List<String> credentials,
                          List<String> refused, List<String> dynamic, List<String> mcc) {

    public Explanation {
        mcc = mcc == null ? List.of() : List.copyOf(mcc);
        policies = policies == null ? List.of() : List.copyOf(policies);
        notes = notes == null ? List.of() : List.copyOf(notes);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        refused = refused == null ? List.of() : List.copyOf(refused);
        dynamic = dynamic == null ? List.of() : List.copyOf(dynamic);
    }

    /**
     * What was asked, as the request would carry it once normalized (see the record's parts of the same names).
     */
    public record Asked(String originator, Operation operation, Integer childType, String to, Instant requestTime,
                        String remoteIp) {
    }

    /** A builder of the explanation of what was {@code asked}; until set, the lists are empty and the rest null. */
    public static Builder builder(Asked asked) {
        return new Builder(Objects.requireNonNull(asked, "asked"));
    }

    /** Builds an {@link Explanation} part by part, each call naming what it sets; see the record for each part. */
    public static final class Builder {
        private final Asked asked;
        private AccessDecision decision;
        private ResponseStatusCode status;
        private String step;
        private String targetRi;
        private String targetPath;
        private String virtual;
        private String decidedOn;
        private String rules;
        private String privileges;
        private List<String> policies;
        private List<String> notes;
        private List<String> credentials;
        private List<String> refused;
        private List<String> dynamic;

        private Builder(Asked asked) {
            this.asked = asked;
        }

        /** The outcome: the decision, the status a real request would get (null for none) and where it was made. */
        public Builder outcome(AccessDecision decision, ResponseStatusCode status, String step) {
            this.decision = decision;
            this.status = status;
            this.step = step;
            return this;
        }

        /** The resolved target: its resource ID, structured path and virtual resource ({@code la}…, or null). */
        public Builder target(String ri, String path, String virtual) {
            this.targetRi = ri;
            this.targetPath = path;
            this.virtual = virtual;
            return this;
        }

        /** Where the rules came from, one line (e.g. {@code pv of acp1 (acpi of cnt7)}). */
        public Builder rules(String rules) {
            this.rules = rules;
            return this;
        }

        /** The policies consulted: the resource whose rules decided, {@code pv} or {@code pvs}, their IDs. */
        public Builder policies(String decidedOn, String privileges, List<String> policies) {
            this.decidedOn = decidedOn;
            this.privileges = privileges;
            this.policies = policies;
            return this;
        }

        /** The presented tokens and roles: one line per verified one, one per refused one. */
        public Builder credentials(List<String> verified, List<String> refused) {
            this.credentials = verified;
            this.refused = refused;
            return this;
        }

        public Builder notes(List<String> notes) {
            this.notes = notes;
            return this;
        }

        public Builder dynamic(List<String> dynamic) {
            this.dynamic = dynamic;
            return this;
        }

        public Explanation build() {
            return new Explanation(decision, status, step, asked.originator(), asked.operation(), asked.childType(),
                    asked.to(), targetRi, targetPath, virtual, decidedOn, rules, privileges, policies,
                    asked.requestTime(), asked.remoteIp(), notes, credentials, refused, dynamic, List.of());
        }
    }

    /** This explanation with {@code lines} as how the request came from another CSE (see {@code mcc}). */
    public Explanation withMcc(List<String> lines) {
        return new Explanation(decision, status, step, originator, operation, childType, to, targetRi, targetPath,
                virtual, decidedOn, rules, privileges, policies, requestTime, remoteIp, notes, credentials, refused,
                dynamic, lines);
    }

    public boolean permitted() {
        return decision.permitted();
    }
}
