package io.bastion.security.token;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which token and role issuers this CSE trusts and with which keys: operator configuration (TS-0003 7.3.2.6.3 leaves
 * the mechanism open). {@link FileTrustedIssuers} reads it from the data folder; {@link #of} holds a fixed set.
 */
@FunctionalInterface
public interface TrustedIssuers {
    /** Trusts nobody. */
    TrustedIssuers NONE = id -> Optional.empty();

    /** The issuer with exactly this ID, when trusted. */
    Optional<TrustedIssuer> issuer(String issuerId);

    /** A fixed set (a later entry with the same ID replaces an earlier one). */
    static TrustedIssuers of(Collection<TrustedIssuer> issuers) {
        Map<String, TrustedIssuer> byId = new LinkedHashMap<>();
        issuers.forEach(i -> byId.put(i.issuerId(), i));
        Map<String, TrustedIssuer> frozen = Map.copyOf(byId);
        return id -> id == null ? Optional.empty() : Optional.ofNullable(frozen.get(id));
    }

    /** A fixed set. */
    static TrustedIssuers of(TrustedIssuer... issuers) {
        return of(java.util.List.of(issuers));
    }
}
