package io.bastion.cse.mcc;

import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.RetargetingConfig;
import io.bastion.cse.request.RequestContext;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a request whose target is hosted by another CSE to the next hop towards it (TS-0004 7.3.2.6 and 7.3.2.8,
 * TS-0001 8.2.1), and relays the answer unchanged. This CSE is then a transit CSE: it has authenticated the
 * originator as for any request (stage 2), but it decides no access: the hosting CSE checks its own access control
 * policies (TS-0001 table 8.2.1.0-1: "Hosting CSE checks the Access Control Privileges").
 *
 * <ul>
 *   <li><b>Which requests</b>: a {@code to} in SP-relative ({@code /id-mn/…}) or absolute ({@code //sp/id-mn/…})
 *       form naming another CSE-ID of this service provider ({@link #remoteCseId}); requests for this CSE pay one
 *       comparison for it. Another M2M-SP-ID is not forwarded (inter-SP routing, 8.2.1.2, is not implemented).</li>
 *   <li><b>Refused here</b>: an AE or CSE registration (7.3.2.8: "BAD_REQUEST"); an expired {@code rqet}
 *       (7.3.2.6: "REQUEST_TIMEOUT", not forwarded); no next hop ({@link NextHops}; 7.3.2.6: "NOT_FOUND").</li>
 *   <li><b>What is sent</b>: the primitive as received, {@code rqi} kept, {@code fr} kept unless CSE-relative, which
 *       becomes SP-relative (7.3.2.6: "convert the ID format of the From parameter into SP-relative by pre-pending
 *       its own CSE-ID": {@code Cxyz} becomes {@code /id-mn/Cxyz}; an S-AE-ID-Stem {@code Sxyz} becomes
 *       {@code /Sxyz}, its SP-relative form by the grammar of TS-0004 6.2.3); JSON content, and JSON asked for the
 *       answer ("A receiver CSE shall indicate the content serialization to be used in a response").</li>
 *   <li><b>Loops</b> (TS-0001 8.2.1.1: a transit CSE "shall keep track of the requestID and the corresponding
 *       Originator's ID"): a request whose {@code rqi} and {@code fr} are already being forwarded here has come
 *       round, and one whose next hop is the CSE that handed it over would go back; both are refused with
 *       NOT_FOUND, the code 7.3.2.6 gives where the only way on is back (a request from the registrar that no
 *       registree leads to).</li>
 *   <li><b>Bounds</b>: at most {@link RetargetingConfig#maxInFlight} at once, one more is 5207 NOT_ACCEPTABLE
 *       (TS-0004 names no code for a receiver that will not take more; 5207 is the refusal of a request it will not
 *       accept as asked, the same choice as for non-blocking requests); each waits at most
 *       {@link RetargetingConfig#timeout}, or until {@code rqet} when that is sooner.</li>
 *   <li><b>Failures</b>: no answer in time is 4008 REQUEST_TIMEOUT (7.3.1.3: "handled as if a Response primitive
 *       with a Response Status Code indicating REQUEST_TIMEOUT error was received"); a next hop that cannot be
 *       reached at any of its points of access is 5103 TARGET_NOT_REACHABLE (as 7.3.3.9.1 says of forwarding to an
 *       AE); the next point of access is tried only when the connection failed, never after a timeout, when the
 *       request may have been performed.</li>
 * </ul>
 */
public final class Retargeting {
    private static final Logger LOG = LoggerFactory.getLogger(Retargeting.class);
    /** Beyond the transport's own deadline, how long to wait before giving up on it. */
    private static final long GRACE_MILLIS = 500;

    private final CseConfig config;
    private final NextHops hops;
    private final RequestTransport transport;
    private final RetargetingConfig limits;
    private final Clock clock;
    private final Semaphore inFlight;
    private final Set<String> forwarding = ConcurrentHashMap.newKeySet();
    private final String absolutePrefix;
    private final boolean explaining;

    /** @param transport how requests reach other CSEs, or null: then nothing is forwarded, and the refusal says so */
    public Retargeting(CseConfig config, NextHops hops, RequestTransport transport, RetargetingConfig limits,
                       Clock clock) {
        this(config, hops, transport, limits, clock, false);
    }

    private Retargeting(CseConfig config, NextHops hops, RequestTransport transport, RetargetingConfig limits,
                        Clock clock, boolean explaining) {
        this.explaining = explaining;
        this.config = config;
        this.hops = hops;
        this.transport = transport;
        this.limits = limits;
        this.clock = clock;
        this.inFlight = new Semaphore(limits.maxInFlight());
        this.absolutePrefix = "//" + config.spId() + "/";
    }

    /**
     * The CSE-ID ({@code /id-mn}) of the CSE hosting {@code to} when that is another CSE of this service provider,
     * else null (this CSE, a CSE-relative address, or an address this CSE refuses anyway). The one check every
     * request pays: a CSE-relative {@code to} is decided by its first character.
     */
    public String remoteCseId(String to) {
        if (to == null || to.length() < 2 || to.charAt(0) != '/') {
            return null;
        }
        int start = 0;
        if (to.charAt(1) == '/') {
            if (!to.regionMatches(true, 0, absolutePrefix, 0, absolutePrefix.length())) {
                return null; // another service provider, or malformed: the resolver answers
            }
            start = absolutePrefix.length() - 1;
        }
        int end = to.indexOf('/', start + 1);
        int len = (end < 0 ? to.length() : end) - start;
        String own = config.cseId();
        if (len == own.length() && to.regionMatches(start, own, 0, len)) {
            return null;
        }
        return len < 2 ? null : to.substring(start, start + len);
    }

    /**
     * The same addressing rule for {@code explain}, which sends nothing: a target on another CSE is explained as
     * that CSE's to decide.
     */
    public Retargeting forExplanation() {
        return new Retargeting(config, hops, null, limits, clock, true);
    }

    /** Forwards the request of {@code x} towards the CSE {@code cseId} and returns its answer, relayed. */
    public Response forward(RequestContext x, String cseId) {
        Request rq = x.request();
        if (explaining) {
            throw OneM2MException.notFound("the target is hosted by CSE " + Excerpt.of(cseId) + ", which decides "
                    + "its access; this CSE would only forward the request: explain it on that CSE");
        }
        if (rq.op() == Operation.CREATE && rq.ty() != null
                && (rq.ty() == ResourceTypes.AE || rq.ty() == ResourceTypes.CSR)) {
            throw OneM2MException.badRequest("a registration is made with the registrar itself, not through "
                    + "another CSE: " + cseId + " is not this CSE");
        }
        String from = handedOverBy(x);
        NextHops.Hop hop = hops.toward(cseId, from)
                .orElseThrow(() -> OneM2MException.notFound("no route to CSE " + Excerpt.of(cseId) + ": no "
                        + "remoteCSE leads there" + (from != null && from.equals(registrarId())
                        ? " and the request came from the registrar" : " and this CSE has no registrar")));
        if (hop.cseId().equals(from)) {
            throw OneM2MException.notFound("retargeting loop: the next hop towards " + Excerpt.of(cseId) + " is "
                    + from + ", which handed this request over");
        }
        Response r = send(hop, rq.toBuilder().fr(spRelative(rq.originator())).build(), deadline(rq));
        x.relayed(true);
        return r;
    }

    /**
     * Sends a request this CSE makes (a NOTIFY to an AE of another CSE) towards the CSE {@code cseId}, waiting at
     * most {@code timeout} (and the configured limit); no route is 5103 TARGET_NOT_REACHABLE, the answer a
     * notification sender gets for an AE it cannot reach (TS-0004 7.3.3.9.1).
     */
    public Response send(String cseId, Request rq, Duration timeout) {
        NextHops.Hop hop = hops.toward(cseId, null).orElseThrow(() -> new OneM2MException(
                ResponseStatusCode.TARGET_NOT_REACHABLE, "no route to CSE " + Excerpt.of(cseId)));
        Duration d = deadline(rq);
        return send(hop, rq, timeout.compareTo(d) < 0 ? timeout : d);
    }

    /** Whether a transport to other CSEs is configured. */
    public boolean enabled() {
        return transport != null;
    }

    private Response send(NextHops.Hop hop, Request rq, Duration timeout) {
        if (transport == null) {
            throw OneM2MException.notFound("CSE " + hop.cseId() + " is not this CSE, and this CSE has no "
                    + "transport to other CSEs: it forwards no request");
        }
        String key = rq.originator() + '\u0000' + rq.rqi();
        if (!forwarding.add(key)) {
            throw OneM2MException.notFound("retargeting loop: request " + Excerpt.of(rq.rqi()) + " of "
                    + Excerpt.of(rq.originator()) + " came back to this CSE while it was forwarding it");
        }
        try {
            if (!inFlight.tryAcquire()) {
                throw new OneM2MException(ResponseStatusCode.NOT_ACCEPTABLE, "this CSE is already forwarding "
                        + limits.maxInFlight() + " requests (mcc.forward.max-in-flight); try again later");
            }
            try {
                return attempt(hop, rq, timeout);
            } finally {
                inFlight.release();
            }
        } finally {
            forwarding.remove(key);
        }
    }

    private Response attempt(NextHops.Hop hop, Request rq, Duration timeout) {
        Instant end = clock.instant().plus(timeout);
        String last = "it has no point of access";
        for (String poa : hop.poas()) {
            if (!transport.supports(poa)) {
                last = "its point of access " + Excerpt.of(poa) + " is not one this CSE sends to (another scheme than "
                        + "https, or plain http, which needs mcc.plain.allow)";
                continue;
            }
            Duration left = Duration.between(clock.instant(), end);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            try {
                Response r = transport.send(poa, rq, Serialization.JSON, left)
                        .get(left.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
                return new Response(r.rsc(), rq.rqi(), r.pc(), rq.fr(), r.fr(), r.rvi(), r.ot(), r.location(),
                        java.util.List.of(), r.cnst(), r.cnot());
            } catch (TimeoutException e) {
                throw timedOut(hop, timeout);
            } catch (ExecutionException | CompletionException | CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
                    throw timedOut(hop, timeout);
                }
                if (cause instanceof IllegalArgumentException) {
                    throw OneM2MException.badRequest("the request cannot be forwarded: " + cause.getMessage());
                }
                LOG.debug("forwarding {} to {} at {} failed: {}", rq.rqi(), hop.cseId(), poa, cause.toString());
                last = "its point of access " + Excerpt.of(poa) + " could not be reached";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new OneM2MException(ResponseStatusCode.TARGET_NOT_REACHABLE,
                "the next hop towards the target, CSE " + hop.cseId() + ", is not reachable: " + last);
    }

    private static OneM2MException timedOut(NextHops.Hop hop, Duration timeout) {
        return new OneM2MException(ResponseStatusCode.REQUEST_TIMEOUT, "CSE " + hop.cseId()
                + " did not answer the forwarded request within " + timeout.toMillis() + " ms");
    }

    /**
     * How long the forward may take: the configured timeout, or less when {@code rqet} comes sooner. An {@code rqet}
     * already passed is refused (7.3.2.6: "it shall reject the request with a REQUEST_TIMEOUT ... and not forward").
     */
    private Duration deadline(Request rq) {
        Duration d = limits.timeout();
        if (rq.rqet() != null) {
            Instant now = clock.instant();
            Instant rqet = Timestamps.parseAbsRel(rq.rqet(), now, "rqet");
            Duration left = Duration.between(now, rqet);
            if (left.isNegative() || left.isZero()) {
                throw new OneM2MException(ResponseStatusCode.REQUEST_TIMEOUT,
                        "request expiration timestamp has passed; the request is not forwarded");
            }
            if (left.compareTo(d) < 0) {
                d = left;
            }
        }
        return d;
    }

    /**
     * The CSE that handed the request over: the one the authentication stage found ({@link RequestContext#handover()},
     * also a CSE that {@code mcc.plain.allow} admits without an association), else the one CSE-ID the association of
     * the peer proves; null for an AE, an unauthenticated peer, or this CSE itself (a group's member requests).
     */
    private String handedOverBy(RequestContext x) {
        if (x.handover() != null) {
            return x.handover().cseId();
        }
        if (!(x.peer().authentication() instanceof Authentication.Verified v)) {
            return null;
        }
        String cse = null;
        for (String id : v.allowedOriginators()) {
            if (id.length() > 1 && id.charAt(0) == '/' && id.indexOf('/', 1) < 0) {
                if (cse != null) {
                    return null; // an association proving two CSE-IDs names no single previous hop
                }
                cse = id;
            }
        }
        return cse;
    }

    private String registrarId() {
        return hops.registrarId();
    }

    /** {@code fr} as the hosting CSE must see it: a CSE-relative AE-ID-Stem with this CSE's prefix. */
    String spRelative(String fr) {
        if (fr.isEmpty() || fr.charAt(0) == '/') {
            return fr;
        }
        if (fr.charAt(0) == 'S' && IdForms.isAeIdStem(fr)) {
            return "/" + fr;
        }
        return config.cseId() + "/" + fr;
    }
}
