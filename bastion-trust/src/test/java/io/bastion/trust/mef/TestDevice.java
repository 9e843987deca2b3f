package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.est.ESTClient;
import org.bouncycastle.est.ESTClientProvider;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.ESTServiceBuilder;
import org.bouncycastle.est.Source;
import org.bouncycastle.est.ESTResponse;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A MEF Client as a device would be, for the tests: the Bootstrap Security Handshake with its KpmID and Kpm (Bouncy
 * Castle's TLS-PSK client, TLS 1.2, {@code TLS_PSK_WITH_AES_128_CBC_SHA256}), its own export of
 * {@code EXPORTER-oneM2M-Bootstrap}, oneM2M requests over HTTP/1.1 through Netty's client codec, and EST with Bouncy
 * Castle's EST client over the same kind of session (certificate-less TLS mutual authentication, RFC 7030 3.3.3).
 */
public final class TestDevice implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Answer(int rsc, JsonNode content, int httpStatus) {
        public String dbg() {
            return content == null || !content.has("m2m:dbg") ? "" : content.get("m2m:dbg").asText();
        }
    }

    private final Socket socket;
    private final TlsClientProtocol tls;
    private final byte[] exported;
    private byte[] connection;
    private final EmbeddedChannel http = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
    private int ri;
    private byte[] lastBody;
    private String lastLocation;

    /** The Content-Location of the last answer, or null. */
    public String lastLocation() {
        return lastLocation;
    }

    /** The body of the last answer as it came (for answers that are not JSON, e.g. a certificate). */
    public byte[] lastBody() {
        return lastBody;
    }

    private TestDevice(Socket socket, TlsClientProtocol tls, byte[] exported) {
        this.socket = socket;
        this.tls = tls;
        this.exported = exported;
    }

    /** Connects and performs the handshake; a refused one throws (a TlsFatalAlert or its peer's alert). */
    public static TestDevice connect(int port, String kpmId, byte[] kpm) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        TlsClientProtocol p = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
        Client c = new Client(kpmId, kpm);
        try {
            p.connect(c);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        TestDevice d = new TestDevice(s, p, c.exported);
        d.connection = c.connection;
        return d;
    }

    /**
     * Connects with a certificate (the Certificate-Based RSPF, TS-0003 8.3.2.2): TLS 1.2 ECDHE_ECDSA, the MEF's
     * certificate checked to be {@code mefCertificate}, this side's chain and key presented.
     */
    public static TestDevice connect(int port, java.security.PrivateKey key, java.security.cert.X509Certificate[] chain,
                                     java.security.cert.X509Certificate mefCertificate) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        TlsClientProtocol p = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
        CertificateClient c = new CertificateClient(key, chain, mefCertificate);
        try {
            p.connect(c);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        TestDevice d = new TestDevice(s, p, c.exported);
        d.connection = c.connection;
        return d;
    }

    /** The 48 bytes this side exported with EXPORTER-oneM2M-Connection (an exporter-derived MEF key's source). */
    public byte[] connectionExported() {
        return connection.clone();
    }

    /** The 48 bytes this side exported with EXPORTER-oneM2M-Bootstrap. */
    public byte[] exported() {
        return exported.clone();
    }

    public Answer send(String method, String path, Integer ty, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest rq = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
                Unpooled.wrappedBuffer(body));
        rq.headers().set(HttpHeaderNames.HOST, "mef.bastion.example").set("X-M2M-Origin", "Cdevice")
                .set("X-M2M-RI", "rq" + (++ri)).set("X-M2M-RVI", "3")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length).set(HttpHeaderNames.ACCEPT, "application/json");
        if (json != null) {
            rq.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json" + (ty == null ? "" : ";ty=" + ty));
        }
        http.writeOutbound(rq);
        OutputStream out = tls.getOutputStream();
        Object o;
        while ((o = http.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            out.write(ByteBufUtil.getBytes(b));
            b.release();
        }
        out.flush();
        InputStream in = tls.getInputStream();
        byte[] buf = new byte[8192];
        while (true) {
            Object m = http.readInbound();
            if (m instanceof FullHttpResponse rs) {
                try {
                    String rsc = rs.headers().get("X-M2M-RSC");
                    byte[] content = ByteBufUtil.getBytes(rs.content());
                    lastBody = content;
                    lastLocation = rs.headers().get(HttpHeaderNames.CONTENT_LOCATION);
                    boolean isJson = String.valueOf(rs.headers().get(HttpHeaderNames.CONTENT_TYPE)).contains("json");
                    return new Answer(rsc == null ? -1 : Integer.parseInt(rsc),
                            content.length == 0 || !isJson ? null : JSON.readTree(content), rs.status().code());
                } finally {
                    rs.release();
                }
            }
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("the MEF closed the connection");
            }
            http.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
        }
    }

    /**
     * Bouncy Castle's EST service, each of its requests over a new bootstrap session with this KpmID and Kpm: its
     * request encoded by Netty's client codec, its response read by Bouncy Castle's {@link ESTResponse}.
     */
    public static ESTService est(int port, String kpmId, byte[] kpm) {
        ESTClient client = rq -> {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(10_000);
            TlsClientProtocol tls = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
            tls.connect(new Client(kpmId, kpm));
            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
            rq.writeData(data);
            FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(rq.getMethod()),
                    rq.getURL().getFile(), Unpooled.wrappedBuffer(data.toByteArray()));
            rq.getHeaders().forEach((k, v) -> http.headers().add(k, java.util.Arrays.asList(v)));
            http.headers().set(HttpHeaderNames.HOST, rq.getURL().getAuthority())
                    .set(HttpHeaderNames.CONTENT_LENGTH, data.size()).set(HttpHeaderNames.CONNECTION, "close");
            EmbeddedChannel codec = new EmbeddedChannel(new HttpClientCodec());
            codec.writeOutbound(http);
            Object o;
            while ((o = codec.readOutbound()) != null) {
                ByteBuf b = (ByteBuf) o;
                tls.getOutputStream().write(ByteBufUtil.getBytes(b));
                b.release();
            }
            tls.getOutputStream().flush();
            codec.finishAndReleaseAll();
            return new ESTResponse(rq, new Source<Object>() {
                @Override
                public InputStream getInputStream() {
                    return tls.getInputStream();
                }

                @Override
                public OutputStream getOutputStream() {
                    return tls.getOutputStream();
                }

                @Override
                public Object getSession() {
                    return null;
                }

                @Override
                public void close() throws IOException {
                    try {
                        tls.close();
                    } finally {
                        s.close();
                    }
                }
            });
        };
        ESTClientProvider provider = new ESTClientProvider() {
            @Override
            public ESTClient makeClient() {
                return client;
            }

            @Override
            public boolean isTrusted() {
                return true; // the TLS-PSK handshake authenticated the MEF
            }
        };
        return new ESTServiceBuilder("127.0.0.1:" + port).withClientProvider(provider).build();
    }

    /** A P-256 key pair, as TS-0003 10.1.1 profiles device keys. */
    public static java.security.KeyPair p256() throws java.security.GeneralSecurityException {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A PKCS#10 request for {@code kp} with {@code uri} as its one subjectAltName (8.3.9.7 step 5). */
    public static org.bouncycastle.pkcs.PKCS10CertificationRequest csr(java.security.KeyPair kp, String uri)
            throws Exception {
        org.bouncycastle.asn1.x509.ExtensionsGenerator ext = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        ext.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, uri)));
        return new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=device"), kp.getPublic())
                .addAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        ext.generate())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(kp.getPrivate()));
    }

    @Override
    public void close() throws IOException {
        http.finishAndReleaseAll();
        try {
            tls.close();
        } finally {
            socket.close();
        }
    }

    private static final class CertificateClient extends org.bouncycastle.tls.DefaultTlsClient {
        private final java.security.PrivateKey key;
        private final java.security.cert.X509Certificate[] chain;
        private final java.security.cert.X509Certificate mef;
        byte[] exported;
        byte[] connection;

        CertificateClient(java.security.PrivateKey key, java.security.cert.X509Certificate[] chain,
                          java.security.cert.X509Certificate mef) {
            super(new org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider().create(new SecureRandom()));
            this.key = key;
            this.chain = chain;
            this.mef = mef;
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
        public org.bouncycastle.tls.TlsAuthentication getAuthentication() {
            return new org.bouncycastle.tls.TlsAuthentication() {
                @Override
                public void notifyServerCertificate(org.bouncycastle.tls.TlsServerCertificate server)
                        throws IOException {
                    byte[] got = server.getCertificate().getCertificateAt(0).getEncoded();
                    try {
                        if (!java.util.Arrays.equals(got, mef.getEncoded())) {
                            throw new org.bouncycastle.tls.TlsFatalAlert(
                                    org.bouncycastle.tls.AlertDescription.bad_certificate, "not the MEF");
                        }
                    } catch (java.security.cert.CertificateEncodingException e) {
                        throw new IOException(e);
                    }
                }

                @Override
                public org.bouncycastle.tls.TlsCredentials getClientCredentials(
                        org.bouncycastle.tls.CertificateRequest request) throws IOException {
                    org.bouncycastle.tls.crypto.TlsCertificate[] certs =
                            new org.bouncycastle.tls.crypto.TlsCertificate[chain.length];
                    try {
                        for (int i = 0; i < chain.length; i++) {
                            certs[i] = getCrypto().createCertificate(chain[i].getEncoded());
                        }
                    } catch (java.security.cert.CertificateEncodingException e) {
                        throw new IOException(e);
                    }
                    return new org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner(
                            new org.bouncycastle.tls.crypto.TlsCryptoParameters(context),
                            (org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto) getCrypto(), key,
                            new org.bouncycastle.tls.Certificate(certs), EnroleeCertificates.ECDSA_SHA256);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            exported = context.exportKeyingMaterial(EnrolmentKey.EXPORTER_LABEL, null, EnrolmentKey.EXPORT_LENGTH);
            connection = context.exportKeyingMaterial(io.bastion.trust.keys.ExportedKey.LABEL, null,
                    io.bastion.trust.keys.ExportedKey.LENGTH);
        }
    }

    private static final class Client extends PSKTlsClient {
        byte[] exported;
        byte[] connection;

        Client(String kpmId, byte[] kpm) {
            super(new BcTlsCrypto(new SecureRandom()), new BasicTlsPSKIdentity(kpmId, kpm));
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
            exported = context.exportKeyingMaterial(EnrolmentKey.EXPORTER_LABEL, null, EnrolmentKey.EXPORT_LENGTH);
            connection = context.exportKeyingMaterial(io.bastion.trust.keys.ExportedKey.LABEL, null,
                    io.bastion.trust.keys.ExportedKey.LENGTH);
        }
    }
}
