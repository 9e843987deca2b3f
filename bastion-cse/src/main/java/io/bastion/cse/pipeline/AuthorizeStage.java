package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.address.Target;

/**
 * Decides whether the originator may perform the operation on the target (stage 5, TS-0003 7.1): CREATE is
 * checked on the parent with the new child's type, discovery per result (in Discovery), {@code la}/{@code ol} on
 * their container, {@code fopt} on the group. AE registration is governed by the registration policy instead, and an
 * UPDATE of {@code acpi} needs selfPrivileges ({@link AccessControl#authorizeUpdate}).
 */
public final class AuthorizeStage implements Stage {
    private final AccessControl access;

    public AuthorizeStage(AccessControl access) {
        this.access = access;
    }

    @Override
    public Response process(Exchange x, Chain next) {
        Request rq = x.request();
        Target t = x.target();
        Resource r = t.resource();
        if (rq.op() == Operation.CREATE && rq.ty() == ResourceTypes.AE && r.ty() == ResourceTypes.CSE_BASE
                && t.virtual() == Target.Virtual.NONE) {
            return next.proceed(x);
        }
        if (rq.op() == Operation.UPDATE && t.virtual() == Target.Virtual.NONE) {
            x.decision(access.authorizeUpdate(x, r));
            return next.proceed(x);
        }
        if (rq.isDiscovery() && t.virtual() == Target.Virtual.NONE) {
            // TS-0001 table 10.2.6-1: discovery searches "as per the DISCOVER privileges"; each result is checked
            // by Discovery, the addressed resource itself needs no privilege.
            return next.proceed(x);
        }
        Operation op = rq.op();
        Integer childTy = rq.op() == Operation.CREATE ? rq.ty() : null;
        x.decision(access.authorize(x, r, op, childTy));
        return next.proceed(x);
    }
}
