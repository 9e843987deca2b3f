/**
 * The CoAP door (TS-0008): plain CoAP over UDP and CoAP over DTLS 1.2 with pre-shared keys (TS-0003 10.2.2) and,
 * when the server has a key, certificates, Node-ID certificates and raw public keys (8.2.2.2, 10.2.3), on Eclipse
 * Californium and Scandium. Every request goes to the CSE's {@link io.bastion.core.binding.RequestProcessor};
 * nothing about resources lives here.
 */
package io.bastion.bindings.coap;
