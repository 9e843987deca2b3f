package io.bastion.cse.request;

import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.security.acp.AccessDecision;
import io.bastion.core.primitive.Response;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One request on its way through the pipeline: the primitive, the peer, and what earlier stages learned.
 * Confined to the thread processing the request.
 */
public final class RequestContext {
    private final Request request;
    private final Peer peer;
    private final Instant received;
    private String originator;
    private boolean admin;
    private Target target;
    private AccessDecision decision;
    private int depth;
    private boolean relayed;
    private List<Response.LocalTokenId> ati = List.of();
    private RequestCredentials credentials;
    private CompletableFuture<Response> held;
    private Handover handover;

    /**
     * @param received when the CSE received the request, read once from its clock at pipeline entry: the request
     *        time ({@code rq_time}) of every access decision made for it, and the time in its audit entries
     */
    public RequestContext(Request request, Peer peer, Instant received) {
        this.request = request;
        this.peer = peer;
        this.received = Objects.requireNonNull(received, "received");
        this.originator = request.originator();
    }

    public Request request() { return request; }
    public Peer peer() { return peer; }

    /** When the CSE received the request (for an explanation: the time asked about). */
    public Instant received() { return received; }

    /** The originator as the authentication stage normalized it (an AE-ID-Stem or a CSE-ID). */
    public String originator() { return originator; }
    public void originator(String o) { originator = o; }

    /** True when the originator is the admin originator and was accepted as such. */
    public boolean admin() { return admin; }
    public void admin(boolean a) { admin = a; }

    public Target target() { return target; }
    public void target(Target t) { target = t; }

    public AccessDecision decision() { return decision; }
    public void decision(AccessDecision d) { decision = d; }

    /** Local-Token-IDs assigned while authorizing this request, returned as {@code ati} (TS-0001 11.5.3 step 8). */
    public List<Response.LocalTokenId> ati() { return ati; }
    public void ati(List<Response.LocalTokenId> a) { ati = a == null ? List.of() : List.copyOf(a); }

    /**
     * What the authorization stage verified about the request's tokens and roles, kept so that later checks of the
     * same request (child listings, discovery results) do not verify them again; null until verified.
     */
    public RequestCredentials credentials() { return credentials; }
    public void credentials(RequestCredentials c) { credentials = c; }

    /**
     * The response the CSE holds for this request until something happens (a long poll on a pollingChannel, a
     * request waiting for a polling AE's answer), or null for a request answered at once (every other one). A stage
     * that holds the response returns a placeholder; whoever runs the pipeline answers with this future instead.
     */
    public CompletableFuture<Response> held() { return held; }
    public void hold(CompletableFuture<Response> later) { held = later; }

    /**
     * The CSE that handed this request over (the originator is that CSE, or is reached through it), or null when
     * the originator is not a CSE's (an AE of this CSE, the admin, this CSE itself).
     */
    public Handover handover() { return handover; }
    public void handover(Handover h) { handover = h; }

    /**
     * True when the response is another CSE's, relayed unchanged (retargeting): its responder ({@code fr}) and
     * originating timestamp ({@code ot}) stay the hosting CSE's.
     */
    public boolean relayed() { return relayed; }
    public void relayed(boolean r) { relayed = r; }

    /** Nesting depth of group fan-out: a request made by the CSE on behalf of a fanOutPoint request. */
    public int depth() { return depth; }
    public void depth(int d) { depth = d; }
}
