/**
 * The client library for AE and device developers: {@link io.bastion.client.CseClient}, an AE's connection to its
 * CSE over HTTP or HTTPS (TS-0009), with {@link io.bastion.client.Result} for answers, {@link
 * io.bastion.client.CseException} carrying the oneM2M code of a failure, {@link io.bastion.client.Filter} for
 * discovery and {@link io.bastion.client.Tls} for what HTTPS trusts and presents. It depends on bastion-core (the
 * primitives, codecs and TS-0009 mapping the CSE itself uses) and bastion-security (the end-to-end engines behind
 * {@code io.bastion.client.e2e}), never on server code. {@code io.bastion.client.trust} holds the TLS-PSK session
 * ({@link io.bastion.client.CseClient.Builder#psk}) and the MAF Client.
 */
package io.bastion.client;
