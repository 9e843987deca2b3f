package io.bastion.security.certificate;

import javax.net.ssl.X509KeyManager;

/**
 * Where a TLS server's certificate chain and private key come from. A PKCS#12 file
 * ({@link Pkcs12ServerCredentials}) today; the secure-environment abstraction (TS-0016, PKCS#11) provides the same
 * without the key ever leaving the token.
 */
public interface ServerCredentials {

    /** The key manager JSSE uses to choose and use the server's key. */
    X509KeyManager keyManager();

    /** A line for the log naming the source and the certificate (never any secret). */
    String describe();
}
