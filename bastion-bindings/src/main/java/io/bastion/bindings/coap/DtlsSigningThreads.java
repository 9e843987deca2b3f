package io.bastion.bindings.coap;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of the {@code coaps} door's DTLS handshakes, each of which binds its ECDSA signature object to the
 * provider of the server's private key before it runs any handshake.
 *
 * <p>Why: Scandium keeps one {@link Signature} per algorithm and thread, and it first calls
 * {@code initVerify(server public key)} on it (its {@code SignatureAndHashAlgorithm.isSupported(PublicKey)}) before
 * {@code initSign(server private key)}. The JDK picks a signature's provider at its first init and keeps it: the
 * software public key picks SunEC, which cannot sign with a PKCS#11 key handle, so a token key fails with
 * "Private keys must be instance of ECPrivateKey" ({@code internal_error} to the client) although it signs fine on a
 * fresh object. Starting each thread with {@code initSign(server key)} picks the token's provider instead (SunEC for
 * a software key, where nothing changes); that provider then also verifies the software public keys of clients.
 * Only {@code SHA256withECDSA} is bound, the one signature the door allows (TS-0003 10.1.1.3).
 */
final class DtlsSigningThreads implements ThreadFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSigningThreads.class);
    private final PrivateKey key;
    private final String name;
    private final AtomicInteger count = new AtomicInteger();

    DtlsSigningThreads(PrivateKey key, String name) {
        this.key = key;
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable work) {
        Thread t = new Thread(() -> {
            bindSignature();
            work.run();
        }, name + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private void bindSignature() {
        try {
            Signature s = SignatureAndHashAlgorithm.SHA256_WITH_ECDSA.getThreadLocalSignature().current();
            if (s != null) {
                s.initSign(key);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn("coaps: cannot prepare ECDSA signing with the server key on {}: {}",
                    Thread.currentThread().getName(), e.toString());
        }
    }
}
