/**
 * The Bastion Dynamic Authorization Server (TS-0003 7.3.2, TS-0001 11.5): {@link io.bastion.trust.das.DasServer}
 * answers the {@code m2m:seci} NOTIFY of Hosting CSEs (direct flow, token lookup) and of Originators (indirect
 * flow) over HTTP, deciding from a reloadable rules file ({@link io.bastion.trust.das.RulesParser}), signing tokens
 * with a key from a secure environment ({@link io.bastion.trust.das.JwsTokenIssuer}) and writing every outcome to
 * a JSON-lines audit log ({@link io.bastion.trust.das.DasAuditLog}).
 *
 * <p>The only type of bastion-cse used here is {@code RequestProcessor}, the interface the HTTP door serves; the
 * DAS has no CSE inside it.
 */
package io.bastion.trust.das;
