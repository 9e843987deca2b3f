package io.bastion.security.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A token issuer this CSE trusts (a DAS or an Authorization Authority, TS-0003 7.3.2.6.3) and the keys it may sign
 * with. The issuer ID is compared exactly with a token's {@code iss} (and a {@code <role>}'s {@code tkis}): write it
 * the way the issuer writes it. An issuer with no keys is trusted for roles only; it can sign no token.
 */
public record TrustedIssuer(String issuerId, List<IssuerKey> keys) {
    public TrustedIssuer {
        Objects.requireNonNull(issuerId, "issuerId");
        if (issuerId.isEmpty()) {
            throw new IllegalArgumentException("issuerId must not be empty");
        }
        keys = List.copyOf(keys);
    }

    /** True when some key verifies {@code algorithm}: the algorithms permitted for the issuer follow its keys. */
    public boolean permits(String algorithm) {
        for (IssuerKey k : keys) {
            if (k.algorithm().equals(algorithm)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The keys that may have made a signature with {@code algorithm}: with a {@code kid} in the header, only keys
     * with that kid; without one, every key of the algorithm.
     */
    public List<IssuerKey> candidates(String algorithm, String keyId) {
        List<IssuerKey> out = new ArrayList<>(keys.size());
        for (IssuerKey k : keys) {
            if (k.algorithm().equals(algorithm) && (keyId == null || keyId.equals(k.keyId()))) {
                out.add(k);
            }
        }
        return out;
    }
}
