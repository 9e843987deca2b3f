/**
 * End-to-end security for AEs (TS-0003 clause 8) over bastion-security's engines, with a {@link
 * io.bastion.client.CseClient} as the transport: {@link io.bastion.client.e2e.EsPrim} sends requests protected by
 * ESPrim and answers them ({@link io.bastion.client.e2e.EsPrimResponder}), {@link io.bastion.client.e2e.EsData}
 * writes and reads protected content, {@link io.bastion.client.e2e.EsCertKe} establishes pairwise keys with
 * certificates. No cryptography is written here: the engines do it.
 */
package io.bastion.client.e2e;
