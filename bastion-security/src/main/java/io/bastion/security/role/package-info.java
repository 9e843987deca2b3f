/**
 * Role-based access control (TS-0003 7.4): role assignments as {@code <role>} resources state them
 * ({@link io.bastion.security.role.RoleGrant}) and their verification before use
 * ({@link io.bastion.security.role.RoleCheck}: issuer, holder, validity, and for a role with a {@code tokenLink}
 * whether its token describes the same assignment); verified Role-IDs reach the access decision through
 * {@link io.bastion.security.acp.Grants}.
 */
package io.bastion.security.role;
