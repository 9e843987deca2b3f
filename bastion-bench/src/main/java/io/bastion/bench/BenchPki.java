package io.bastion.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The bench's own small PKI, made fresh for each run: a P-256 root CA, the CSE's server certificate (subjectAltName
 * DNS {@code localhost} and IP {@code 127.0.0.1}) and a client certificate, all ECDSA with SHA-256 as the
 * certificate profile of TS-0003 10.1.1 asks; plus the PKCS#12 keystore of the server and the client's TLS context.
 */
final class BenchPki {

    /** The name the client connects to and checks the server certificate against. */
    static final String SERVER_NAME = "localhost";

    /** A certificate and its private key. */
    record Issued(X509Certificate cert, PrivateKey key) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final Issued ca;
    final Issued server;
    final Issued client;

    private BenchPki(Issued ca, Issued server, Issued client) {
        this.ca = ca;
        this.server = server;
        this.client = client;
    }

    static BenchPki create() {
        KeyPair caKeys = p256();
        X500Principal caName = new X500Principal("CN=Bastion bench CA");
        Issued ca = new Issued(sign(caName, caName, caKeys, caKeys.getPrivate(), true, null), caKeys.getPrivate());
        KeyPair serverKeys = p256();
        GeneralNames serverSans = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, SERVER_NAME), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        Issued server = new Issued(sign(new X500Principal("CN=" + SERVER_NAME), caName, serverKeys, caKeys.getPrivate(),
                false, serverSans), serverKeys.getPrivate());
        // No AE-ID in the client certificate: the CLI binds its Credential-ID to the AE-ID (cert bind).
        KeyPair clientKeys = p256();
        Issued client = new Issued(sign(new X500Principal("CN=bench-reader"), caName, clientKeys,
                caKeys.getPrivate(), false, null), clientKeys.getPrivate());
        return new BenchPki(ca, server, client);
    }

    /** Writes the server's key and chain (certificate, CA) to a PKCS#12 file protected by {@code password}. */
    void writeServerKeystore(Path file, char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", server.key(), password, new X509Certificate[] {server.cert(), ca.cert()});
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the server keystore", e);
        }
    }

    /**
     * Writes a fresh P-256 key under {@code alias} with a self-signed certificate (PKCS#12 wants one) to {@code file},
     * protected by {@code password}: the signing key of a token issuer, as {@code bastion das} reads it. Returns the
     * key pair (the bench signs bulk tokens with it directly).
     */
    static KeyPair writeSigningKeystore(Path file, String alias, char[] password) throws IOException {
        KeyPair keys = p256();
        X500Principal name = new X500Principal("CN=Bastion bench token issuer");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, keys.getPrivate(), password,
                    new X509Certificate[] {sign(name, name, keys, keys.getPrivate(), false, null)});
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the signing keystore", e);
        }
    }

    /**
     * The client's TLS context: the JDK's standard key manager with the client certificate and a trust manager for
     * the bench CA that counts the server certificate checks in {@code serverChecks} (one per full handshake).
     */
    SSLContext clientContext(AtomicLong serverChecks) {
        try {
            // Protects the in-memory key entry only; the store is never written.
            char[] transientPassword = randomHex(8).toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.key(), transientPassword,
                    new X509Certificate[] {client.cert(), ca.cert()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, transientPassword);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.cert());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            X509ExtendedTrustManager jdk = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    jdk = x;
                }
            }
            if (jdk == null) {
                throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new CountingTrustManager(jdk, serverChecks)},
                    new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the client TLS context", e);
        }
    }

    /** {@code bytes} random bytes as hex: keys and passwords of the run. */
    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key generator", e);
        }
    }

    private static X509Certificate sign(X500Principal subject, X500Principal issuer, KeyPair subjectKeys,
                                        PrivateKey issuerKey, boolean ca, GeneralNames sans) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(ca ? 30 : 7))), subject, subjectKeys.getPublic());
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (IOException | CertificateException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the certificate " + subject.getName(), e);
        }
    }

    /** The JDK's trust manager, counting the server certificate checks (made by full handshakes only). */
    private static final class CountingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jdk;
        private final AtomicLong checks;

        CountingTrustManager(X509ExtendedTrustManager jdk, AtomicLong checks) {
            this.jdk = jdk;
            this.checks = checks;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            jdk.checkServerTrusted(chain, authType, engine);
            checks.incrementAndGet();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            jdk.checkServerTrusted(chain, authType, socket);
            checks.incrementAndGet();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkServerTrusted(chain, authType);
            checks.incrementAndGet();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            jdk.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            jdk.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }
}
