/**
 * Outgoing NOTIFY requests: their content ({@code m2m:sgn}, {@code m2m:agn}), batching, and the asynchronous, bounded
 * dispatcher that delivers them through the {@code NotificationTransport} of {@code io.bastion.core.binding} (a binding
 * implements it); and NOTIFY requests this CSE receives for its own resources.
 */
package io.bastion.cse.notification;
