package io.bastion.security.esdata;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.cert.X509Certificate;

/**
 * A verified signature or MIC of ESData.
 *
 * @param keyId the {@code kid} of the key that verified it (a certificate's SHA-256 thumbprint for one sent in
 *              {@code x5c})
 * @param algorithm its {@code alg}
 * @param certificate the source's certificate, validated to a trust anchor; null for a key known by its ID
 */
public record Signer(String keyId, JWSAlgorithm algorithm, X509Certificate certificate) {
    /** Who signed, for a log line: the certificate's subject, else the key ID. */
    public String who() {
        return certificate != null ? certificate.getSubjectX500Principal().getName() : "kid " + keyId;
    }
}
