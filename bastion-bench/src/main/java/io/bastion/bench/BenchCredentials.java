package io.bastion.bench;

import io.bastion.bindings.tls.PskTlsCrypto;
import io.bastion.security.certificate.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Everything the secured doors need, made fresh for a run and provisioned through the server's own command line
 * before the CSE starts: a 128-bit PSK for the reader's KpsaID ({@code credentials psk add --key -}, the key on
 * stdin), the bench CA trusted for client certificates ({@code credentials cert trust}), the client certificate bound
 * to the reader's AE-ID ({@code credentials cert bind}), and the server's PKCS#12 keystore, named in a configuration
 * file, its password in {@code BASTION_KEYSTORE_PASSWORD}. The CSE then runs with every door open on a free port.
 * Keys and the password stay in memory and in the temporary folder; nothing prints them.
 */
final class BenchCredentials implements CseProcess.Provisioner {

    /** The KpsaID of the reader's pre-shared key. */
    static final String PSK_IDENTITY = "bench-reader@bench.example";
    /** The environment variable the CSE reads the keystore password from (its default). */
    static final String PASSWORD_ENV = "BASTION_KEYSTORE_PASSWORD";

    private final String readerAeId;
    private final byte[] pskKey;
    private final BenchPki pki = BenchPki.create();
    private final AtomicLong serverChecks = new AtomicLong();
    private final SSLContext clientContext = pki.clientContext(serverChecks);
    /**
     * The TLS-PSK client's crypto, the door's own: Bouncy Castle's TLS protocol over the JDK's providers (AES and HMAC
     * with CPU intrinsics). With Bouncy Castle's pure-Java crypto instead the client, not the CSE, limited the TLS-PSK
     * read (about 21,000 against 33,000 req/s on the same machine).
     */
    private final TlsCrypto crypto = PskTlsCrypto.create(new SecureRandom());

    BenchCredentials(String readerAeId) {
        this.readerAeId = readerAeId;
        this.pskKey = HexFormat.of().parseHex(BenchPki.randomHex(16));
    }

    @Override
    public CseProcess.Launch prepare(CseProcess.Cli cli, Path workDir, Path dataDir) throws InterruptedException {
        String data = dataDir.toString();
        cli.run(List.of("credentials", "--data", data, "psk", "add", "--identity", PSK_IDENTITY, "--key", "-",
                "--ae", readerAeId), HexFormat.of().formatHex(pskKey) + "\n");
        String password = BenchPki.randomHex(16);
        Path keystore = workDir.resolve("server.p12");
        Path caPem = workDir.resolve("bench-ca.pem");
        Path config = workDir.resolve("bastion.properties");
        try {
            pki.writeServerKeystore(keystore, password.toCharArray());
            Files.writeString(caPem, Certificates.pem(pki.ca.cert()), StandardCharsets.US_ASCII);
            // Only where the keystore is: its password comes from the environment, never from this file.
            Files.writeString(config, "https.keystore=" + keystore.toAbsolutePath().toString().replace("\\", "/")
                    + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SetupException("cannot write the keystore or the configuration: " + e.getMessage());
        }
        cli.run(List.of("credentials", "--data", data, "cert", "trust", caPem.toString()), null);
        cli.run(List.of("credentials", "--data", data, "cert", "bind", "--subject", clientCredentialId(),
                "--ae", readerAeId), null);
        System.out.println("    provisioned: PSK identity " + PSK_IDENTITY + " (128-bit key) and client certificate "
                + clientCredentialId() + " for " + readerAeId + ", bench CA trusted, server keystore (P-256, "
                + "SAN localhost/127.0.0.1)");
        return new CseProcess.Launch(List.of("--config", config.toString(), "--psk-port", "0", "--https-port", "0",
                "--coap-port", "0", "--coaps-port", "0"), Map.of(PASSWORD_ENV, password));
    }

    /** The client certificate's Credential-ID as the CSE names it: 31- and its SHA-256 fingerprint. */
    String clientCredentialId() {
        return "31-" + Certificates.fingerprint(pki.client.cert());
    }

    /** TLS 1.2 with TLS_PSK_WITH_AES_128_CBC_SHA256, the suite TS-0003 10.2.2 makes mandatory. */
    ChannelSecurity tls12Psk() {
        return new ChannelSecurity.TlsPsk(crypto, PSK_IDENTITY, pskKey, ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256);
    }

    /** TLS 1.3 with the same key as an external PSK (psk_dhe_ke, Bouncy Castle's default), TLS_AES_128_GCM_SHA256. */
    ChannelSecurity tls13Psk() {
        return new ChannelSecurity.TlsPsk(crypto, PSK_IDENTITY, pskKey, ProtocolVersion.TLSv13,
                CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    /** TLS with the client certificate (JDK defaults for version and suite); resumable for kept-alive use. */
    ChannelSecurity.TlsCertificate certificate(boolean resumable) {
        return new ChannelSecurity.TlsCertificate(clientContext, BenchPki.SERVER_NAME, resumable, serverChecks);
    }

    String pskIdentity() {
        return PSK_IDENTITY;
    }

    byte[] pskKey() {
        return pskKey.clone();
    }
}
