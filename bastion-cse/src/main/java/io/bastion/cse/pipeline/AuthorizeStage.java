package io.bastion.cse.pipeline;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.notification.NotificationContent;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.cse.resource.TypeBehaviours;
import io.bastion.security.acp.AccessDecision;

/**
 * Decides whether the originator may perform the operation on the target (stage 5, TS-0003 7.1): CREATE is
 * checked on the parent with the new child's type, discovery per result (in DiscoveryProcedure), {@code la} and
 * {@code ol} on their container, {@code fopt} by the group's membersAccessControlPolicyIDs before any member is asked
 * ({@link AccessControl.Rules#MACP}). AE registration is governed by the registration policy instead, and an
 * UPDATE of {@code acpi} needs selfPrivileges ({@link AccessControl#authorizeUpdate}). A virtual child that decides its
 * own access (a subscription's {@code ntsr}) is decided by its type's behaviour ({@link TypeBehaviour#virtualChildAccess})
 * and audited here. Which of these applies is {@link #check}, which {@code explain} uses too.
 */
public final class AuthorizeStage implements Stage {
    private final AccessControl access;
    private final TypeBehaviours behaviours;
    private final AuditSink audit;

    /** @param behaviours decide the virtual children that decide their own access; @param audit records those */
    public AuthorizeStage(AccessControl access, TypeBehaviours behaviours, AuditSink audit) {
        this.access = access;
        this.behaviours = behaviours;
        this.audit = audit;
    }

    /** What this stage checks for a request whose target is resolved. */
    public record Check(Kind kind, Resource resource, Operation op, Integer childTy) {
    }

    /** The kinds of check. */
    public enum Kind {
        /** {@code op} (with {@code childTy} for CREATE) on {@code resource}, by its access control policies. */
        ACCESS,
        /** An UPDATE: pv, or pvs of the linked policies when acpi alone is changed. */
        UPDATE,
        /**
         * A request to the fanOutPoint of the group {@code resource}: {@code op} (with {@code childTy} for CREATE) by
         * the group's {@code macp}, its {@code acpi} when {@code macp} is not provided.
         */
        FAN_OUT,
        /**
         * An AE or CSE registration: the registration policy decides (in AeRegistration, RemoteCseRegistration).
         */
        REGISTRATION,
        /** A discovery: nothing on the addressed resource, DISCOVERY on each result (in DiscoveryProcedure). */
        EACH_RESULT,
        /** A virtual child of {@code resource} whose type's behaviour decides who may use it ({@code ntsr}). */
        BY_TYPE,
        /**
         * A NOTIFY to the CSEBase carrying security information ({@code m2m:seci}): the outer primitive of an
         * end-to-end security message acts on no resource (TS-0001 11.4.2 NOTE 1), so it needs no privilege on the
         * CSEBase; the inner request of an ESPrim object is authorized when it runs ({@code cse/e2e}), and a
         * receiverESPrimRandObject Request grants nothing.
         */
        END_TO_END
    }

    public static Check check(RequestContext x) {
        Request rq = x.request();
        Target t = x.target();
        Resource r = t.resource();
        boolean real = !t.isVirtual();
        Integer childTy = rq.op() == Operation.CREATE ? rq.ty() : null;
        if (t.isVirtual() && t.virtual().ownAccess()) {
            return new Check(Kind.BY_TYPE, r, rq.op(), childTy);
        }
        if (ResourceTypes.FAN_OUT_POINT.equals(t.virtual())) {
            // TS-0004 7.4.14.3.2 to 7.4.14.3.5, additions to Recv-6.3: the operation sent to fopt is checked against
            // the group's macp before any fan-out (TS-0001 10.2.7.6 to 10.2.7.10).
            return new Check(Kind.FAN_OUT, r, rq.op(), childTy);
        }
        if (rq.op() == Operation.CREATE && r.ty() == ResourceTypes.CSE_BASE && real && rq.ty() != null
                && (rq.ty() == ResourceTypes.AE || rq.ty() == ResourceTypes.CSR)) {
            return new Check(Kind.REGISTRATION, r, Operation.CREATE, rq.ty());
        }
        if (rq.op() == Operation.UPDATE && real) {
            return new Check(Kind.UPDATE, r, Operation.UPDATE, null);
        }
        if (rq.op() == Operation.NOTIFY && real && r.ty() == ResourceTypes.CSE_BASE
                && NotificationContent.carriesSecurityInfo(rq.pc())) {
            return new Check(Kind.END_TO_END, r, Operation.NOTIFY, null);
        }
        if (rq.isDiscovery() && real) {
            // TS-0001 table 10.2.6-1: discovery searches "as per the DISCOVER privileges"; each result is checked
            // by DiscoveryProcedure, the addressed resource itself needs no privilege.
            return new Check(Kind.EACH_RESULT, r, Operation.DISCOVERY, null);
        }
        return new Check(Kind.ACCESS, r, rq.op(), childTy);
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Check c = check(x);
        switch (c.kind()) {
            case ACCESS -> x.decision(access.authorize(x, c.resource(), c.op(), c.childTy()));
            case UPDATE -> x.decision(access.authorizeUpdate(x, c.resource()));
            case FAN_OUT -> x.decision(access.authorizeFanOut(x, c.resource(), c.op(), c.childTy()));
            case BY_TYPE -> {
                AccessDecision d = behaviours.of(c.resource()).virtualChildAccess(x, x.target());
                if (!d.permitted() || audit.recordsPermits()) {
                    audit.record(AuditEntry.decision(x, c.resource().ri(), c.op(), c.childTy(), d,
                            ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE));
                }
                if (!d.permitted()) {
                    throw OneM2MException.noPrivilege(c.op() + " refused: " + d.summary());
                }
                x.decision(d);
            }
            case REGISTRATION, EACH_RESULT, END_TO_END -> {
            }
        }
        return next.proceed(x);
    }
}
