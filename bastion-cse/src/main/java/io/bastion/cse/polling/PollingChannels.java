package io.bastion.cse.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.PollingConfig;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.notification.PolledRequests;
import io.bastion.cse.notification.ReceiverQueueFull;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The polling channels of this CSE, one {@link Mailbox} per AE that has a {@code <pollingChannel>}, kept in step with
 * the committed changes (a channel created, deleted, expired or gone with its AE). To the notification code they are a
 * transport for {@link NotificationRoute.Polled} targets: a notification is taken at once (1000 ACCEPTED) or refused
 * when the channel is full ({@link ReceiverQueueFull}, counted as dropped), so that subscriptions keep their
 * batches, latest-only replacement, counters and statistics through the dispatcher; and {@link PolledRequests} for a
 * request whose requester waits for the AE's answer. What waits in a channel lives in memory: a restart loses it (the
 * requesters' connections are gone with it).
 */
public final class PollingChannels implements NotificationTransport, PolledRequests, Consumer<List<ResourceEvent>> {
    private final ResourceStore store;
    private final PollingConfig config;
    private final Clock clock;
    private final String cseId;
    private final Map<String, Mailbox> byAe = new ConcurrentHashMap<>();
    private final PollingStats.Counters counters = new PollingStats.Counters();

    /** @param cseId this CSE's ID: the {@code to} of a notification queued for an AE is its SP-relative AE-ID */
    public PollingChannels(ResourceStore store, PollingConfig config, Clock clock, String cseId) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.cseId = cseId;
    }

    /** Opens a mailbox for every stored channel (at start). */
    public void load(String cseBasePath) {
        DiscoveryQuery channels = new DiscoveryQuery(cseBasePath, null, List.of(ResourceTypes.PCH), List.of(), null,
                null, null, null, null, null, null);
        store.discover(channels, r -> {
            open(r.pi());
            return true;
        });
    }

    public PollingConfig config() {
        return config;
    }

    public PollingStats stats() {
        return counters.snapshot(byAe.size());
    }

    /** How many primitives wait for the polls of AE {@code aeRi} (0 when it has no channel). */
    public int waiting(String aeRi) {
        Mailbox m = byAe.get(aeRi);
        return m == null ? 0 : m.waiting();
    }

    /** How many long polls of AE {@code aeRi} wait for a primitive now. */
    public int polls(String aeRi) {
        Mailbox m = byAe.get(aeRi);
        return m == null ? 0 : m.polls();
    }

    @Override
    public boolean supports(String target) {
        return target.startsWith(NotificationRoute.Polled.PREFIX) && byAe.containsKey(owner(target));
    }

    /** Queues a notification (nobody waits for the AE's answer to it); answers 1000 ACCEPTED once it is queued. */
    @Override
    public CompletableFuture<Response> send(String target, Request notify, Serialization serialization,
                                            Duration timeout) {
        String ae = owner(target);
        Mailbox m = byAe.get(ae);
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("AE " + ae + " has no pollingChannel"));
        }
        Request rq = notify.toBuilder().to(cseId + "/" + ae).build();
        try {
            m.offer(entry(rq, clock.instant(), null));
        } catch (OneM2MException e) {
            return CompletableFuture.failedFuture(e.status() == ResponseStatusCode.NOT_ACCEPTABLE
                    ? new ReceiverQueueFull(e.getMessage()) : e);
        }
        return CompletableFuture.completedFuture(Response.of(ResponseStatusCode.ACCEPTED, null));
    }

    @Override
    public CompletableFuture<Response> request(String target, Request rq, Instant received) {
        Mailbox m = byAe.get(owner(target));
        if (m == null) {
            return CompletableFuture.completedFuture(Response.error(ResponseStatusCode.TARGET_NOT_REACHABLE,
                    "AE " + owner(target) + " has no pollingChannel"));
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Mailbox.Entry e = entry(rq, received, answer);
        try {
            m.offer(e);
        } catch (OneM2MException refused) {
            return CompletableFuture.completedFuture(Response.error(refused));
        }
        // The requester waits in real time too, so that an AE that never polls cannot hold it beyond its expiry.
        long wait = Math.max(0, Duration.between(clock.instant(), e.expires()).toMillis());
        return answer.completeOnTimeout(Response.error(ResponseStatusCode.REQUEST_TIMEOUT, "AE " + owner(target)
                + " did not answer through its pollingChannel before the request expired"), wait,
                TimeUnit.MILLISECONDS);
    }

    /**
     * A long poll by the owner of {@code channel} (TS-0004 7.4.22.2.2 Recv-6.5): completes with the oldest waiting
     * primitive as {@code m2m:rqp} (2000), or 4008 REQUEST_TIMEOUT when nothing arrives by {@code until} (the
     * poll's {@code rqet}, bounded by {@code polling.timeout-s}), or 4004 when the channel is deleted meanwhile.
     * Cancelling it (the poll's connection closed) takes it out of line.
     */
    public CompletableFuture<Response> poll(Resource channel, Instant received, String rqet) {
        Mailbox m = mailbox(channel);
        Instant until = received.plus(config.pollTimeout());
        if (rqet != null) {
            Instant own = Timestamps.parseAbsRel(rqet, received, "rqet");
            until = own.isBefore(until) ? own : until;
        }
        long wait = Math.max(0, Duration.between(clock.instant(), until).toMillis());
        CompletableFuture<Mailbox.Entry> next = m.poll();
        if (!next.isDone()) {
            next.completeOnTimeout(null, wait, TimeUnit.MILLISECONDS);
        }
        CompletableFuture<Response> answer = next.handle((e, err) -> {
            if (err != null) {
                Throwable t = err.getCause() != null && !(err instanceof OneM2MException) ? err.getCause() : err;
                return t instanceof OneM2MException o ? Response.error(o)
                        : Response.error(ResponseStatusCode.NOT_FOUND, "the pollingChannel is gone");
            }
            if (e == null) {
                return Response.error(ResponseStatusCode.REQUEST_TIMEOUT, "no request arrived for the originator "
                        + "before the long polling request expired; poll again (TS-0001 10.2.5.18)");
            }
            ObjectNode content = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            content.set("m2m:rqp", e.rqp());
            return Response.of(ResponseStatusCode.OK, content);
        });
        answer.whenComplete((r, err) -> {
            if (err != null) {
                next.cancel(false); // the poll's connection closed: it takes nothing any more
            }
        });
        return answer;
    }

    /** The owner's answer to a primitive it polled (TS-0004 7.4.22.2.5): to its requester; 2000 when matched. */
    public Response answer(Resource channel, Request notify) {
        Primitives.Answer a = Primitives.answer(notify.pc());
        mailbox(channel).answer(a.rqi(), a.response());
        return Response.of(ResponseStatusCode.OK, null);
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            Resource r = e.resource();
            if (r.ty() == ResourceTypes.PCH) {
                switch (e.kind()) {
                    case CREATED -> open(r.pi());
                    case DELETED, REMOVED_WITH_ANCESTOR -> close(r.pi(), "the pollingChannel of AE " + r.pi()
                            + " was deleted");
                    default -> { }
                }
            } else if (r.ty() == ResourceTypes.AE && e.kind() == ResourceEvent.Kind.DELETED) {
                close(r.ri(), "AE " + r.ri() + " was deleted");
            }
        }
    }

    private Mailbox mailbox(Resource channel) {
        Mailbox m = byAe.get(channel.pi());
        if (m == null) {
            // Created before this CSE knew of it (its event not yet handled): open it now.
            m = open(channel.pi());
        }
        return m;
    }

    private Mailbox open(String aeRi) {
        return byAe.computeIfAbsent(aeRi, ae -> new Mailbox(ae, config, clock, counters));
    }

    private void close(String aeRi, String why) {
        Mailbox m = byAe.remove(aeRi);
        if (m != null) {
            m.close(why);
        }
    }

    private Mailbox.Entry entry(Request rq, Instant received, CompletableFuture<Response> requester) {
        Instant expires = received.plus(config.expiry());
        if (rq.rqet() != null) {
            Instant own = Timestamps.parseAbsRel(rq.rqet(), received, "rqet");
            expires = own.isBefore(expires) ? own : expires;
        }
        ObjectNode rqp = Primitives.requestPrimitive(rq);
        return new Mailbox.Entry(rq.rqi(), rqp, Primitives.size(rqp), expires, requester);
    }

    private static String owner(String target) {
        return target.substring(NotificationRoute.Polled.PREFIX.length());
    }
}
