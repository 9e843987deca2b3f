package io.bastion.cse.registration;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.resource.CreateContext;
import io.bastion.security.acp.AccessDecision;

/** The registration policies an explanation shows: AEs by {@code registration.allowed}, CSEs by {@code …-cses}. */
public record Admissions(AeRegistration aes, RemoteCseRegistration cses) {

    /** Whether {@code originator} may register a resource of type {@code ty} (an AE or a remoteCSE), and why. */
    public AccessDecision admission(int ty, String originator) {
        return ty == ResourceTypes.CSR ? cses.admission(originator) : aes.admission(originator);
    }

    /**
     * Audits the registration policy's decision on a registration of type {@code ty} (a refusal always, a permit when
     * the sink records permits) and refuses it with 4103 when it denies.
     */
    static void enforce(AuditSink audit, CreateContext c, int ty, AccessDecision admission) {
        if (!admission.permitted() || audit.recordsPermits()) {
            audit.record(AuditEntry.decision(c.request, c.parent.ri(), Operation.CREATE, ty, admission,
                    ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE));
        }
        if (!admission.permitted()) {
            throw OneM2MException.noPrivilege(admission.summary());
        }
    }

    /** The setting that decides a registration of type {@code ty}. */
    public static String setting(int ty) {
        return ty == ResourceTypes.CSR ? "registration.allowed-cses" : "registration.allowed";
    }
}
