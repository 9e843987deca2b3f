package io.bastion.server;

import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.escertke.EndPointCredentials;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509KeyManager;

/**
 * The certificate this CSE is an ESCertKE end-point with: its server key (PKCS#12 or the secure environment's token,
 * which signs where it lives) when that is an EC key, as ESCertKE's ECDHE_ECDSA suites need (TS-0003 10.2.3); none
 * otherwise, and the CSE then answers ESCertKE Messages addressed to it with 5001.
 */
final class EsCertKeCertificate {
    private EsCertKeCertificate() {
    }

    /** The end-point credentials from {@code serverKey}, or null when there is none or it is not an EC key. */
    static EndPointCredentials of(ServerCredentials serverKey) {
        if (serverKey == null) {
            return null;
        }
        X509KeyManager km = serverKey.keyManager();
        String[] aliases = km.getServerAliases("EC", null);
        if (aliases == null || aliases.length == 0) {
            return null;
        }
        PrivateKey key = km.getPrivateKey(aliases[0]);
        X509Certificate[] chain = km.getCertificateChain(aliases[0]);
        if (key == null || chain == null || chain.length == 0) {
            return null;
        }
        return new EndPointCredentials(key, List.of(chain));
    }
}
