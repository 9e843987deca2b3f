package io.bastion.bindings.tls;

import org.bouncycastle.tls.CipherSuite;

/** Readable names of the suites {@link PskTlsServer} offers, for log lines and tests. */
final class CipherSuiteNames {
    private CipherSuiteNames() {
    }

    static String of(int suite) {
        return switch (suite) {
            case CipherSuite.TLS_AES_128_GCM_SHA256 -> "TLS_AES_128_GCM_SHA256";
            case CipherSuite.TLS_AES_128_CCM_8_SHA256 -> "TLS_AES_128_CCM_8_SHA256";
            case CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256 -> "TLS_PSK_WITH_AES_128_CBC_SHA256";
            case CipherSuite.TLS_PSK_WITH_AES_128_CCM_8 -> "TLS_PSK_WITH_AES_128_CCM_8";
            case CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256 -> "TLS_PSK_WITH_AES_128_GCM_SHA256";
            default -> String.format("0x%04X", suite);
        };
    }
}
