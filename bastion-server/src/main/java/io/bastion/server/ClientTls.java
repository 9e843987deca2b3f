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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context the CSE consults DAS endpoints (and, until the Mcc transports come, its registrar) with over HTTPS ({@code das.trust}, {@code das.client-certificate}):
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
        return context(das.dasTrust(), das.dasClientCertificate(), serverKey, "das.trust", "das.client-certificate",
                "DAS consultations");
    }

    /**
     * A client context for TLS to another server (a DAS, a registrar): trust the CAs of the file {@code trust} (or the
     * JDK's defaults when null), and present the HTTPS door's key when {@code presentKey}; null when neither is asked
     * for. The setting names go into the messages.
     */
    static SSLContext context(Path trust, boolean presentKey, ServerCredentials serverKey, String trustSetting,
                              String keySetting, String purpose) {
        if (trust == null && !presentKey) {
            return null;
        }
        if (presentKey && serverKey == null) {
            throw new IllegalArgumentException(keySetting + "=https needs the HTTPS door's key: set "
                    + "https.keystore or https.pkcs11-config");
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(presentKey ? new KeyManager[] {serverKey.keyManager()} : null,
                    trust == null ? null : trustManagers(trust, trustSetting), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + purpose + ": " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path trust, String setting) throws GeneralSecurityException {
        List<X509Certificate> cas;
        try {
            cas = Certificates.parse(Files.readAllBytes(trust));
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + trust + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new IllegalArgumentException(setting + ": " + trust + ": " + e.getMessage());
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException(setting + ": " + trust + " holds no certificate");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf.getTrustManagers();
    }
}
