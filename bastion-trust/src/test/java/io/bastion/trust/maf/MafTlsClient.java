package io.bastion.trust.maf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A MAF Client for the tests, written apart from the MAF's door: Bouncy Castle's TLS 1.2 client with a KmID (PSK) or
 * with a certificate (ECDHE_ECDSA, the MAF's certificate compared with the expected one), its own export of
 * {@code EXPORTER-oneM2M-Connection} (48 bytes, no context, TS-0003 10.3.1), and oneM2M requests as HTTP/1.1 text.
 */
final class MafTlsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LABEL = "EXPORTER-oneM2M-Connection";

    record Answer(int rsc, JsonNode content, String text) {
    }

    private final Socket socket;
    private final TlsClientProtocol tls;
    private final Exporting client;
    private int ri;

    private MafTlsClient(Socket socket, TlsClientProtocol tls, Exporting client) {
        this.socket = socket;
        this.tls = tls;
        this.client = client;
    }

    /** The handshake with a KmID and its key; a refused one throws. */
    static MafTlsClient psk(int port, String kmId, byte[] key) throws IOException {
        return connect(port, new Psk(kmId, key));
    }

    /** The handshake with a certificate chain and its key, the MAF's certificate expected to be {@code maf}. */
    static MafTlsClient certificate(int port, PrivateKey key, X509Certificate[] chain, X509Certificate maf)
            throws IOException {
        return connect(port, new WithCertificate(key, chain, maf));
    }

    private static <C extends TlsClient & Exporting> MafTlsClient connect(int port, C c) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        TlsClientProtocol p = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
        try {
            p.connect(c);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return new MafTlsClient(s, p, c);
    }

    /** What this side exported with {@link #LABEL}. */
    byte[] exported() {
        return client.exported().clone();
    }

    Answer send(String method, String path, String origin, Integer ty, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder rq = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: maf.example\r\n"
                + "X-M2M-Origin: " + origin + "\r\nX-M2M-RI: rq" + (++ri) + "\r\nX-M2M-RVI: 3\r\n"
                + "Accept: application/json\r\nContent-Length: " + body.length + "\r\n");
        if (json != null) {
            rq.append("Content-Type: application/json").append(ty == null ? "" : ";ty=" + ty).append("\r\n");
        }
        rq.append("\r\n");
        OutputStream out = tls.getOutputStream();
        out.write(rq.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return read(tls.getInputStream());
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the MAF closed the connection");
            }
            head.write(b);
            byte[] h = head.toByteArray();
            if (h.length >= 4 && h[h.length - 4] == '\r' && h[h.length - 3] == '\n' && h[h.length - 2] == '\r'
                    && h[h.length - 1] == '\n') {
                break;
            }
        }
        int rsc = -1;
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("x-m2m-rsc:")) {
                rsc = Integer.parseInt(line.substring(10).trim());
            } else if (l.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        String text = new String(body, StandardCharsets.UTF_8);
        return new Answer(rsc, body.length == 0 ? null : JSON.readTree(body), text);
    }

    @Override
    public void close() throws IOException {
        try {
            tls.close();
        } finally {
            socket.close();
        }
    }

    private interface Exporting {
        byte[] exported();
    }

    private static final class Psk extends PSKTlsClient implements Exporting {
        private byte[] exported;

        Psk(String kmId, byte[] key) {
            super(new JcaTlsCryptoProvider().create(new SecureRandom()), new BasicTlsPSKIdentity(kmId, key));
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256};
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            exported = context.exportKeyingMaterial(LABEL, null, 48);
        }

        @Override
        public byte[] exported() {
            return exported;
        }
    }

    private static final class WithCertificate extends DefaultTlsClient implements Exporting {
        private final PrivateKey key;
        private final X509Certificate[] chain;
        private final X509Certificate maf;
        private byte[] exported;

        WithCertificate(PrivateKey key, X509Certificate[] chain, X509Certificate maf) {
            super(new JcaTlsCryptoProvider().create(new SecureRandom()));
            this.key = key;
            this.chain = chain;
            this.maf = maf;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
        }

        @Override
        public TlsAuthentication getAuthentication() {
            TlsContext ctx = context;
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
                    try {
                        if (!Arrays.equals(server.getCertificate().getCertificateAt(0).getEncoded(),
                                maf.getEncoded())) {
                            throw new TlsFatalAlert(AlertDescription.bad_certificate, "not the MAF");
                        }
                    } catch (CertificateEncodingException e) {
                        throw new IOException(e);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    TlsCertificate[] certs = new TlsCertificate[chain.length];
                    try {
                        for (int i = 0; i < chain.length; i++) {
                            certs[i] = getCrypto().createCertificate(chain[i].getEncoded());
                        }
                    } catch (CertificateEncodingException e) {
                        throw new IOException(e);
                    }
                    return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(ctx),
                            (JcaTlsCrypto) getCrypto(), key, new Certificate(certs),
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            exported = context.exportKeyingMaterial(LABEL, null, 48);
        }

        @Override
        public byte[] exported() {
            return exported;
        }
    }
}
