package io.bastion.store;

/**
 * The store could not do what was asked (I/O error, corrupt file, closed store). The CSE answers 5000
 * INTERNAL_SERVER_ERROR; the message is safe to show a client because the details (SQL, file names) are only logged.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message, null, false, false);
    }
}
