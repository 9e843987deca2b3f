package io.bastion.client.trust;

import java.io.IOException;

/** A trust-enabling service (MAF, MEF) refused a procedure: its oneM2M response status code and message. */
public class TrustServiceException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int rsc;

    public TrustServiceException(int rsc, String message) {
        super(rsc + " " + message);
        this.rsc = rsc;
    }

    /** The oneM2M response status code the service answered (4103, 4004…). */
    public int rsc() {
        return rsc;
    }
}
