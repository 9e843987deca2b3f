/**
 * TS-0009's HTTP mapping that the CSE's HTTP door and every HTTP originator share, with no HTTP stack of its own:
 * the {@code X-M2M-*} field names ({@link io.bastion.core.http.M2mFields}), the request-target and its reverse
 * ({@link io.bastion.core.http.TargetPath}, {@link io.bastion.core.http.PercentDecoding}), the originator's side
 * (a request primitive as an HTTP request, the answer as a response primitive: {@link io.bastion.core.http.HttpMapping})
 * and the bounded body collector for the JDK HTTP client ({@link io.bastion.core.http.BoundedBody}). The server's
 * outgoing clients (bastion-bindings) and the client library (bastion-client) both use it, so that the mapping
 * exists once.
 */
package io.bastion.core.http;
