package io.bastion.security.credential;

import java.util.Optional;

/** Where the TLS-PSK / DTLS-PSK doors look up a client's {@code psk_identity} (KpsaID). Thread-safe. */
public interface PskStore {

    /** The credential for a KpsaID, or empty when none is provisioned (the handshake must then fail). */
    Optional<PskCredential> lookup(String identity);
}
