package io.bastion.store;

import io.bastion.core.resource.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where resources live. Reads of hot resources are served from a parsed-resource cache; every write is a
 * {@link WriteBatch} applied in one transaction and durable when {@link #write} returns.
 */
public interface ResourceStore extends AutoCloseable {

    Optional<Resource> get(String ri);

    /** By structured CSE-relative path, e.g. {@code cse-in/ae1/cnt1}. */
    Optional<Resource> getByPath(String path);

    /** Children of {@code pi} in creation order, of one type when {@code ty} is not null. */
    List<Resource> children(String pi, Integer ty);

    /** The most recently created child of the given type ({@code la}). */
    Optional<Resource> latestChild(String pi, int ty);

    /** The oldest child of the given type ({@code ol}). */
    Optional<Resource> oldestChild(String pi, int ty);

    /**
     * The child of {@code pi} whose sibling key ({@code ResourceType#siblingKeyOf}) is {@code key}, e.g. the
     * timeSeriesInstance with a given {@code dgt}.
     */
    Optional<Resource> childByKey(String pi, String key);

    /** Whether a child of {@code pi} has a sibling key between {@code low} and {@code high}, both included. */
    boolean hasChildKeyBetween(String pi, String low, String high);

    /** The IDs of every descendant of {@code ri} (not including it), deepest first. */
    List<String> descendants(String ri);

    /**
     * Applies the batch atomically: all puts and deletes or none. Returns when the transaction is committed and
     * will survive a process crash. A put whose path already belongs to another resource fails with
     * {@link PathConflictException}, one whose sibling key another child of its parent has with
     * {@link SiblingKeyConflictException}, and nothing is written.
     */
    void write(WriteBatch batch);

    /**
     * Visits resources below {@code query.rootPath()} matching the store-evaluable conditions, in creation order,
     * until the visitor returns false.
     */
    void discover(DiscoveryQuery query, Predicate<Resource> visitor);

    /** Resources whose expiry is at or before {@code now}, at most {@code limit}. */
    List<Resource> expired(Instant now, int limit);

    /** Number of stored resources (for tests and metrics). */
    long count();

    @Override
    void close();
}
