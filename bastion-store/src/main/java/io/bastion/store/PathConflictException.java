package io.bastion.store;

/** A put would give a second resource a structured path that is already taken (a sibling with the same rn). */
public class PathConflictException extends RuntimeException {
    public PathConflictException(String path) {
        super("a resource already exists at " + path, null, false, false);
    }

    /** A conflict on another unique key than the path ({@link SiblingKeyConflictException}). */
    protected PathConflictException(String message, boolean otherKey) {
        super(message, null, false, false);
    }
}
