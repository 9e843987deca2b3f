package io.bastion.security.escertke;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What an ESCertKE end-point proves itself with (TS-0003 8.7.2.2 A, 8.1.2.3): its private key and its certificate
 * chain, end entity first, with a P-256 key as 10.1.1.1 requires. The key may be a handle into a PKCS#11 token (the
 * secure environment): it is only used through {@link java.security.Signature}, so it signs where it lives.
 */
public record EndPointCredentials(PrivateKey privateKey, List<X509Certificate> chain) {
    public EndPointCredentials {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an ESCertKE end-point needs its certificate");
        }
        if (!"EC".equalsIgnoreCase(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("ESCertKE uses ECDHE_ECDSA (TS-0003 10.2.3): the private key must be "
                    + "an EC key, not " + privateKey.getAlgorithm());
        }
    }

    @Override
    public String toString() {
        return "EndPointCredentials[" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
