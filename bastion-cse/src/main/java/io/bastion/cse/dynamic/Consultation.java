package io.bastion.cse.dynamic;

import io.bastion.security.acp.DynamicGrant;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.dynamic.TokenRequestInfo;
import java.util.List;

/** How dynamic authorization ended for one request that its policies denied ({@link DynamicFallback}). */
public sealed interface Consultation {

    /** No enabled dac applies to the target: dynamic authorization was not attempted. */
    record NotApplicable() implements Consultation {
    }

    /** A DAS granted privileges and/or tokens (now remembered in {@link DynamicGrants}). */
    record Granted(String das, List<DynamicGrant> grants, List<GrantingToken> tokens) implements Consultation {
        public Granted {
            grants = List.copyOf(grants);
            tokens = List.copyOf(tokens);
        }
    }

    /**
     * No DAS granted anything: it refused, or none gave a usable answer (unreachable, too slow, an error status,
     * garbage, a token that fails verification, every circuit open). {@code reason} names the cause.
     *
     * @param cached true when the reason was remembered from an earlier consultation and no DAS was asked now
     */
    record Denied(String reason, boolean cached) implements Consultation {
    }

    /**
     * The indirect flow ({@code tqi}, TS-0003 7.3.2.3): no DAS was asked; the originator is refused and told where it
     * may request tokens.
     *
     * @param info the Token Request Information, or null when no {@code dap} of the applicable dacs is usable
     */
    record TokensOffered(TokenRequestInfo info) implements Consultation {
    }
}
