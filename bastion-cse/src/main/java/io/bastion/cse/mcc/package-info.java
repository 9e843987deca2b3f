/**
 * This CSE among other CSEs (the Mcc reference point): which registered CSE leads towards another CSE-ID
 * ({@link io.bastion.cse.mcc.NextHops}), which CSE may hand over a request of which originator
 * ({@link io.bastion.cse.mcc.HandoverCheck}), and this CSE's registration with its registrar
 * ({@link io.bastion.cse.mcc.RegistrarLink}: attempts in the background with backoff, the two {@code <remoteCSE>}
 * resources, the {@code dcse} upkeep of a registrar that has a registrar, de-registration).
 */
package io.bastion.cse.mcc;
