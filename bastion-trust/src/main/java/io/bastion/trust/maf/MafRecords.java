package io.bastion.trust.maf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.TrustEnablingTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.SecureEnvironment;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The MAF's durable state: the {@code <MAFBase>}, {@code <mafClientReg>} and {@code <symmKeyReg>} records as resources
 * of types 9001–9003 ({@link TrustEnablingTypes}) in the project's resource store (SQLite in WAL mode: a write that
 * returned survives {@code kill -9}), and each key value in a secure environment (TS-0003 6.3) under the key's
 * RelativeKeyID, never in the store. A key is written to the environment before its record and removed after it, so
 * that no record is ever served without its key. Thread-safe.
 */
final class MafRecords implements AutoCloseable {
    /** The resourceName, resourceID and path of the {@code <MAFBase>}. */
    static final String BASE = "maf";

    private final ResourceStore store;
    private final SecureEnvironment keys;

    MafRecords(ResourceStore store, SecureEnvironment keys, Instant now) {
        this.store = store;
        this.keys = keys;
        if (store.get(BASE).isEmpty()) {
            ObjectNode a = JsonNodeFactory.instance.objectNode();
            a.put("ty", TrustEnablingTypes.MAF_BASE).put("ri", BASE).put("rn", BASE).put("ct", Timestamps.format(now))
                    .put("lt", Timestamps.format(now));
            store.write(new WriteBatch().create(new Resource(BASE, null, TrustEnablingTypes.MAF_BASE, BASE, a, null,
                    null)));
        }
    }

    /** A record below the MAFBase by resourceName (mafClientRegID or RelativeKeyID), expired ones included. */
    Optional<Resource> get(String rn) {
        return store.getByPath(BASE + "/" + rn);
    }

    List<Resource> all(int ty) {
        return store.children(BASE, ty);
    }

    /** A new record, with the key value of a {@code <symmKeyReg>} ({@code key} null for a client registration). */
    void create(Resource r, PreSharedKey key) {
        if (key != null) {
            keys.storePresharedKey(r.rn(), key);
        }
        try {
            store.write(new WriteBatch().create(r));
        } catch (RuntimeException e) {
            if (key != null) {
                keys.deletePresharedKey(r.rn());
            }
            throw e;
        }
    }

    void update(Resource r) {
        store.write(new WriteBatch().put(r));
    }

    void delete(Resource r) {
        store.write(new WriteBatch().delete(r));
        if (r.ty() == TrustEnablingTypes.SYMM_KEY_REG) {
            keys.deletePresharedKey(r.rn());
        }
    }

    /** The key value of a {@code <symmKeyReg>}. */
    Optional<PreSharedKey> keyOf(String relativeKeyId) {
        return keys.presharedKey(relativeKeyId);
    }

    static Resource record(int ty, String rn, ObjectNode attrs, String creator, Instant expiry) {
        attrs.put("ty", ty).put("ri", rn).put("rn", rn).put("pi", BASE);
        return new Resource(rn, BASE, ty, BASE + "/" + rn, attrs, creator, expiry);
    }

    @Override
    public void close() {
        store.close();
        keys.close();
    }
}
