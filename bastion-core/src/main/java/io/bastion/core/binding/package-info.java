/**
 * What the doors and the engine share without depending on each other (DESIGN.md section 2): a door hands requests
 * to a {@link io.bastion.core.binding.RequestProcessor} (the CSE, or a trust server), and the engine sends
 * notifications through a {@link io.bastion.core.binding.NotificationTransport} and requests to other CSEs (the Mcc)
 * through a {@link io.bastion.core.binding.RequestTransport}, both implemented by a binding.
 */
package io.bastion.core.binding;
