package io.bastion.server;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates made with Bouncy Castle: CAs, client and server certificates, keystores, TLS client contexts. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A certificate with its key and the chain to present (the certificate first, then its intermediates). */
    record Issued(X509Certificate cert, PrivateKey key, X509Certificate... chain) {
    }

    private TestPki() {
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed P-256 root CA valid from a day ago for ten years. */
    static Issued ca(String cn) {
        KeyPair kp = ec();
        X509Certificate c = new Spec("CN=" + cn).ca().build(kp, null, kp.getPrivate());
        return new Issued(c, kp.getPrivate(), c);
    }

    /** What a certificate should say; {@link #issue} signs it with an issuer. */
    static final class Spec {
        final String subject;
        Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        Integer keyUsage = KeyUsage.digitalSignature;
        boolean ca;
        final List<GeneralName> sans = new ArrayList<>();
        KeyPurposeId eku;
        KeyPair keys;

        Spec(String subject) {
            this.subject = subject;
        }

        Spec ca() {
            ca = true;
            keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
            notAfter = Instant.now().plus(Duration.ofDays(3650));
            return this;
        }

        Spec uri(String u) {
            sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, u));
            return this;
        }

        Spec dns(String d) {
            sans.add(new GeneralName(GeneralName.dNSName, d));
            return this;
        }

        Spec ip(String a) {
            sans.add(new GeneralName(GeneralName.iPAddress, a));
            return this;
        }

        Spec validity(Instant from, Instant until) {
            notBefore = from;
            notAfter = until;
            return this;
        }

        /** null: no keyUsage extension at all. */
        Spec keyUsage(Integer bits) {
            keyUsage = bits;
            return this;
        }

        Spec eku(KeyPurposeId p) {
            eku = p;
            return this;
        }

        Spec keys(KeyPair kp) {
            keys = kp;
            return this;
        }

        Issued issue(Issued issuer) {
            KeyPair kp = keys != null ? keys : ec();
            X509Certificate c = build(kp, issuer.cert(), issuer.key());
            // present the certificate and the issuer's intermediates, never the root
            List<X509Certificate> p = new ArrayList<>();
            p.add(c);
            for (X509Certificate x : issuer.chain()) {
                if (!x.getSubjectX500Principal().equals(x.getIssuerX500Principal())) {
                    p.add(x);
                }
            }
            return new Issued(c, kp.getPrivate(), p.toArray(X509Certificate[]::new));
        }

        X509Certificate build(KeyPair kp, X509Certificate issuerCert, PrivateKey issuerKey) {
            try {
                X500Principal issuerName = issuerCert == null ? new X500Principal(subject)
                        : issuerCert.getSubjectX500Principal();
                JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                        new X500Principal(subject), kp.getPublic());
                if (ca) {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                }
                if (keyUsage != null) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(GeneralName[]::new)));
                }
                if (eku != null) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
                }
                String alg = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                return new JcaX509CertificateConverter().getCertificate(
                        b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot make a test certificate", e);
            }
        }
    }

    static String pem(X509Certificate c) {
        return io.bastion.security.certificate.Certificates.pem(c);
    }

    static Path writePem(Path file, X509Certificate c) throws java.io.IOException {
        Files.writeString(file, pem(c));
        return file;
    }

    /** The private key as an unencrypted PKCS#8 PEM file (for openssl's {@code -key}). */
    static Path writeKeyPem(Path file, PrivateKey key) throws java.io.IOException {
        String b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    /**
     * The keystore of a loopback server, {@code dir/server.p12}: one key whose certificate {@code root} issued for
     * CN and SAN {@code localhost} and SAN 127.0.0.1.
     */
    static Path localhostKeystore(Path dir, Issued root, String password) throws Exception {
        Issued id = new Spec("CN=localhost").dns("localhost").ip("127.0.0.1").issue(root);
        return pkcs12(dir.resolve("server.p12"), id, password.toCharArray());
    }

    /** A PKCS#12 keystore with one key entry. */
    static Path pkcs12(Path file, Issued id, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", id.key(), password, id.chain());
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
        return file;
    }

    /** A TLS client that trusts {@code serverCa} (or a self-signed server certificate) and presents none. */
    public static SSLContext trusting(X509Certificate serverCa) throws Exception {
        return client(null, serverCa);
    }

    /** A TLS client that trusts {@code serverCa} and presents {@code client} (null: no certificate). */
    static SSLContext client(Issued client, X509Certificate serverCa) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", serverCa);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(client == null ? null : new javax.net.ssl.KeyManager[] {new FixedKeyManager(client)},
                tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Always presents the one certificate, whatever CAs the server names (so refusals are the server's). */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final Issued id;

        FixedKeyManager(Issued id) {
            this.id = id;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return id.chain();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return id.key();
        }
    }
}
