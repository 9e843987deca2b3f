/**
 * The engine's settings as the operator gives them, as plain records: the identity and policies of the CSE
 * ({@link io.bastion.cse.config.CseConfig}), which doors need a security association
 * ({@link io.bastion.cse.config.DoorPolicy}), result limits, how Dynamic Authorization Servers are consulted and how
 * notifications are dispatched. Depends on no other package of the engine, so every feature package may read it.
 */
package io.bastion.cse.config;
