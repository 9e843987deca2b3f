/**
 * The {@code <subscription>} resource type and what follows a committed change: the subscriptions it concerns, their
 * notifications handed to the dispatcher, their {@code expirationCounter} and notification statistics.
 */
package io.bastion.cse.subscription;
