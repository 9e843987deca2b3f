/**
 * The wire protocol of dynamic authorization (TS-0003 7.3.2.2/7.3.2.3, TS-0001 11.5.2/11.5.3, TS-0004
 * 6.3.5.45–48): {@link io.bastion.security.dynamic.SecurityInfo} ({@code m2m:seci}) carrying a
 * {@link io.bastion.security.dynamic.DasRequest} ({@code dreq}) or a {@link io.bastion.security.dynamic.DasResponse}
 * ({@code dres}), and the {@link io.bastion.security.dynamic.TokenRequestInfo} ({@code tqf}) of a 4103 response.
 *
 * <p>Each record maps to and from a Jackson tree in oneM2M short names and refuses malformed or unknown input with a
 * {@link io.bastion.security.dynamic.MalformedSecurityInfoException} that names the element. Shared by the Hosting
 * CSE (bastion-cse) and the Dynamic Authorization Server (bastion-trust).
 */
package io.bastion.security.dynamic;
