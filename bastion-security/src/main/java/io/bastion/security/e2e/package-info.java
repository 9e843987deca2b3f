/**
 * End-to-End Security of Primitives (ESPrim, TS-0003 8.4, TS-0001 11.4.2): the {@code m2m:seci} record of the
 * end-to-end messages ({@link io.bastion.security.e2e.SecurityInfo}), the rand objects, the sessionESPrimKey
 * derivation of TS-0003 10.3.8 ({@link io.bastion.security.e2e.SessionKeyDerivation}), ESPrim objects as compact JWE
 * and both roles: {@link io.bastion.security.e2e.EsprimOriginator} (protect a request, open its response) and
 * {@link io.bastion.security.e2e.EsprimReceiver} (the checks of 8.4.2 C.6 in order, replay protection, protect the
 * response). Pairwise keys ({@link io.bastion.security.e2e.PairwiseKey}) come from a
 * {@link io.bastion.security.e2e.PairwiseKeyStore}. No CSE code: the CSE's receiver and the client library both use
 * this package.
 */
package io.bastion.security.e2e;
