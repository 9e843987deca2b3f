package io.bastion.security.environment;

import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.credential.PreSharedKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A Secure Environment (SE) as seen through the Security Environment Abstraction Layer of TS-0016 (TS-0003 5.2,
 * 6.3): the security functions of the CSE get generic access to key storage and to the operations done with the
 * keys, and a plug-in per kind of environment provides the physical or logical link to it. Implementations:
 * {@link Pkcs12Environment} (a password-protected PKCS#12 file, protection level 1) and {@link Pkcs11Environment}
 * (a PKCS#11 token through the JDK's SunPKCS11 provider; SoftHSM is level 1, a hardware token higher).
 *
 * <p>The abstracted functions offered here are the ones the CSE needs: credential read (secure storage) of
 * pre-shared keys by identity, signature generation with a named private key, the certificate chain of a named key,
 * and random numbers. A private key never leaves the environment: {@link #sign} signs inside it, and TLS uses
 * {@link #keyManager(String)} so that JSSE signs through the environment's provider with a key handle. Key
 * derivation, encryption and on-board key generation (TS-0003 Annex L) are not offered yet. Pre-shared keys can be
 * stored and deleted too ({@link #storePresharedKey}), so that the PSK doors can take their keys from an environment
 * ({@code EnvironmentPskStore}); {@link #refresh()} lets a running CSE see what another process changed.
 *
 * <p>Every implementation is thread-safe. {@link #close()} logs out and releases the environment.
 */
public interface SecureEnvironment extends AutoCloseable {

    /** The protection level of the environment (TS-0003 Table 6.3.1-1). */
    ProtectionLevel protectionLevel();

    /** A line for the log naming the environment (never a secret). */
    String describe();

    /** The aliases of the private keys held. */
    Set<String> keyAliases();

    /**
     * The pre-shared key (Kpsa) provisioned for a KpsaID, looked up by its exact identity (see
     * {@link #pskAlias(String)}), or empty when there is none or the environment will not release it. A PSK is
     * needed in the clear by the TLS-PSK implementation, so only extractable secret keys are returned.
     */
    Optional<PreSharedKey> presharedKey(String identity);

    /**
     * Stores the pre-shared key of a KpsaID under {@link #pskAlias(String)}, replacing the key it had, so that
     * {@link #presharedKey} returns it. The key must stay readable by the CSE (see there): a PKCS#11 token keeps it as
     * an extractable generic secret, and when the token's configuration makes imported secret keys sensitive or
     * non-extractable the key is deleted again and this method refuses.
     *
     * @throws IllegalStateException when the environment refuses or cannot store the key, saying why (never the key)
     */
    void storePresharedKey(String identity, PreSharedKey key);

    /**
     * Deletes the pre-shared key of a KpsaID.
     *
     * @return whether there was one
     * @throws IllegalStateException when the environment cannot delete it
     */
    boolean deletePresharedKey(String identity);

    /**
     * Makes what another process stored, replaced or deleted visible here: a file environment re-reads its file when
     * the file changed (otherwise this costs one look at its attributes); a token lists its objects again.
     *
     * @return whether what the environment holds may have changed
     * @throws IllegalStateException when the environment can no longer be read; it then holds nothing until a later
     *         refresh succeeds
     */
    boolean refresh();

    /**
     * Signs {@code data} inside the environment with the private key {@code keyAlias}.
     *
     * @param algorithm a JCA signature algorithm such as {@code SHA256withECDSA} or {@code SHA256withRSA}
     * @throws IllegalArgumentException when there is no such key or the algorithm does not fit it
     */
    byte[] sign(String keyAlias, String algorithm, byte[] data);

    /** The public key of the key pair {@code keyAlias} (from its certificate), for verifying. */
    PublicKey publicKey(String keyAlias);

    /**
     * The certificate chain of the private key {@code keyAlias}, end entity first.
     *
     * @throws IllegalArgumentException when there is no such key or it has no certificate
     */
    List<X509Certificate> certificateChain(String keyAlias);

    /**
     * A key manager that offers exactly the key {@code keyAlias} to JSSE. JSSE signs the handshake through the
     * environment's provider; the key manager holds a handle, never the key material of a PKCS#11 token.
     */
    X509ExtendedKeyManager keyManager(String keyAlias);

    /** {@link #keyManager(String)} wrapped in a {@link KeyManagerFactory}, for APIs that want a factory. */
    default KeyManagerFactory keyManagerFactory(String keyAlias) {
        return SingleKeyManager.factory(keyManager(keyAlias));
    }

    /** TLS server credentials from the key {@code keyAlias}. */
    default ServerCredentials serverCredentials(String keyAlias) {
        X509ExtendedKeyManager km = keyManager(keyAlias);
        X509Certificate cert = certificateChain(keyAlias).get(0);
        String line = describe() + " key '" + keyAlias + "': " + cert.getSubjectX500Principal().getName()
                + " sha256=" + io.bastion.security.certificate.Certificates.fingerprint(cert);
        return new ServerCredentials() {
            @Override
            public javax.net.ssl.X509KeyManager keyManager() {
                return km;
            }

            @Override
            public String describe() {
                return line;
            }
        };
    }

    /** {@code count} random bytes from the environment's random number generator. */
    byte[] randomBytes(int count);

    /** Logs out of the environment and releases it; later calls fail. */
    @Override
    void close();

    /**
     * The key-store alias under which the PSK of a KpsaID is stored: {@code psk-} followed by the hexadecimal UTF-8
     * bytes of the identity. PKCS#12 aliases are not case-sensitive and KpsaIDs are, so the identity is encoded.
     */
    static String pskAlias(String identity) {
        return "psk-" + java.util.HexFormat.of().formatHex(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
