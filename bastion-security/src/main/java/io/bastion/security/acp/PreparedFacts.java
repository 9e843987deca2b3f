package io.bastion.security.acp;

import io.bastion.core.primitive.Operation;

/**
 * The {@link RequestFacts} of one decision in the form its rules compare against, each derived at most once rather
 * than once per rule: the originator's absolute form (and its hash, for the literal {@code acor} entries), the
 * operation's {@code acop} bit, and, on first use, the request time split into UTC fields and the source address
 * bytes. A policy may hold thousands of rules; none of them should copy the address or rebuild the date again.
 *
 * <p>Not thread-safe: one per decision, on the deciding thread.
 */
final class PreparedFacts {
    private final RequestFacts facts;
    private final String originator;
    private final int originatorHash;
    private final long originatorHashBit;
    private final int operationBit;
    private final boolean authenticated;
    private final boolean create;
    private boolean timeReady;
    private UtcTime time;
    private boolean sourceReady;
    private SourceAddress source;

    /**
     * @param originator the absolute, matchable form of the request's originator
     *     ({@link OriginatorMatcher#matchable}), or null when it has none; contexts alone need no originator
     */
    PreparedFacts(RequestFacts facts, String originator) {
        this.facts = facts;
        this.originator = originator;
        this.originatorHash = originator == null ? 0 : originator.hashCode();
        this.originatorHashBit = 1L << originatorHash; // the shift count is taken modulo 64
        this.operationBit = facts.operation().acopBit();
        this.authenticated = facts.authenticated();
        this.create = facts.operation() == Operation.CREATE;
    }

    RequestFacts facts() {
        return facts;
    }

    /** The absolute originator, or null when it cannot match any entry. */
    String originator() {
        return originator;
    }

    /** {@code originator().hashCode()}, for a cheap first comparison with literal entries. */
    int originatorHash() {
        return originatorHash;
    }

    /** Bit {@code originatorHash() & 63}, to test against {@link AcorList#literalHashBits}. */
    long originatorHashBit() {
        return originatorHashBit;
    }

    /** The {@code acop} bit of the operation. */
    int operationBit() {
        return operationBit;
    }

    /** {@code rq_authn}. */
    boolean authenticated() {
        return authenticated;
    }

    /** The operation is CREATE, the only one {@code acod} applies to. */
    boolean isCreate() {
        return create;
    }

    /** The request time in UTC fields, or null when no schedule can name it (outside 2000..9999). */
    UtcTime time() {
        if (!timeReady) {
            time = UtcTime.of(facts.requestTime());
            timeReady = true;
        }
        return time;
    }

    /** The source address, or null when unknown. */
    SourceAddress source() {
        if (!sourceReady) {
            source = SourceAddress.of(facts.remoteIp());
            sourceReady = true;
        }
        return source;
    }

    /** The originator's location, or null when unknown. */
    OriginatorLocation location() {
        return facts.location().orElse(null);
    }
}
