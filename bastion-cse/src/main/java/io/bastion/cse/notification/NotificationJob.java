package io.bastion.cse.notification;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import java.util.Objects;

/**
 * One NOTIFY for the {@link NotificationDispatcher} to deliver.
 *
 * @param target the point of access to send to (e.g. {@code http://host:port/path}); deliveries to one target keep
 *        their order
 * @param subscriptionRi the {@code ri} of the subscription that produced it, or null for a notification that belongs
 *        to none; batches and latest-only replacement are kept per (subscription, target)
 * @param request the NOTIFY primitive, built with {@link Notifications}
 * @param batch the subscription's {@code bn}, or null to send at once
 * @param latestNotify the subscription's {@code ln}: a newer notification replaces an older one of the same
 *        subscription still waiting for this target, and a batch sends only its newest notification; the request's
 *        {@code ec} becomes "latest", which overrides {@code nec} (TS-0004 7.5.1.2.2 steps 2.2 and 2.3)
 * @param serialization how the content goes on the wire: the receiver's (TS-0004 7.5.1.1), JSON when not given
 */
public record NotificationJob(String target, String subscriptionRi, Request request, BatchPolicy batch,
                              boolean latestNotify, Serialization serialization) {

    public NotificationJob {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(request, "request");
        serialization = serialization == null ? Serialization.JSON : serialization;
        if (request.op() != Operation.NOTIFY) {
            throw new IllegalArgumentException("not a NOTIFY request: " + request.op());
        }
        if ((batch != null || latestNotify) && subscriptionRi == null) {
            throw new IllegalArgumentException("batchNotify and latestNotify need the subscription ri");
        }
        if (batch != null && !Notifications.isSingleNotification(request.pc())) {
            throw new IllegalArgumentException("only single m2m:sgn notifications can be batched");
        }
        if (latestNotify && !EventCategory.LATEST.equals(request.ec())) {
            request = request.toBuilder().ec(EventCategory.LATEST).build();
        }
    }

    /** A JSON job, as {@link #NotificationJob(String, String, Request, BatchPolicy, boolean, Serialization)}. */
    public NotificationJob(String target, String subscriptionRi, Request request, BatchPolicy batch,
                           boolean latestNotify) {
        this(target, subscriptionRi, request, batch, latestNotify, Serialization.JSON);
    }

    /** A job sent as soon as the target is free, with no batching and no latest-only replacement. */
    public static NotificationJob of(String target, String subscriptionRi, Request request) {
        return new NotificationJob(target, subscriptionRi, request, null, false);
    }

    public NotificationJob withBatch(BatchPolicy policy) {
        return new NotificationJob(target, subscriptionRi, request, policy, latestNotify, serialization);
    }

    public NotificationJob withLatestNotify(boolean ln) {
        return new NotificationJob(target, subscriptionRi, request, batch, ln, serialization);
    }

    public NotificationJob withSerialization(Serialization s) {
        return new NotificationJob(target, subscriptionRi, request, batch, latestNotify, s);
    }
}
