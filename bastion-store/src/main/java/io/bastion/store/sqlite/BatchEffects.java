package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * What one batch changed, recorded while its SQL runs and applied to the caches only once the transaction
 * committed. Deletes come first, in the order the SQL ran them.
 */
final class BatchEffects {
    /** A row that is gone. */
    record Deleted(String ri, String pi, int ty, String path) {
    }

    /**
     * A row written: {@code created} when the ri was new, else the parent and type it had before (normally the
     * same ones); {@code jsonLength} is the length of the attribute text written (the resource's cache weight).
     */
    record Stored(Resource resource, boolean created, String oldPi, int oldTy, int jsonLength) {
    }

    final List<Deleted> deleted = new ArrayList<>();
    final List<Stored> stored = new ArrayList<>();
}
