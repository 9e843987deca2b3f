package io.bastion.cse.resource;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by resource ID: writes that touch the same parent (a container and its instances) are
 * serialized, unrelated writes proceed in parallel and share the store's group commit.
 */
public final class ResourceLocks {
    private static final int STRIPES = 256;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public ResourceLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public void lock(String ri) {
        stripe(ri).lock();
    }

    public void unlock(String ri) {
        stripe(ri).unlock();
    }

    private ReentrantLock stripe(String ri) {
        return stripes[(ri.hashCode() & 0x7fffffff) % STRIPES];
    }
}
