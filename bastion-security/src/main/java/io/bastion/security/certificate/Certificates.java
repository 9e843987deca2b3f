package io.bastion.security.certificate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Reading X.509 certificates (PEM or DER), their SHA-256 fingerprints, and public key files. */
public final class Certificates {
    private Certificates() {
    }

    /** Every certificate in {@code bytes}: one DER certificate, or one or more PEM blocks. */
    public static List<X509Certificate> parse(byte[] bytes) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate found (expected PEM or DER)");
        }
        return out;
    }

    /** The SHA-256 of the DER encoding, lower-case hex without separators (64 characters). */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /**
     * A fingerprint as an operator may write it ({@code AB:CD:…} as keytool and openssl print it, or plain hex) in
     * the form of {@link #fingerprint}, or null when it is not 32 bytes of hex.
     */
    public static String normalizeFingerprint(String s) {
        if (s == null) {
            return null;
        }
        String hex = s.replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256=")) {
            hex = hex.substring("sha256=".length());
        }
        if (hex.length() != 64) {
            return null;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return null;
            }
        }
        return hex;
    }

    /**
     * The public key in {@code bytes}: a SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----} PEM, as
     * {@code openssl pkey -pubout} writes it, or DER), or the key of a certificate (PEM or DER). EC keys only, since
     * TS-0003 10.1.1.1 allows no other.
     *
     * @throws CertificateException when it holds none of these
     */
    public static PublicKey publicKey(byte[] bytes) throws CertificateException {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PUBLIC KEY-----";
        int b = text.indexOf(begin);
        byte[] der = bytes;
        if (b >= 0) {
            int e = text.indexOf("-----END PUBLIC KEY-----", b);
            if (e < 0) {
                throw new CertificateException("a PUBLIC KEY block without its END line");
            }
            try {
                der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
            } catch (IllegalArgumentException ex) {
                throw new CertificateException("the PUBLIC KEY block is not base64", ex);
            }
        } else if (text.contains("-----BEGIN CERTIFICATE-----")) {
            return parse(bytes).get(0).getPublicKey();
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | NoSuchAlgorithmException | RuntimeException e) {
            if (b < 0) {
                try {
                    return parse(bytes).get(0).getPublicKey();
                } catch (CertificateException notACertificate) {
                    // fall through to the message below
                }
            }
            throw new CertificateException("no EC public key found (expected a PEM or DER SubjectPublicKeyInfo, or "
                    + "a certificate)");
        }
    }

    /** A PEM block of the certificate. */
    public static String pem(X509Certificate cert) {
        try {
            String b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }
}
