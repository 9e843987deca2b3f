package io.bastion.security.acp;

import java.time.Instant;
import java.util.Objects;

/**
 * Privileges a Dynamic Authorization Server granted (TS-0003 7.3.2.2, {@code dres} with {@code dai.gp} and the
 * lifetime {@code pl}): an access control policy with an expiry, applied by the engine as one more applicable policy
 * until {@code expires} and ignored from then on, so that it lapses by itself.
 *
 * <p>The engine evaluates the grant's {@link AccessControlPolicy#pv()} whichever privilege set the target's own
 * policies were read from: a grant is made for the one target named in the consultation. Permits are rendered as
 * {@link AccessDecision.DynamicGround}.
 *
 * @param dacRi the resource ID of the {@code <dynamicAuthorizationConsultation>} that was consulted
 * @param policy the granted privileges as a policy ({@code pv}); its {@code ri} is only used in explanations
 * @param expires the end of the granted lifetime; the grant no longer applies at or after this instant
 */
public record DynamicGrant(String dacRi, AccessControlPolicy policy, Instant expires) {
    public DynamicGrant {
        Objects.requireNonNull(dacRi, "dacRi");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(expires, "expires");
    }

    /** True while the grant applies: {@code at} is before {@link #expires()}. */
    public boolean liveAt(Instant at) {
        return at.isBefore(expires);
    }
}
