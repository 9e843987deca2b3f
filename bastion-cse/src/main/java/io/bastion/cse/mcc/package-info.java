/**
 * This CSE among other CSEs (the Mcc reference point): which registered CSE leads towards another CSE-ID
 * ({@link io.bastion.cse.mcc.NextHops}).
 */
package io.bastion.cse.mcc;
