package io.bastion.bindings.ws;

import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import java.util.List;

/**
 * The oneM2M WebSocket subprotocols of TS-0020 table 6.2.2.9-1: the serialization of every primitive on the
 * connection and the frame type that carries it (text for JSON and XML, binary for CBOR).
 */
enum Subprotocol {
    JSON("oneM2M.json", Serialization.JSON, false),
    XML("oneM2M.xml", Serialization.XML, false),
    CBOR("oneM2M.cbor", Serialization.CBOR, true);

    /** The registered name, as the handshake carries it. */
    final String protocolName;
    final Serialization serialization;
    /** Whether its primitives travel in binary frames (opcode 0x2) rather than text frames (0x1). */
    final boolean binary;

    Subprotocol(String protocolName, Serialization serialization, boolean binary) {
        this.protocolName = protocolName;
        this.serialization = serialization;
        this.binary = binary;
    }

    /** The subprotocol a registered name stands for, or null. Names are compared exactly, as RFC 6455 4.1 tokens. */
    static Subprotocol named(String name) {
        for (Subprotocol s : values()) {
            if (s.protocolName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The first of the client's offers, in its order of preference (TS-0020 6.2.2.7), that this CSE serves with
     * {@code codecs}; null when none is. {@code offers} are the values of every {@code Sec-WebSocket-Protocol} field,
     * each a comma-separated list.
     */
    static Subprotocol choose(List<String> offers, Codecs codecs) {
        for (String field : offers) {
            for (String name : field.split(",")) {
                Subprotocol s = named(name.trim());
                if (s != null && codecs.forSerialization(s.serialization) != null) {
                    return s;
                }
            }
        }
        return null;
    }
}
