package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.cse.address.Target;
import io.bastion.security.acp.AccessDecision;

/**
 * One request on its way through the pipeline: the primitive, the peer, and what earlier stages learned.
 * Confined to the thread processing the request.
 */
public final class Exchange {
    private final Request request;
    private final Peer peer;
    private String originator;
    private boolean admin;
    private Target target;
    private AccessDecision decision;
    private int depth;

    public Exchange(Request request, Peer peer) {
        this.request = request;
        this.peer = peer;
        this.originator = request.originator();
    }

    public Request request() { return request; }
    public Peer peer() { return peer; }

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

    /** Nesting depth of group fan-out: a request made by the CSE on behalf of a fanOutPoint request. */
    public int depth() { return depth; }
    public void depth(int d) { depth = d; }
}
