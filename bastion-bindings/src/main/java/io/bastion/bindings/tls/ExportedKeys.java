package io.bastion.bindings.tls;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keying material exported (RFC 5705) from each open TLS-PSK connection of a door with one label, by the connection's
 * remote address, for a service whose procedure derives a key from the session it arrived on (the MAF's Key
 * Registration without a Key Value, TS-0003 8.8.2.7 and 10.3.1: {@code EXPORTER-oneM2M-Connection}, 48 bytes). A
 * connection's entry exists from its handshake's completion to its closing, is handed out as copies and is zeroed when
 * the connection closes. Never printed. Thread-safe.
 */
public final class ExportedKeys {
    private final String label;
    private final int length;
    private final Map<SocketAddress, byte[]> open = new ConcurrentHashMap<>();

    /**
     * @param label the exporter label, e.g. {@code EXPORTER-oneM2M-Connection}
     * @param length how many bytes to export
     */
    public ExportedKeys(String label, int length) {
        this.label = Objects.requireNonNull(label, "label");
        if (length < 16 || length > 255) {
            throw new IllegalArgumentException("export 16..255 bytes, not " + length);
        }
        this.length = length;
    }

    public String label() {
        return label;
    }

    public int length() {
        return length;
    }

    /** A copy of what the connection from {@code remote} exported, or empty when it has none (closed, another door). */
    public Optional<byte[]> of(SocketAddress remote) {
        byte[] k = remote == null ? null : open.get(remote);
        return k == null ? Optional.empty() : Optional.of(k.clone());
    }

    void opened(SocketAddress remote, byte[] exported) {
        byte[] old = open.put(remote, exported);
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
    }

    void closed(SocketAddress remote) {
        byte[] k = open.remove(remote);
        if (k != null) {
            Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ExportedKeys[" + label + ", " + open.size() + " open]";
    }
}
