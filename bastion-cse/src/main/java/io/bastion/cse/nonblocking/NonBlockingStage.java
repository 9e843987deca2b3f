package io.bastion.cse.nonblocking;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.NonBlockingConfig;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.pipeline.Stage;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.IdGenerator;
import io.bastion.cse.resource.Representation;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.cse.subscription.NotificationTargets;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Accepts non-blocking requests (TS-0004 7.2.2.2 Recv-2.0 to Recv-5.0, TS-0001 8.2.2): between the authorization and
 * the execution stages, a request with {@code rt} 1 (nonBlockingRequestSynch) or 2 (nonBlockingRequestAsynch) is not
 * executed but stored as a {@code <request>} under the CSEBase, queued ({@link PendingRequests}), and acknowledged with
 * 1001 or 1002 whose content is the {@code <request>}'s address as {@code m2m:uri} (TS-0004 7.3.2.3, table 7.5.2-2
 * note 4). The store has committed the {@code <request>} when the acknowledgement is sent, so a crash loses no
 * acknowledged request. Every other request passes through; this stage costs them one comparison.
 *
 * <p><b>Accepted only when it would be performed.</b> The request has been validated, its originator authenticated,
 * its target found and its operation authorized (stages 1 to 5) before it is accepted, so a 1001 is never given for a
 * request that would answer 4004 or 4103 at once. TS-0004's receiver procedure (7.2.2.2) asks which communication
 * method a request uses right after checking its validity, but TS-0001 8.1.2 acknowledges a request "in case the
 * request is accepted", 9.6.12 creates a {@code <request>} only "after reception of a valid" request, and 10.2.5.3 only
 * for a request of a Registree: an originator that could never perform the operation neither gets an acknowledgement
 * nor makes this CSE store anything for it. The decision is made again when the request runs
 * ({@link RequestExecution}).
 *
 * <p>Refused here: {@code rt} 1 or 2 addressed to a {@code <request>} (4000, TS-0004 7.4.12.2.2 to 7.4.12.2.4); an AE
 * registration (4000: its originator is no Registree yet, TS-0001 10.2.5.3); a geo-query (5001: not kept in a
 * {@code <request>}); content holding a secret attribute (4000: a {@code <request>} keeps its content readable); a
 * notification target that is no URL and no AE of this CSE (4000), or an AE other than the originator on which the
 * originator has no NOTIFY privilege (4103, audited); {@code rset}/{@code rp} beyond
 * {@link NonBlockingConfig#maxResultLifetime()} (4000); and any request while
 * {@link NonBlockingConfig#maxPending()} are pending: <b>5207 NOT_ACCEPTABLE</b>. TS-0004 names no code for a
 * receiver that cannot take more work; 5207 is its receiver-side refusal of a request it will not accept as asked
 * (7.3.2.1), and the originator may retry later or blocking. flexBlocking ({@code rt} 4) is always served blocking,
 * the choice TS-0001 8.1.2 leaves to the receiver and which it allows with or without notification targets.
 */
public final class NonBlockingStage implements Stage {
    private static final int MAX_NOTIFICATION_TARGETS = 16;

    private final CseConfig config;
    private final NonBlockingConfig limits;
    private final ResourceStore store;
    private final IdGenerator ids;
    private final Clock clock;
    private final PendingRequests pending;
    private final RequestExecution execution;
    private final AccessControl access;
    private final NotificationTargets targets;

    /**
     * @param pipeline runs a request through the whole pipeline, from its first stage: how an accepted request is
     *        performed
     * @param committed where the change of a {@code <request>} by its result goes, as every committed change
     * @param dispatcher delivers the results of asynchronous requests
     */
    public NonBlockingStage(CseConfig config, NonBlockingConfig limits, ResourceStore store, IdGenerator ids,
                            Clock clock, ResourceLocks locks, PendingRequests pending,
                            Function<RequestContext, Response> pipeline, Consumer<List<ResourceEvent>> committed,
                            AccessControl access, NotificationTargets targets, NotificationDispatcher dispatcher,
                            Notifications notifications) {
        this.config = config;
        this.limits = limits;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.pending = pending;
        this.execution = new RequestExecution(store, locks, clock, config.cseId(), pipeline, committed,
                new ResultDelivery(targets, dispatcher, notifications));
        this.access = access;
        this.targets = targets;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Integer rt = x.request().rt();
        if (rt == null || (rt != 1 && rt != 2) || x.depth() > 0) {
            return next.proceed(x);
        }
        return accept(x, rt);
    }

    private Response accept(RequestContext x, int rt) {
        Request rq = x.request();
        Resource target = x.target().resource();
        if (target.ty() == ResourceTypes.REQ) {
            throw OneM2MException.badRequest("a <request> is addressed with blocking requests only (rt=" + rt
                    + " is not allowed; TS-0004 7.4.12.2)");
        }
        if (rq.op() == Operation.CREATE && rq.ty() != null && rq.ty() == ResourceTypes.AE) {
            throw OneM2MException.badRequest("an AE registration is served blocking only (rt=" + rt + "): its"
                    + " originator is not yet registered (TS-0001 10.2.5.3)");
        }
        if (rq.fc().gq() != null) {
            throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED,
                    "a geo-query (gmty, geom, gsf) in a non-blocking request is not supported by this CSE");
        }
        refuseSecrets(rq, target);
        if (rt == 2 && rq.rtu() != null) {
            checkTargets(x, rq.rtu());
        }
        ResponseStatusCode ack = rt == 1 ? ResponseStatusCode.ACCEPTED_NON_BLOCKING_REQUEST_SYNCH
                : ResponseStatusCode.ACCEPTED_NON_BLOCKING_REQUEST_ASYNCH;
        Instant now = clock.instant();
        Instant et = expiry(rq, now);
        if (!pending.tryReserve()) {
            throw new OneM2MException(ResponseStatusCode.NOT_ACCEPTABLE, "this CSE has "
                    + limits.maxPending() + " non-blocking requests pending (nonblocking.max-pending); retry later"
                    + " or send the request blocking (rt=3)");
        }
        Resource req;
        try {
            req = RequestRecord.create(ids.next("req"), config.cseBaseRi(), config.cseBaseName(), rq,
                    x.originator(), ack, now, et);
            store.write(new WriteBatch().create(req)); // committed before the acknowledgement is sent
        } catch (RuntimeException e) {
            pending.release();
            throw e;
        }
        pending.submit(new PendingRequests.Work(req.ri(), rq, x.peer()), execution);
        return Response.of(ack, Representation.address(req));
    }

    /**
     * Gives the requests an earlier run accepted and did not finish back to the workers (at start, before any request
     * is served); returns how many. They run as accepted, decided again when they run ({@link RequestExecution}).
     */
    public int resume() {
        int n = 0;
        for (Resource req : store.children(config.cseBaseRi(), ResourceTypes.REQ)) {
            if (req.getLong("rs", 0) == RequestRecord.PENDING) {
                pending.resume(new PendingRequests.Work(req.ri(), null, null), execution);
                n++;
            }
        }
        return n;
    }

    /**
     * The {@code <request>}'s expiration time (TS-0001 10.2.5.3 c, TS-0004 table 7.3.2.2-1): {@code rset} when given,
     * else {@link NonBlockingConfig#resultLifetime()} from now; at least {@code rp} (result persistence) from now.
     */
    private Instant expiry(Request rq, Instant now) {
        Instant et = rq.rset() != null ? Timestamps.parseAbsRel(rq.rset(), now, "rset")
                : now.plus(limits.resultLifetime());
        String too = rq.rset() != null ? "rset" : null;
        if (rq.rp() != null) {
            Instant rp = Timestamps.parseAbsRel(rq.rp(), now, "rp");
            if (rp.isAfter(et)) {
                et = rp;
                too = "rp";
            }
        }
        if (too != null && et.isAfter(now.plus(limits.maxResultLifetime()))) {
            throw OneM2MException.badRequest(too + ": a result kept beyond " + limits.maxResultLifetime().toSeconds()
                    + " s is not accepted (nonblocking.max-result-lifetime-s)");
        }
        return et;
    }

    /**
     * A {@code <request>} keeps the request's content readable by its originator and the admin, so a write of a secret
     * attribute (a TS-0022 key, which no answer may carry) is served blocking only.
     */
    private static void refuseSecrets(Request rq, Resource target) {
        JsonNode pc = rq.pc();
        if (pc == null || !pc.isObject() || pc.size() != 1
                || (rq.op() != Operation.CREATE && rq.op() != Operation.UPDATE)) {
            return;
        }
        Map.Entry<String, JsonNode> root = pc.fields().next();
        Optional<ResourceType> type = rq.op() == Operation.UPDATE ? Optional.of(ResourceTypes.of(target))
                : ResourceTypes.byRootName(root.getKey());
        if (type.isEmpty() || !root.getValue().isObject()) {
            return;
        }
        for (String secret : type.get().secretAttributes()) {
            if (root.getValue().has(secret)) {
                throw OneM2MException.badRequest(secret + ": a secret attribute is written by blocking requests"
                        + " only, since a <request> keeps the content it carries");
            }
        }
    }

    /** The notification targets of an asynchronous request: where its result may go (TS-0004 7.5.1.2.5). */
    private void checkTargets(RequestContext x, List<String> nu) {
        if (nu.size() > MAX_NOTIFICATION_TARGETS) {
            throw OneM2MException.badRequest("rtu: at most " + MAX_NOTIFICATION_TARGETS + " notification targets");
        }
        for (String entry : nu) {
            if (NotificationTargets.isUrl(entry)) {
                if (targets.route(entry) instanceof NotificationRoute.Blocked b) {
                    throw OneM2MException.badRequest("rtu: " + b.reason());
                }
                continue;
            }
            Resource ae = targets.localResource(entry).filter(r -> r.ty() == ResourceTypes.AE)
                    .orElseThrow(() -> OneM2MException.badRequest("rtu: notification target " + Excerpt.of(entry)
                            + " is neither a URL nor an AE of this CSE"));
            if (!ae.ri().equals(x.originator()) && !access.audited(x, ae, Operation.NOTIFY,
                    ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE).permitted()) {
                throw new OneM2MException(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "rtu: NOTIFY to"
                        + " notification target " + Excerpt.of(entry) + " refused: the originator has no NOTIFY"
                        + " privilege on it");
            }
        }
    }
}
