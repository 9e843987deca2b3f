package io.bastion.bench;

/** A scenario could not be prepared (the CSE did not start, or a setup request got an unexpected answer). */
final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SetupException(String message) {
        super(message);
    }
}
