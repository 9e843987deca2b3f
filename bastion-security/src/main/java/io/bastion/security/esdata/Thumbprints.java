package io.bastion.security.esdata;

import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/** The {@code x5t#S256} of a certificate (RFC 7515 4.1.8): base64url of the SHA-256 of its DER. */
final class Thumbprints {
    private Thumbprints() {
    }

    static String of(X509Certificate cert) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())).toString();
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }
}
