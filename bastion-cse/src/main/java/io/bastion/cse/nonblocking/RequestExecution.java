package io.bastion.cse.nonblocking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one accepted non-blocking request and records its result in its {@code <request>} (TS-0004 7.3.2.5): the
 * request goes through the whole pipeline again as a blocking one, so that it is authenticated and decided again when
 * it is performed (a privilege withdrawn meanwhile stops it, with 4103 in {@code ors}); then {@code rs} becomes
 * COMPLETED or FAILED, {@code ors} the response, {@code lt} and {@code st} change, subscribers of the
 * {@code <request>} hear of it, and the result of an asynchronous one is notified ({@link ResultDelivery}).
 *
 * <p>A request accepted by this run keeps the primitive and the peer it came with. One resumed after a restart is
 * rebuilt from the {@code <request>} and comes from an internal peer: whatever the transport proved (a certificate, a
 * PSK, the source address for IP rules) and the tokens it presented are gone, so a decision that needed them denies.
 */
final class RequestExecution implements Consumer<PendingRequests.Work> {
    private final ResourceStore store;
    private final ResourceLocks locks;
    private final Clock clock;
    private final String cseId;
    private final Function<RequestContext, Response> pipeline;
    private final Consumer<List<ResourceEvent>> committed;
    private final ResultDelivery delivery;

    RequestExecution(ResourceStore store, ResourceLocks locks, Clock clock, String cseId,
                     Function<RequestContext, Response> pipeline, Consumer<List<ResourceEvent>> committed,
                     ResultDelivery delivery) {
        this.store = store;
        this.locks = locks;
        this.clock = clock;
        this.cseId = cseId;
        this.pipeline = pipeline;
        this.committed = committed;
        this.delivery = delivery;
    }

    @Override
    public void accept(PendingRequests.Work w) {
        Resource req = store.get(w.ri()).orElse(null);
        if (req == null || req.getLong("rs", 0) != RequestRecord.PENDING) {
            return; // deleted or expired meanwhile, or finished before a crash
        }
        Request rq = w.original() != null ? blocking(w.original()) : RequestRecord.request(req);
        Peer peer = w.peer() != null ? w.peer() : Peer.internal();
        Instant now = clock.instant();
        Response r;
        if (rq.rset() != null && !Timestamps.parseAbsRel(rq.rset(), accepted(req), "rset").isAfter(now)) {
            r = Response.error(ResponseStatusCode.REQUEST_TIMEOUT,
                    "the result expiration timestamp (rset) passed before the request could run");
        } else {
            r = run(rq, peer, now);
        }
        Resource done = record(w.ri(), r, rq);
        if (done != null && MetaInformation.responseType(done.get("mi")) == 2) {
            delivery.deliver(done, r, rq);
        }
    }

    /** When the request was accepted: a relative {@code rset} counts from then. */
    private static Instant accepted(Resource req) {
        return Timestamps.parse(req.getText("ct"), "ct");
    }

    /** The primitive with its response type removed: the CSE performs it as a blocking request. */
    private static Request blocking(Request original) {
        Request.Builder b = original.toBuilder().rt(null).rtu(null);
        if (original.pc() != null) {
            b.pc(original.pc().deepCopy()); // processing a create or update consumes its content
        }
        return b.build();
    }

    private Response run(Request rq, Peer peer, Instant now) {
        try {
            return pipeline.apply(new RequestContext(rq, peer, now));
        } catch (RuntimeException e) {
            return e instanceof OneM2MException m ? Response.error(m)
                    : Response.error(ResponseStatusCode.INTERNAL_SERVER_ERROR, "the request could not be performed");
        }
    }

    /** Writes the result unless the {@code <request>} is gone; returns it as written, or null. */
    private Resource record(String ri, Response r, Request rq) {
        Resource updated;
        ObjectNode modified;
        locks.lock(ri);
        try {
            Resource req = store.get(ri).orElse(null);
            if (req == null) {
                return null; // deleted while it ran: TS-0001 10.2.5.6 leaves nothing to record
            }
            ObjectNode a = req.attrsCopy();
            a.put("rs", RequestRecord.statusOf(r.rsc()));
            a.set("ors", RequestRecord.operationResult(r, rq));
            a.put("lt", Timestamps.format(clock.instant()));
            a.put("st", req.getLong("st", 0) + 1);
            updated = req.withAttrs(a, req.expiry());
            store.write(new WriteBatch().amend(updated)); // never revives a deleted one
            modified = a.objectNode();
            for (String sn : new String[] {"rs", "ors", "lt", "st"}) {
                modified.set(sn, a.get(sn));
            }
        } finally {
            locks.unlock(ri);
        }
        committed.accept(List.of(new ResourceEvent(ResourceEvent.Kind.UPDATED, updated, modified, cseId)));
        return updated;
    }
}
