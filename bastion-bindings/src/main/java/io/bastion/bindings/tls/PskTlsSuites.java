package io.bastion.bindings.tls;

import org.bouncycastle.tls.CipherSuite;

/**
 * The TLS-PSK suites of TS-0003 10.2.2 that the door offers ({@link PskTlsServer}) and their names, for log lines,
 * reports and tests: TLS 1.3 with an external PSK first, then the TLS 1.2 PSK suites, the mandatory CBC one first.
 */
public final class PskTlsSuites {
    /** What the server offers, in its order of preference. */
    static final int[] OFFERED = {
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_128_CCM_8_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
        CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
    };

    private PskTlsSuites() {
    }

    /** The IANA name of an offered suite (the certificate ones of 10.2.3 too), else its number in hex ({@code 0x00AE}). */
    public static String name(int suite) {
        return switch (suite) {
            case CipherSuite.TLS_AES_128_GCM_SHA256 -> "TLS_AES_128_GCM_SHA256";
            case CipherSuite.TLS_AES_128_CCM_8_SHA256 -> "TLS_AES_128_CCM_8_SHA256";
            case CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256 -> "TLS_PSK_WITH_AES_128_CBC_SHA256";
            case CipherSuite.TLS_PSK_WITH_AES_128_CCM_8 -> "TLS_PSK_WITH_AES_128_CCM_8";
            case CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256 -> "TLS_PSK_WITH_AES_128_GCM_SHA256";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 -> "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 -> "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8";
            default -> String.format("0x%04X", suite);
        };
    }
}
