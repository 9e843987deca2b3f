/**
 * Connects the access decision engine of {@code io.bastion.security.acp} to the store and to a request: which
 * policies decide a target ({@link io.bastion.cse.access.PolicySource}: {@code acpi}, {@code pvs}, the creator, a
 * group's {@code macp}, and the parsed-policy cache), what the request brings beyond them
 * ({@link io.bastion.cse.access.RequestGrants}: its verified tokens and roles, its remembered dynamic grants), and the
 * orchestrator that decides, falls back to dynamic authorization after a deny, refuses in general terms and audits
 * every enforced decision ({@link io.bastion.cse.access.AccessControl}).
 */
package io.bastion.cse.access;
