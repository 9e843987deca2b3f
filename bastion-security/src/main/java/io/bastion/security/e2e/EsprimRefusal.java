package io.bastion.security.e2e;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;

/**
 * An ESPrim object refused by one of the checks of TS-0003 8.4.2 C.6/C.11 or 7.2.2, with its status code (see
 * {@link EsprimReceiver} for the mapping) and one line that names the check; never a key or plaintext. {@code keyId}
 * is the {@code kid} when the object named one, for the audit line.
 */
public final class EsprimRefusal extends OneM2MException {
    private final String keyId;

    public EsprimRefusal(ResponseStatusCode status, String message, String keyId) {
        super(status, message);
        this.keyId = keyId;
    }

    /** The pairwiseESPrimKeyID the object named, or null. */
    public String keyId() {
        return keyId;
    }
}
