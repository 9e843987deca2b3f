/**
 * The {@code <subscription>} resource type and what follows a committed change: the checks of its notification
 * targets before it exists (a verification request, or the subscriber's NOTIFY privilege on a local target), the
 * subscriptions a change concerns, their notifications handed to the dispatcher, their {@code expirationCounter} and
 * notification statistics.
 */
package io.bastion.cse.subscription;
