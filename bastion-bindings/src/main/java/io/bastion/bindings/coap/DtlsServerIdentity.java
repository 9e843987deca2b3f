package io.bastion.bindings.coap;

import io.bastion.security.certificate.ServerCredentials;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.CertificateIdentityResult;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite.CertificateKeyAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.californium.scandium.dtls.x509.CertificateProvider;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * The {@code coaps} door's own certificate chain and private key, taken once from the server's key manager (a
 * PKCS#12 keystore, or a PKCS#11 token whose key is a handle that signs on the token), presented as an X.509 chain or,
 * to a client that asks for it (RFC 7250), as the raw public key of its end-entity certificate.
 *
 * <p>Scandium's own key-manager provider checks the key pair at start-up with {@code NONEwithECDSA}, which the JDK's
 * PKCS#11 provider does not offer for a token key, and so refuses a token key that works in the handshake. This one
 * checks the pair with {@code SHA256withECDSA}, the signature TS-0003 10.1.1.3 uses, on a fresh {@link Signature} so
 * that the token's provider is chosen for a token key.
 */
final class DtlsServerIdentity implements CertificateProvider {
    private static final List<CertificateType> TYPES = List.of(CertificateType.X_509, CertificateType.RAW_PUBLIC_KEY);

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private DtlsServerIdentity(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain;
    }

    /**
     * The EC key of {@code credentials}.
     *
     * @throws IllegalArgumentException when it holds no EC key with a certificate, or the key does not sign for the
     *         certificate's public key
     */
    static DtlsServerIdentity of(ServerCredentials credentials) {
        X509KeyManager km = credentials.keyManager();
        String[] aliases = km.getServerAliases("EC", null);
        if (aliases == null || aliases.length == 0) {
            throw new IllegalArgumentException("the server key (" + credentials.describe() + ") is not an EC key");
        }
        X509Certificate[] chain = km.getCertificateChain(aliases[0]);
        PrivateKey key = km.getPrivateKey(aliases[0]);
        if (chain == null || chain.length == 0 || key == null) {
            throw new IllegalArgumentException("the server key (" + credentials.describe() + ") has no certificate");
        }
        checkPair(key, chain[0], credentials.describe());
        return new DtlsServerIdentity(key, List.of(chain));
    }

    private static void checkPair(PrivateKey key, X509Certificate cert, String what) {
        byte[] probe = "bastion coaps key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new IllegalArgumentException("the server key (" + what + ") does not belong to its certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the server key (" + what + ") cannot sign with SHA256withECDSA: "
                    + e.getMessage(), e);
        }
    }

    /** The end-entity certificate presented. */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /** The private key (a handle for a token key), for {@link DtlsSigningThreads}. */
    PrivateKey privateKey() {
        return key;
    }

    @Override
    public List<CertificateKeyAlgorithm> getSupportedCertificateKeyAlgorithms() {
        return List.of(CertificateKeyAlgorithm.EC);
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return TYPES;
    }

    @Override
    public CertificateIdentityResult requestCertificateIdentity(ConnectionId cid, boolean client,
                                                                List<X500Principal> issuers,
                                                                ServerNames serverNames,
                                                                List<CertificateKeyAlgorithm> keyAlgorithms,
                                                                List<SignatureAndHashAlgorithm> signatures,
                                                                List<SupportedGroup> curves) {
        boolean fits = (keyAlgorithms == null || keyAlgorithms.contains(CertificateKeyAlgorithm.EC))
                && (curves == null || curves.contains(SupportedGroup.secp256r1))
                && (signatures == null || signatures.contains(SignatureAndHashAlgorithm.SHA256_WITH_ECDSA));
        // no identity: Scandium ends the handshake with handshake_failure
        return fits ? new CertificateIdentityResult(cid, key, chain) : new CertificateIdentityResult(cid);
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // results are always returned synchronously
    }
}
