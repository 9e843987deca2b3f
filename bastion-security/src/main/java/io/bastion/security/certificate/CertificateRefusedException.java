package io.bastion.security.certificate;

import java.security.cert.CertificateException;

/** A peer certificate (chain) that is not accepted, with a one-line reason fit for a log. */
public final class CertificateRefusedException extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** The kind of refusal, for a transport that can tell the peer more than "bad certificate" (a (D)TLS alert). */
    public enum Kind {
        /** A certificate of the path is expired or not yet valid. */
        EXPIRED,
        /** No trusted CA issued the path. */
        UNTRUSTED,
        /** A raw public key that is bound to no identity. */
        UNBOUND,
        /** Anything else: the profile, a signature, an unreadable certificate. */
        BAD
    }

    private final Kind kind;

    public CertificateRefusedException(String reason) {
        this(Kind.BAD, reason, null);
    }

    public CertificateRefusedException(String reason, Throwable cause) {
        this(Kind.BAD, reason, cause);
    }

    public CertificateRefusedException(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind == null ? Kind.BAD : kind;
    }

    public Kind kind() {
        return kind;
    }
}
