package io.bastion.security.credential;

import io.bastion.core.primitive.Authentication;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established security association (TS-0003 8.2) as a door keeps it while it is open: what its handshake proved,
 * kept current against the credential sources it was proved from. A door asks {@link #authentication()} for every
 * request; when a source changed since the last answer, the credential is checked again ({@link Revalidation}), so
 * that an association whose PSK was removed or re-keyed, or whose certificate's CA is no longer trusted or which was
 * revoked, becomes {@link Authentication.Revoked} at its next request instead of keeping what it proved at its
 * handshake. A credential that stays valid but is bound to other IDs gets those IDs.
 *
 * <p>Cheap when nothing changed: one call of the sources' generation (a volatile read, and at most one look at the
 * credential files per recheck interval, see {@link FilePskStore}) and one volatile read. While an answer does not
 * change, the same {@link Authentication} instance is returned, so callers may compare it by reference. Revocation is
 * final: once revoked, always revoked (the door closes the connection). Thread-safe.
 *
 * <p>Made by {@link PskStore#associate} and {@code CertificateAuthenticator#associate}.
 */
public final class SecurityAssociation {
    private static final Logger log = LoggerFactory.getLogger(SecurityAssociation.class);

    /** How a credential source decides what an association's credential authenticates now. */
    @FunctionalInterface
    public interface Revalidation {
        /**
         * {@link Authentication.Verified} (with the IDs it may use now) while the credential is still good, else
         * {@link Authentication.Revoked} with the reason.
         */
        Authentication now();
    }

    private record State(long generation, Authentication authentication) {
    }

    private final String credentialId;
    private final LongSupplier generation;
    private Revalidation revalidation;
    private volatile State state;

    /**
     * @param proved what the handshake authenticated
     * @param provedAt the sources' generation read <em>before</em> the handshake looked the credential up (a change
     *     after that read is then seen at the first request)
     * @param generation the sources' current generation: any change of what they provision changes it
     * @param revalidation checks the credential again
     */
    public SecurityAssociation(Authentication.Verified proved, long provedAt, LongSupplier generation,
                               Revalidation revalidation) {
        this.credentialId = Objects.requireNonNull(proved, "proved").credentialId();
        this.generation = Objects.requireNonNull(generation, "generation");
        this.revalidation = Objects.requireNonNull(revalidation, "revalidation");
        this.state = new State(provedAt, proved);
    }

    /** The Credential-ID the handshake proved. */
    public String credentialId() {
        return credentialId;
    }

    /** What the association authenticates now: checked again when a credential source changed since. */
    public Authentication authentication() {
        State s = state;
        if (s.authentication() instanceof Authentication.Revoked) {
            return s.authentication();
        }
        long g = generation.getAsLong();
        return g == s.generation() ? s.authentication() : refresh(g);
    }

    private synchronized Authentication refresh(long g) {
        State s = state;
        if (s.generation() == g || s.authentication() instanceof Authentication.Revoked) {
            return s.authentication();
        }
        // g was read before the check: a change during it moves the generation again and is checked next time.
        Authentication now;
        try {
            now = Objects.requireNonNull(revalidation.now(), "revalidation answered null");
        } catch (RuntimeException e) {
            log.warn("cannot check credential {} again: {}", credentialId, e.toString());
            now = new Authentication.Revoked(credentialId, "the credential could not be checked again");
        }
        if (now.equals(s.authentication())) {
            now = s.authentication();
        } else if (now instanceof Authentication.Revoked r) {
            log.debug("security association of {} revoked: {}", credentialId, r.reason());
            revalidation = null; // drop what it holds (e.g. the PSK the handshake used)
        } else {
            log.info("security association of {} now authenticates {}", credentialId, now);
        }
        state = new State(g, now);
        return now;
    }
}
