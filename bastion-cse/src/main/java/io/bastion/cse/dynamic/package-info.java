/**
 * Connects the DAS wire records of {@code io.bastion.security.dynamic} to the store and to a request: which
 * {@code <dynamicAuthorizationConsultation>} resources apply to a target, the fallback after the policies deny
 * ({@link io.bastion.cse.dynamic.DynamicFallback}: the indirect flow's Token Request Information, or the consultation
 * of their Dynamic Authorization Servers through a {@link io.bastion.cse.dynamic.DasClient}, the HTTP one a client of
 * the bindings), a circuit breaker per DAS, and the grants and refusals remembered until they lapse.
 */
package io.bastion.cse.dynamic;
