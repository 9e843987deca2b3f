/**
 * Request and response primitives as one serialized object (TS-0004 clause 8: {@code m2m:rqp}, {@code m2m:rsp},
 * short names of tables 6.4.1-1 and 6.4.2-1), as the bindings that carry whole primitives (MQTT, TS-0010 6.5;
 * WebSocket, TS-0020) send and receive them. Pure mapping: no I/O, no codec; the binding picks the serialization.
 */
package io.bastion.core.wire;
