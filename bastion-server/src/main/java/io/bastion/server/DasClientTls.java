package io.bastion.server;

import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.ServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context the CSE consults DAS endpoints with over HTTPS ({@code das.trust}, {@code das.client-certificate}):
 * the JDK's PKIX trust manager over the CAs of {@code das.trust} (read once, at start), and the HTTPS door's key
 * manager as the client certificate, so that a key on a PKCS#11 token signs the handshake on the token. The JDK HTTP
 * client checks the DAS's host name against its certificate whatever the context.
 */
final class DasClientTls {
    private DasClientTls() {
    }

    /**
     * The context, or null when neither key is set (the JDK's defaults then apply).
     *
     * @param serverKey the HTTPS door's credentials, or null when none are configured
     * @throws IllegalArgumentException when {@code das.trust} holds no usable certificate, or a client certificate is
     *         asked for without a server key
     */
    static SSLContext context(DynamicAuthorizationConfig das, ServerCredentials serverKey) {
        if (das.dasTrust() == null && !das.dasClientCertificate()) {
            return null;
        }
        if (das.dasClientCertificate() && serverKey == null) {
            throw new IllegalArgumentException("das.client-certificate=https needs the HTTPS door's key: set "
                    + "https.keystore or https.pkcs11-config");
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(das.dasClientCertificate() ? new KeyManager[] {serverKey.keyManager()} : null,
                    das.dasTrust() == null ? null : trustManagers(das), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for DAS consultations: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(DynamicAuthorizationConfig das) throws GeneralSecurityException {
        List<X509Certificate> cas;
        try {
            cas = Certificates.parse(Files.readAllBytes(das.dasTrust()));
        } catch (IOException e) {
            throw new IllegalArgumentException("das.trust: cannot read " + das.dasTrust() + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("das.trust: " + das.dasTrust() + ": " + e.getMessage());
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("das.trust: " + das.dasTrust() + " holds no certificate");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("das-ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf.getTrustManagers();
    }
}
