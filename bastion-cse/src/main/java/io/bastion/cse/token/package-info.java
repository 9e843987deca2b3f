/**
 * Connects the token verification of {@code io.bastion.security.token} (oneM2M JWTs, trusted issuers, the cache) to
 * the store and to a request: the tokens a request presents ({@code tkns}, {@code tids}, {@code ltids}), the
 * {@code <token>} resource type and repository, Local-Token-IDs, and tokens a DAS returns or is asked for.
 */
package io.bastion.cse.token;
