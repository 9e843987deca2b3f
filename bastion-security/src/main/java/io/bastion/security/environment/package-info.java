/**
 * The secure environment abstraction of TS-0016 (TS-0003 5.2, 6.3): {@link
 * io.bastion.security.environment.SecureEnvironment} over a PKCS#12 file or a PKCS#11 token, with the protection
 * levels of TS-0003 Table 6.3.1-1, and {@link io.bastion.security.environment.EnvironmentPskStore}, the PSK store
 * whose keys such an environment holds.
 */
package io.bastion.security.environment;
