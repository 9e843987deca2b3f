package io.bastion.security.esdata;

import java.util.List;

/**
 * An opened ESData envelope: the verified payload, who signed it (every signature made with a key or certificate the
 * reader trusts, TS-0003 8.5.2.3 C.3) and the key that decrypted it.
 *
 * @param payload the plaintext
 * @param signers the verified signatures, empty for encryption only
 * @param decryptedWith the {@code kid} of the key that decrypted it, null for signature only
 */
public record Opened(byte[] payload, List<Signer> signers, String decryptedWith) {
    public Opened {
        signers = List.copyOf(signers);
    }

    /** Whether it was encrypted. */
    public boolean encrypted() {
        return decryptedWith != null;
    }

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
