package io.bastion.security.acp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an originator is ({@code rq_loc}, TS-0003 table 7.1.2-2): the seam through which the CSE's authorization
 * stage obtains the location it puts into {@link RequestFacts.Builder#location(Optional)}. TS-0003 annex F describes
 * the sources: a network-based position of the originator (F.2.1; only a trusted network source, never what the
 * device claims, since GPS is easily spoofed) and a country derived from the originator's IP address (F.2.2).
 *
 * <p>A source answers empty when it does not know, and must never guess: with no location every
 * {@code accessControlLocationRegion} denies (F.2.1 step 2 lets the hosting CSE deny the access). Looking up a location
 * may be costly, so a caller should ask only when a rule it evaluates has a location region
 * ({@link AccessControlPolicy#usesLocation(PrivilegeSet)}).
 */
@FunctionalInterface
public interface LocationSource {
    /** Knows no location: every location region denies. The default until a real source is configured. */
    LocationSource NONE = (originator, remoteIp, requestTime) -> Optional.empty();

    /**
     * The location of {@code originator}, whose request came from {@code remoteIp} (null when unknown), for a request
     * at {@code requestTime}: a source that knows where the originator was must answer empty when that is no longer
     * where it is at that time.
     *
     * @return the location, or empty when unknown
     */
    Optional<OriginatorLocation> locate(String originator, InetAddress remoteIp, Instant requestTime);

    /**
     * For {@code explain}: what this source knows of the originator and why {@link #locate} answers as it does (the
     * position, where it came from, its age, whether it is trusted), in one line; empty when it has nothing to say.
     */
    default Optional<String> describe(String originator, InetAddress remoteIp, Instant requestTime) {
        return Optional.empty();
    }
}
