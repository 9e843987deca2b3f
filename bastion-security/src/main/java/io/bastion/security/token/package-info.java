/**
 * Tokens (TS-0003 7.3.2.4–7.3.2.6): the oneM2M JWT profile ({@link io.bastion.security.token.TokenClaims}), signing
 * ({@link io.bastion.security.token.TokenSigner}), verification against operator-configured issuers
 * ({@link io.bastion.security.token.TokenVerifier}, {@link io.bastion.security.token.FileTrustedIssuers}) and a cache
 * of verified tokens ({@link io.bastion.security.token.TokenCache}). A verified token takes part in the access
 * decision through {@link io.bastion.security.acp.Grants}.
 */
package io.bastion.security.token;
