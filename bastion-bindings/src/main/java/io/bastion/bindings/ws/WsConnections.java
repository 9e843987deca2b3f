package io.bastion.bindings.ws;

import io.bastion.core.id.IdForms;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which open WebSocket connection each AE is reached on (TS-0020 6.4: after registration "the WebSocket Server shall
 * enable routing of any incoming oneM2M primitives to this registree"). A connection becomes an AE's when the CSE
 * answered a request of that AE on it with success: its registration (the AE-ID of the created {@code <AE>}) or any
 * request whose {@code fr} the CSE's authentication stage accepted from that connection's credential, so only a
 * connection that could speak for the AE receives its notifications. TS-0020 5.2 allows one connection between two
 * nodes: the latest one an AE proved itself on replaces the former; closing removes it.
 */
public final class WsConnections {
    private final IdForms ids;
    private final ConcurrentHashMap<String, WsConnection> byAe = new ConcurrentHashMap<>();

    /** @param ids this CSE's SP-ID and CSE-ID, to compare AE-IDs in any of their forms */
    public WsConnections(IdForms ids) {
        this.ids = ids;
    }

    /** The AE-ID in the form connections are kept under, or null when {@code id} is no AE-ID of this CSE's AEs. */
    String key(String id) {
        String n = ids.normalize(id);
        return n != null && IdForms.isAeIdStem(n) ? n : null;
    }

    void bind(String aeId, WsConnection c) {
        String k = key(aeId);
        if (k != null && byAe.put(k, c) != c) {
            c.bound(k);
        }
    }

    void unbind(String key, WsConnection c) {
        byAe.remove(key, c);
    }

    /** The connection the AE is reached on now, or null. */
    WsConnection of(String aeId) {
        String k = key(aeId);
        return k == null ? null : byAe.get(k);
    }

    /** How many AEs are reachable over a WebSocket connection now. */
    public int size() {
        return byAe.size();
    }
}
