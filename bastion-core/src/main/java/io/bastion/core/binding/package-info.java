/**
 * What the doors and the engine share without depending on each other (DESIGN.md section 2): a door hands requests
 * to a {@link io.bastion.core.binding.RequestProcessor} (the CSE, or a trust server), and the engine sends
 * notifications through a {@link io.bastion.core.binding.NotificationTransport} that a binding implements.
 */
package io.bastion.core.binding;
