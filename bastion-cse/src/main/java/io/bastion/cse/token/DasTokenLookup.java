package io.bastion.cse.token;

import io.bastion.core.resource.Resource;
import io.bastion.core.text.Excerpt;
import io.bastion.security.dynamic.DasAddress;
import io.bastion.cse.dynamic.DasFailure;
import io.bastion.cse.dynamic.DynamicAuthorization;
import io.bastion.security.token.TokenExpectations;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.security.token.VerifiedToken;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves Token-IDs ({@code tids}) that are neither in the token cache nor in the token repository by asking a DAS
 * (TS-0001 11.5.3 step 6): the DASs asked are the points of access ({@code dap}) of the enabled
 * {@code <dynamicAuthorizationConsultation>}s that apply to the target (the same daci walk as a consultation), in
 * order, through {@link DynamicAuthorization#lookupTokens} (its circuit breaker), all of them within one configured
 * timeout. The first DAS that answers ends the lookup.
 *
 * <p>What comes back is verified as any token a DAS returns ({@link DasTokens}): trusted issuer and signature, the
 * holder is the originator, valid at the request time, the audience names this CSE without wildcards, and the issuer
 * is the one configured for that DAS ({@code das.issuers}); a DAS with no issuer configured is not asked, since
 * nothing it returned could be accepted. A returned token must also carry one of the asked Token-IDs. An accepted
 * token is cached, so the same {@code tids} later cost a map lookup; a refused one is not.
 */
public final class DasTokenLookup {
    private final DynamicAuthorization dynamic;
    private final TokenVerification verification;

    public DasTokenLookup(DynamicAuthorization dynamic, TokenVerification verification) {
        this.dynamic = dynamic;
        this.verification = verification;
    }

    /** One DAS that would be asked: its point of access and the dac that names it. */
    public record Source(URI das, String dacRi, String issuer) {
    }

    /**
     * What a lookup found.
     *
     * @param found the verified tokens by Token-ID
     * @param causes why the others were not found, one line per DAS or token, in order
     */
    public record Result(Map<String, VerifiedToken> found, List<String> causes) {
        public Result {
            found = Map.copyOf(found);
            causes = List.copyOf(causes);
        }

        /** One line for the Token-IDs still missing. */
        public String why() {
            return causes.isEmpty() ? "no DAS returned it" : String.join("; ", causes);
        }
    }

    /** The DASs a lookup for {@code target} would ask, in order (asks none; for {@code explain} too). */
    public List<Source> sources(Resource target) {
        List<Source> out = new ArrayList<>(1);
        if (target == null) {
            return out;
        }
        for (Resource dac : dynamic.applicable(target)) {
            for (String entry : dac.getList("dap")) {
                URI das = DasAddress.tryParse(entry);
                if (das != null) {
                    out.add(new Source(das, dac.ri(), dynamic.settings().issuerOf(das)));
                }
            }
        }
        return out;
    }

    /**
     * Asks the DASs of {@code target} for {@code tids} held by {@code originator}; never throws for anything a DAS
     * does.
     *
     * @param originator the originator as the CSE normalized it
     * @param at the request time
     */
    public Result lookup(Resource target, String originator, List<String> tids, Instant at) {
        Map<String, VerifiedToken> found = new LinkedHashMap<>();
        List<String> causes = new ArrayList<>();
        List<Source> sources = sources(target);
        if (sources.isEmpty()) {
            causes.add("no enabled dynamicAuthorizationConsultation applies to the target, so no DAS can be asked");
            return new Result(found, causes);
        }
        TokenExpectations expect = verification.expect(originator, at, false);
        long deadline = System.nanoTime() + dynamic.settings().timeout().toNanos();
        for (Source s : sources) {
            if (s.issuer() == null) {
                causes.add("the DAS at " + s.das() + " is not asked: no token issuer is configured for it "
                        + "(das.issuers)");
                continue;
            }
            List<String> compacts;
            try {
                compacts = dynamic.lookupTokens(s.das(), originator, tids,
                        Duration.ofNanos(deadline - System.nanoTime()));
            } catch (DasFailure f) {
                causes.add(f.getMessage());
                continue;
            }
            for (int i = 0; i < compacts.size(); i++) {
                accept(compacts.get(i), i + 1, s, tids, expect, found, causes);
            }
            if (found.size() < tids.size()) {
                causes.add("the DAS at " + s.das() + " returned no usable token for "
                        + tids.stream().filter(t -> !found.containsKey(t)).map(Excerpt::of).toList());
            }
            break; // the first DAS that answered decides
        }
        return new Result(found, causes);
    }

    private void accept(String compact, int n, Source s, List<String> tids, TokenExpectations expect,
                        Map<String, VerifiedToken> found, List<String> causes) {
        String what = "token " + n + " from the DAS at " + s.das();
        try {
            VerifiedToken t = verification.inspect(compact, expect);
            if (!s.issuer().equals(t.claims().issuer())) {
                causes.add(what + " is refused: it was issued by " + Excerpt.of(t.claims().issuer())
                        + ", not by the DAS (" + s.issuer() + ")");
            } else if (!tids.contains(t.tokenId())) {
                causes.add(what + " is refused: its tokenID " + Excerpt.of(t.tokenId()) + " was not asked for");
            } else {
                found.putIfAbsent(t.tokenId(), verification.verify(compact, expect)); // now cached
            }
        } catch (TokenRefusedException e) {
            causes.add(what + " is refused: " + e.getMessage());
        }
    }
}
