/**
 * Connects the DAS wire records of {@code io.bastion.security.dynamic} to the store and to a request: which
 * {@code <dynamicAuthorizationConsultation>} resources apply to a target, the consultation of their Dynamic
 * Authorization Servers through a {@link io.bastion.cse.dynamic.DasClient} (the HTTP one is a client of the bindings),
 * a circuit breaker per DAS, and the grants and refusals remembered until they lapse.
 */
package io.bastion.cse.dynamic;
