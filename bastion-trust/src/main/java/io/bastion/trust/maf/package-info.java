/**
 * The M2M Authentication Function (TS-0003 8.8): {@link io.bastion.trust.maf.MafServer} runs
 * {@link io.bastion.trust.maf.MafService}'s eight procedures over TLS-PSK with its clients' KmIDs.
 */
package io.bastion.trust.maf;
