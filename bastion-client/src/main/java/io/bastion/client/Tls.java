package io.bastion.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the client trusts and presents on HTTPS (TS-0003 10.2.2: the CSE's certificate must chain to a CA the AE
 * trusts; the AE may present its own certificate, whose AE-ID the CSE binds to the originator). Only the named CAs are
 * trusted, not the JDK's default set: a CSE is the operator's, not a public web site. The JDK HTTP client checks the
 * CSE's host name against its certificate. TLS-PSK is not offered: the JDK's TLS has no PSK suites, and Bouncy
 * Castle's TLS would make this small library several megabytes larger; an AE with a PSK uses a CSE's TLS-PSK door
 * through its own TLS stack.
 */
public final class Tls {
    private final List<X509Certificate> anchors;
    private final KeyManager[] keys;

    private Tls(List<X509Certificate> anchors, KeyManager[] keys) {
        this.anchors = List.copyOf(anchors);
        this.keys = keys;
    }

    /** Trusts the CA certificates of a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). */
    public static Tls trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            List<X509Certificate> cas = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                cas.add((X509Certificate) c);
            }
            if (cas.isEmpty()) {
                throw new IllegalArgumentException(caPem + " holds no certificate");
            }
            return new Tls(cas, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA certificates of " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** Trusts these CA certificates. */
    public static Tls trusting(X509Certificate... cas) {
        if (cas.length == 0) {
            throw new IllegalArgumentException("at least one CA certificate is needed");
        }
        return new Tls(List.of(cas), null);
    }

    /** Also presents the key and certificate chain of a PKCS#12 file (its one key entry) as client certificate. */
    public Tls withClientCertificate(Path pkcs12, char[] password) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return new Tls(anchors, kmf.getKeyManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the client key of " + pkcs12 + ": " + e.getMessage(), e);
        }
    }

    /** Also presents this key and chain (leaf first) as client certificate, e.g. a MEF-provisioned one. */
    public Tls withClientKey(PrivateKey key, List<X509Certificate> chain) {
        try {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, pw, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return new Tls(anchors, kmf.getKeyManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the client key: " + e.getMessage(), e);
        }
    }

    /** The TLS context: these anchors only, and the client key when one was given. */
    SSLContext context() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                trust.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
