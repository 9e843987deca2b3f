package io.bastion.bindings.https;

import java.util.Locale;

/** Whether the HTTPS door asks TLS clients for a certificate ({@code https.client-auth}). */
public enum ClientCertificates {
    /** Never asked for: every connection is unauthenticated. */
    NONE,
    /** Asked for; a client without one is served unauthenticated, a client with a refused one is not served. */
    OPTIONAL,
    /** Asked for and required: a client without one fails the handshake. */
    REQUIRED;

    /** {@code none}, {@code optional} or {@code required}. */
    public static ClientCertificates parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("https.client-auth must be none, optional or required, not '" + s
                    + "'");
        }
    }
}
