package io.bastion.cse.explain;

import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.acp.AccessDecision;
import java.time.Instant;
import java.util.List;

/**
 * The answer to "would originator X be allowed operation Y on Z, and why?" ({@link Explainer}): the decision a real
 * request would get, with its context.
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
 */
public record Explanation(AccessDecision decision, ResponseStatusCode status, String step, String originator,
                          Operation operation, Integer childType, String to, String targetRi, String targetPath,
                          String virtual, String decidedOn, String rules, String privileges, List<String> policies,
                          Instant requestTime, String remoteIp, List<String> notes, List<String> credentials,
                          List<String> refused, List<String> dynamic) {

    public Explanation {
        policies = policies == null ? List.of() : List.copyOf(policies);
        notes = notes == null ? List.of() : List.copyOf(notes);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        refused = refused == null ? List.of() : List.copyOf(refused);
        dynamic = dynamic == null ? List.of() : List.copyOf(dynamic);
    }

    /** Without tokens, roles or dynamic authorization. */
    public Explanation(AccessDecision decision, ResponseStatusCode status, String step, String originator,
                       Operation operation, Integer childType, String to, String targetRi, String targetPath,
                       String virtual, String decidedOn, String rules, String privileges, List<String> policies,
                       Instant requestTime, String remoteIp, List<String> notes) {
        this(decision, status, step, originator, operation, childType, to, targetRi, targetPath, virtual, decidedOn,
                rules, privileges, policies, requestTime, remoteIp, notes, List.of(), List.of(), List.of());
    }

    public boolean permitted() {
        return decision.permitted();
    }
}
