/**
 * The HTTP door (TS-0009): {@link io.bastion.bindings.http.HttpBinding} serves oneM2M over HTTP/1.1 and
 * {@link io.bastion.bindings.http.HttpNotificationTransport} delivers notifications to HTTP receivers; the CSE consults
 * Dynamic Authorization Servers through {@link io.bastion.bindings.http.HttpDasClient}. Bodies read from those peers
 * are bounded ({@link io.bastion.core.http.BoundedBody}).
 *
 * <p>Request side choices: a POST is CREATE when its Content-Type carries {@code ty=}, else NOTIFY; a body on GET
 * or DELETE is ignored; X-M2M-RI is mandatory; unknown query parameters and repeated X-M2M headers are refused
 * with 4000; bodies over the configured limit get 4000 and the connection closes. Processing always happens on
 * the worker executor, and responses leave each connection in request order.
 */
package io.bastion.bindings.http;
