package io.bastion.store;

/** A put would give a second resource a structured path that is already taken (a sibling with the same rn). */
public class PathConflictException extends RuntimeException {
    public PathConflictException(String path) {
        super("a resource already exists at " + path, null, false, false);
    }
}
