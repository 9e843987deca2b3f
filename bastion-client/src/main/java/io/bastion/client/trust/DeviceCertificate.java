package io.bastion.client.trust;

import io.bastion.security.certificate.Certificates;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** The device's key pair (generated on the device, P-256) and the chain EST returned (leaf first). */
public record DeviceCertificate(PrivateKey key, List<X509Certificate> chain) {
    public DeviceCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain has at least the leaf");
        }
    }

    /** The leaf. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** SHA-256 of the leaf's DER, lower-case hex (the form of myCertFingerprint and Bastion's fingerprints). */
    public String fingerprint() {
        return Certificates.fingerprint(leaf());
    }

    /** The key and chain as a PKCS#12 file (alias {@code device}), e.g. for {@code Tls.withClientCertificate}. */
    public void writePkcs12(Path file, char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("device", key, password, chain.toArray(Certificate[]::new));
            try (OutputStream out = ownerOnly(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The chain as PEM (leaf first) and the key as PKCS#8 PEM, the key file readable by its owner only. */
    public void writePem(Path certificateChainPem, Path privateKeyPem) throws IOException {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : chain) {
            b.append(Certificates.pem(c));
        }
        Files.writeString(certificateChainPem, b.toString());
        try (OutputStream out = ownerOnly(privateKeyPem)) {
            out.write(pem("PRIVATE KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A file created (or truncated) with mode 0600 before anything is written to it. */
    private static OutputStream ownerOnly(Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's protection applies
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    @Override
    public String toString() {
        return "DeviceCertificate[" + leaf().getSubjectX500Principal().getName() + ", sha256=" + fingerprint() + "]";
    }
}
