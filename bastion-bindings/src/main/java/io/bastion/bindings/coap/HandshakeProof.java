package io.bastion.bindings.coap;

import io.bastion.security.certificate.CertificateIdentity;
import io.bastion.security.credential.PskCredential;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * What a {@code coaps} handshake proved, handed from the credential lookup ({@link DtlsPskStore},
 * {@link DtlsCertificateVerifier}) to the end of the handshake as Scandium's custom argument, where
 * {@link CoapsAuthentication} turns it into the session's security association. Each proof carries the credential
 * sources' generation read <em>before</em> the lookup, so that a change made during the handshake is seen at the
 * session's first request.
 */
sealed interface HandshakeProof {

    /** The sources' generation read before the credential was looked up. */
    long provedAt();

    /** A DTLS-PSK handshake: the credential whose key the session keys came from. */
    record Psk(PskCredential credential, long provedAt) implements HandshakeProof {
        public Psk {
            Objects.requireNonNull(credential, "credential");
        }
    }

    /** An X.509 client chain (end entity first) and the identity it was validated as. */
    record Certificate(X509Certificate[] chain, CertificateIdentity identity, long provedAt) implements HandshakeProof {
        public Certificate {
            chain = chain.clone();
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** A raw public key (RFC 7250) and the identity its binding gave it. */
    record RawPublicKey(PublicKey key, CertificateIdentity identity, long provedAt) implements HandshakeProof {
        public RawPublicKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(identity, "identity");
        }
    }
}
