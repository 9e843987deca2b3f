/**
 * Discovery (RETRIEVE with {@code fu}=1): filter criteria evaluated on stored resources, each result checked for the
 * DISCOVER privilege by the access control, paged by {@code ofst}, {@code lim} and the CSE's cap.
 */
package io.bastion.cse.discovery;
