/**
 * Connects the access decision engine of {@code io.bastion.security.acp} to the store and to a request: which
 * policies decide a target ({@code acpi}, {@code pvs}, the creator, a group's {@code macp}), the request's verified
 * tokens and roles and its remembered dynamic grants, the dynamic authorization fallback after a deny, refusals told
 * in general terms, and the audit of every enforced decision.
 */
package io.bastion.cse.access;
