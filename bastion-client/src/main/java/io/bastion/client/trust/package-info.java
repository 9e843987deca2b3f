/**
 * The device side of the trust-enabling functions of TS-0003: {@link io.bastion.client.trust.PskChannel} (a TLS 1.2
 * PSK session carrying HTTP/1.1, TS-0009) and {@link io.bastion.client.trust.MafClient} (the MAF Client of 8.8.2),
 * whose keys then open a {@link io.bastion.client.CseClient} over TLS-PSK. Keys never appear in {@code toString()},
 * exceptions or logs.
 */
package io.bastion.client.trust;
