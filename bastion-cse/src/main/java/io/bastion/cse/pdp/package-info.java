/**
 * Distributed authorization (TS-0003 7.5; TS-0001 9.6.41-9.6.43; TS-0004 7.4.43-7.4.45): the decision, policy
 * retrieval and information points bound to {@code <authorizationDecision>}, {@code <authorizationPolicy>} and
 * {@code <authorizationInformation>} on every Bastion CSE ({@link DecisionPoint}, {@link PolicyRetrievalPoint},
 * {@link InformationPoint}), the client that asks them here or on another CSE ({@link AuthorizationPoints}) and the
 * enforcement point that asks the PDPs an ACP names in {@code adri} when the policies deny ({@link EnforcementPoint}).
 */
package io.bastion.cse.pdp;
