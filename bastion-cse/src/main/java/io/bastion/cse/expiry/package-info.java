/** Reclaims expired resources with their subtrees in the background, and tells their subscribers. */
package io.bastion.cse.expiry;
