/**
 * Location (TS-0001 9.6.10, 10.2.9; TS-0004 7.4.10): {@code <locationPolicy>} and its location container
 * ({@link io.bastion.cse.location.LocationPolicyBehaviour}), which policy holds whose positions
 * ({@link io.bastion.cse.location.LocationPolicies}), and the positions they hold as the access control's
 * {@link io.bastion.security.acp.LocationSource} ({@link io.bastion.cse.location.DeviceReportedPositions}), with
 * freshness and countries from {@code security.location}.
 */
package io.bastion.cse.location;
