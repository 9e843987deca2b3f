package io.bastion.cse.subscription;

import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessDecision;

/**
 * What a subscription's {@code ntsr} (notificationTargetSelfReference, TS-0001 9.6.34, TS-0004 7.4.33) does: who may
 * DELETE it, and the notification target removal that DELETE starts (TS-0001 10.2.10.8). The notification target
 * policies supply it, so that the subscription does not depend on them.
 */
public interface SelfReference {

    /** Whether the originator may DELETE the {@code ntsr} of {@code subscription}: it must be one of its targets. */
    AccessDecision access(RequestContext x, Resource subscription);

    /** The removal of the originator from the {@code nu} of {@code subscription}, as its policy says. */
    Response remove(RequestContext x, Resource subscription);
}
