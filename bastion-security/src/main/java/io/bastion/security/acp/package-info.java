/**
 * The access decision engine of TS-0003 clause 7.1: parsed {@code <accessControlPolicy>} rules
 * ({@link io.bastion.security.acp.AcpParser}), the facts of one request
 * ({@link io.bastion.security.acp.RequestFacts}) and the permit-overrides decision with its grounds
 * ({@link io.bastion.security.acp.AccessDecisionEngine}, {@link io.bastion.security.acp.AccessDecision}).
 *
 * <p>Everything here is pure: no store, no network, no clock. What needs I/O (group membership, later roles) comes
 * in through small interfaces that the CSE implements; the originator's location ({@code rq_loc}) comes in with the
 * request's facts, obtained by the CSE from a {@link io.bastion.security.acp.LocationSource}.
 */
package io.bastion.security.acp;
