package io.bastion.server;

import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.ServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the CSE's HTTPS clients (DAS consultations: {@code das.trust}, {@code das.client-certificate};
 * the registrar: {@code registrar.trust}, {@code registrar.client-certificate}): the JDK's PKIX trust manager over the
 * CAs of the trust file (read once, at start), and the HTTPS door's key manager as the client certificate, so that a
 * key on a PKCS#11 token signs the handshake on the token. The JDK HTTP client checks the peer's host name against
 * its certificate whatever the context.
 */
final class ClientTls {
    private ClientTls() {
    }

    /** The context for DAS consultations, or null when neither key is set (the JDK's defaults then apply). */
    static SSLContext context(DynamicAuthorizationConfig das, ServerCredentials serverKey) {
        return context("das", das.dasTrust(), das.dasClientCertificate(), serverKey);
    }

    /**
     * The context, or null when neither a trust file nor a client certificate is asked for.
     *
     * @param prefix the settings' prefix ({@code das}, {@code registrar}), for messages
     * @param trust the CA file the peer's certificate must chain to, or null for the JDK's default trust
     * @param clientCertificate whether to present the HTTPS door's key
     * @param serverKey the HTTPS door's credentials, or null when none are configured
     * @throws IllegalArgumentException when the trust file holds no usable certificate, or a client certificate is
     *         asked for without a server key
     */
    static SSLContext context(String prefix, Path trust, boolean clientCertificate, ServerCredentials serverKey) {
        if (trust == null && !clientCertificate) {
            return null;
        }
        if (clientCertificate && serverKey == null) {
            throw new IllegalArgumentException(prefix + ".client-certificate=https needs the HTTPS door's key: set "
                    + "https.keystore or https.pkcs11-config");
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(clientCertificate ? new KeyManager[] {serverKey.keyManager()} : null,
                    trust == null ? null : trustManagers(prefix, trust), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + prefix + ": " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(String prefix, Path trust) throws GeneralSecurityException {
        return trustFactory0(prefix, trust).getTrustManagers();
    }

    /**
     * The PKIX trust over the CAs of {@code trust} as a factory (for clients that take one, such as MQTT's).
     *
     * @throws IllegalArgumentException when the file holds no usable certificate
     */
    static TrustManagerFactory trustFactory(String prefix, Path trust) {
        try {
            return trustFactory0(prefix, trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + prefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * The HTTPS door's key as a key manager factory (for clients that take one): it hands out the one key manager,
     * so that a key on a PKCS#11 token signs on the token.
     */
    static KeyManagerFactory keyFactory(ServerCredentials serverKey) {
        return io.bastion.security.environment.SingleKeyManager.factory(serverKey.keyManager());
    }

    private static TrustManagerFactory trustFactory0(String prefix, Path trust) throws GeneralSecurityException {
        String key = prefix + ".trust";
        List<X509Certificate> cas;
        try {
            cas = Certificates.parse(Files.readAllBytes(trust));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + trust + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new IllegalArgumentException(key + ": " + trust + ": " + e.getMessage());
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException(key + ": " + trust + " holds no certificate");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry(prefix + "-ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf;
    }
}
