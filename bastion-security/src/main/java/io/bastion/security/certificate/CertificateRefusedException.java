package io.bastion.security.certificate;

import java.security.cert.CertificateException;

/** A peer certificate (chain) that is not accepted, with a one-line reason fit for a log. */
public final class CertificateRefusedException extends CertificateException {
    private static final long serialVersionUID = 1L;

    public CertificateRefusedException(String reason) {
        super(reason);
    }

    public CertificateRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
