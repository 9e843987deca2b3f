package io.bastion.trust.das;

/**
 * Turns a {@link TokenOrder} into a protected token (a compact JWS). The DAS depends on this interface only, so the
 * signing key can live in any secure environment and the JOSE details stay in one place.
 */
public interface TokenIssuer {

    /** The compact serialization of the signed token. */
    String issue(TokenOrder order);

    /** A line for the log naming the algorithm and key (never key material). */
    String describe();
}
