package io.bastion.server.coap;

import static io.bastion.server.it.M2m.aeBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.BastionServer;
import io.bastion.server.CoapSettings;
import io.bastion.server.it.M2m;
import io.bastion.server.coap.CoapTestClient.Rsp;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import io.bastion.server.ServerLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CoAP doors (TS-0008) against the real server with Californium's client: plain UDP, and DTLS 1.2 with
 * pre-shared keys (TS-0003 10.2.2, TLS_PSK_WITH_AES_128_CCM_8) bound to their AE-IDs (TS-0003 7.2.1).
 */
class CoapIT {
    static final String DEVICE_ID = "coapdev@issuer.example";
    static final String DEVICE_KEY = "000102030405060708090a0b0c0d0e0f";

    @TempDir
    static Path dir;
    static BastionServer server;
    static CoapTestClient plain;

    @BeforeAll
    static void start() {
        FilePskStore.inDataDir(dir).add(new PskCredential(DEVICE_ID, PreSharedKey.fromHex(DEVICE_KEY),
                Set.of("Cdtlsdev")));
        server = BastionServer.start(M2m.config(dir).withCoap(new CoapSettings(0, 0)));
        plain = CoapTestClient.plain(server.coapPort());
    }

    @AfterAll
    static void stop() {
        plain.close();
        server.close();
    }

    @Test
    void bothDoorsListenOnChosenPorts() {
        assertThat(server.coapPort()).isPositive();
        assertThat(server.coapsPort()).isPositive().isNotEqualTo(server.coapPort());
    }

    @Test
    void anAeRegistersCreatesAContainerAndAnInstanceAndRetrievesTheLatest() {
        Rsp ae = plain.create("Ccoap1", "/cse-in", 2, aeBody("coap1"));
        assertThat(ae.code()).as("%s", ae).isEqualTo("2.01");
        assertThat(ae.rsc()).isEqualTo(2001);
        assertThat(ae.body().path("m2m:ae").path("aei").asText()).isEqualTo("Ccoap1");
        assertThat(ae.raw().getOptions().getLocationPath()).isNotEmpty();

        Rsp cnt = plain.create("Ccoap1", "/cse-in/coap1", 3, "{\"m2m:cnt\":{\"rn\":\"box\"}}");
        assertThat(cnt.rsc()).as("%s", cnt).isEqualTo(2001);
        Rsp cin = plain.create("Ccoap1", "/cse-in/coap1/box", 4, "{\"m2m:cin\":{\"con\":\"21.5\"}}");
        assertThat(cin.rsc()).as("%s", cin).isEqualTo(2001);

        Rsp la = plain.retrieve("Ccoap1", "/cse-in/coap1/box/la");
        assertThat(la.code()).as("%s", la).isEqualTo("2.05");
        assertThat(la.rsc()).isEqualTo(2000);
        assertThat(la.body().path("m2m:cin").path("con").asText()).isEqualTo("21.5");
        assertThat(la.rqi()).startsWith("coap-");

        // The SP-relative form of the same target (Uri-Path "~", TS-0008 table 6.2.2.3-1) and a query parameter.
        Rsp sp = plain.retrieve("Ccoap1", "/~/id-in/cse-in/coap1/box?rcn=1");
        assertThat(sp.rsc()).as("%s", sp).isEqualTo(2000);
        assertThat(sp.body().path("m2m:cnt").path("rn").asText()).isEqualTo("box");
    }

    @Test
    void anotherAeWithoutPrivilegeIsRefusedWith4103AsForbidden() {
        assertThat(plain.create("Ccoapowner", "/cse-in", 2, aeBody("coapowner")).rsc()).isEqualTo(2001);
        assertThat(plain.create("Ccoapowner", "/cse-in/coapowner", 3, "{\"m2m:cnt\":{\"rn\":\"priv\"}}").rsc())
                .isEqualTo(2001);
        assertThat(plain.create("Ccoapother", "/cse-in", 2, aeBody("coapother")).rsc()).isEqualTo(2001);

        Rsp denied = plain.retrieve("Ccoapother", "/cse-in/coapowner/priv");
        assertThat(denied.code()).as("%s", denied).isEqualTo("4.03");
        assertThat(denied.rsc()).isEqualTo(4103);
        assertThat(denied.body().path("m2m:dbg").asText()).isNotEmpty();
    }

    @Test
    void badInputIsRefusedWith4000AsBadRequest() {
        Request noRqi = new Request(CoAP.Code.GET);
        noRqi.setURI("coap://127.0.0.1:" + server.coapPort() + "/cse-in");
        Rsp missing = plain.send(noRqi);
        assertThat(missing.code()).as("%s", missing).isEqualTo("4.00");
        assertThat(missing.rsc()).isEqualTo(4000);

        Rsp badQuery = plain.retrieve("CAdmin", "/cse-in?rcn=abc");
        assertThat(badQuery.code()).as("%s", badQuery).isEqualTo("4.00");
        assertThat(badQuery.rsc()).isEqualTo(4000);

        Rsp badJson = plain.create("Cbadjson", "/cse-in", 2, "{not json");
        assertThat(badJson.rsc()).as("%s", badJson).isEqualTo(4000);

        Rsp text = plain.send(withFormat(plain.request(CoAP.Code.PUT, "/cse-in", "CAdmin"), 0, "x"));
        assertThat(text.code()).as("%s", text).isEqualTo("4.15");
        assertThat(text.rsc()).isEqualTo(4015);
    }

    /** The same rule for empty segments as over HTTP: an empty last Uri-Path option is refused (issue 9 #4). */
    @Test
    void anEmptyLastUriPathSegmentIsRefusedWith4000() {
        for (String path : new String[] {"/cse-in/", "/~/id-in/cse-in/", "/_/bastion.example/id-in/cse-in/"}) {
            Request get = plain.request(CoAP.Code.GET, "/cse-in", "CAdmin");
            get.getOptions().setUriPath(path);
            get.getOptions().addUriPath("");
            assertThat(get.getOptions().getUriPath()).as(path).last().isEqualTo("");
            Rsp r = plain.send(get);
            assertThat(r.code()).as("%s: %s", path, r).isEqualTo("4.00");
            assertThat(r.rsc()).isEqualTo(4000);
            // the CSE's one refusal of empty segments, worded as over HTTP
            assertThat(r.body().path("m2m:dbg").asText()).isEqualTo("invalid target address: empty, '.' or '..' segment");
        }
        assertThat(plain.retrieve("CAdmin", "/cse-in").rsc()).isEqualTo(2000);
    }

    @Test
    void cborIsAcceptedAndAnsweredInKind() throws Exception {
        io.bastion.core.codec.Codec codec = new io.bastion.core.codec.Codecs().forContentType("application/cbor");
        byte[] cbor = codec.encode(M2m.JSON.readTree(aeBody("coapcbor")));
        Request r = plain.request(CoAP.Code.POST, "/cse-in", "Ccoapcbor");
        r.getOptions().addOption(new org.eclipse.californium.core.coap.Option(
                io.bastion.bindings.coap.OneM2mOptions.TY, 2));
        Rsp rsp = plain.send(withFormat(r, 60, cbor));
        assertThat(rsp.rsc()).as("%s", rsp).isEqualTo(2001);
        assertThat(rsp.raw().getOptions().getContentFormat()).isEqualTo(60);
        assertThat(codec.decode(rsp.raw().getPayload())
                .path("m2m:ae").path("aei").asText()).isEqualTo("Ccoapcbor");
    }

    /**
     * RFC 7252 4.5: a confirmable CREATE whose answer was lost is sent again with the same message ID; the door answers
     * it with the first answer and does not create a second instance. Sent as raw datagrams, so that the retransmission
     * is byte for byte the first message.
     */
    @Test
    void aRetransmittedConfirmableCreateGetsTheSameAnswerAndCreatesOnce() throws Exception {
        assertThat(plain.create("Ccoapdup", "/cse-in", 2, aeBody("coapdup")).rsc()).isEqualTo(2001);
        assertThat(plain.create("Ccoapdup", "/cse-in/coapdup", 3, "{\"m2m:cnt\":{\"rn\":\"box\"}}").rsc())
                .isEqualTo(2001);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5_000);
            byte[] create = rawCreate(0x3a41, "{\"m2m:cin\":{\"con\":\"once\"}}");
            Response first = exchangeDatagram(socket, create);
            Response again = exchangeDatagram(socket, create);
            assertThat(first.getType()).isEqualTo(CoAP.Type.ACK);
            assertThat(first.getMID()).isEqualTo(0x3a41);
            assertThat(first.getOptions().getOtherOption(io.bastion.bindings.coap.OneM2mOptions.RSC)
                    .getIntegerValue()).isEqualTo(2001);
            assertThat(again.getMID()).isEqualTo(first.getMID());
            assertThat(again.getToken()).isEqualTo(first.getToken());
            assertThat(again.getPayloadString()).as("the first answer, same resource ID").isEqualTo(
                    first.getPayloadString());
            assertThat(count("/cse-in/coapdup/box")).as("created once").isEqualTo(1);

            // a new message ID with the same content is a new request: the check above is not vacuous
            Response other = exchangeDatagram(socket, rawCreate(0x3a42, "{\"m2m:cin\":{\"con\":\"once\"}}"));
            assertThat(other.getOptions().getOtherOption(io.bastion.bindings.coap.OneM2mOptions.RSC)
                    .getIntegerValue()).isEqualTo(2001);
            assertThat(other.getPayloadString()).isNotEqualTo(first.getPayloadString());
            assertThat(count("/cse-in/coapdup/box")).isEqualTo(2);
        }
    }

    private static byte[] rawCreate(int mid, String json) {
        Request r = plain.request(CoAP.Code.POST, "/cse-in/coapdup/box", "Ccoapdup");
        r.setConfirmable(true);
        r.setMID(mid);
        r.setToken(new byte[] {0x0b, 0x0e, (byte) (mid >> 8), (byte) mid});
        r.getOptions().addOption(new org.eclipse.californium.core.coap.Option(
                io.bastion.bindings.coap.OneM2mOptions.TY, 4));
        r.getOptions().setContentFormat(50);
        r.setPayload(json);
        return new UdpDataSerializer().getByteArray(r);
    }

    private static Response exchangeDatagram(DatagramSocket socket, byte[] message) throws IOException {
        InetSocketAddress door = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.coapPort());
        socket.send(new DatagramPacket(message, message.length, door));
        DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
        socket.receive(in);
        byte[] bytes = java.util.Arrays.copyOf(in.getData(), in.getLength());
        return (Response) new UdpDataParser(false, io.bastion.bindings.coap.OneM2mOptions.REGISTRY)
                .parseMessage(bytes);
    }

    private static int count(String container) {
        Rsp cnt = plain.retrieve("Ccoapdup", container);
        assertThat(cnt.rsc()).as("%s", cnt).isEqualTo(2000);
        return cnt.body().path("m2m:cnt").path("cni").asInt(-1);
    }

    private static Request withFormat(Request r, int format, Object payload) {
        r.getOptions().setContentFormat(format);
        if (payload instanceof byte[] b) {
            r.setPayload(b);
        } else {
            r.setPayload(payload.toString());
        }
        return r;
    }

    // ------------------------------------------------------------------ DTLS-PSK

    static CoapTestClient device(String identity, String hexKey) {
        return CoapTestClient.dtls(server.coapsPort(), identity, HexFormat.of().parseHex(hexKey));
    }

    @Test
    void theProvisionedKeyRegistersItsAeOverDtlsAndCannotClaimAnother() {
        try (CoapTestClient dev = device(DEVICE_ID, DEVICE_KEY)) {
            Rsp ae = dev.create("Cdtlsdev", "/cse-in", 2, aeBody("dtlsdev"));
            assertThat(ae).as("no answer over DTLS").isNotNull();
            assertThat(ae.rsc()).as("%s", ae).isEqualTo(2001);
            assertThat(dev.retrieve("Cdtlsdev", "/cse-in/dtlsdev").rsc()).isEqualTo(2000);

            Rsp other = dev.retrieve("Ccoap1", "/cse-in");
            assertThat(other.code()).as("%s", other).isEqualTo("4.03");
            assertThat(other.rsc()).isEqualTo(4106);
        }
    }

    @Test
    void aWrongKeyFailsTheHandshake() {
        try (CoapTestClient dev = device(DEVICE_ID, "ffeeddccbbaa99887766554433221100")) {
            assertThat(dev.retrieve("Cdtlsdev", "/cse-in")).isNull();
        }
    }

    @Test
    void anUnknownIdentityFailsTheHandshake() {
        try (CoapTestClient dev = device("nobody@issuer.example", DEVICE_KEY)) {
            assertThat(dev.retrieve("Cdtlsdev", "/cse-in")).isNull();
        }
    }

    /**
     * RFC 4279 section 2: an identity that is not provisioned fails the handshake exactly as a wrong key does (no
     * {@code unknown_psk_identity} alert, the Finished silently dropped), so a client cannot enumerate identities;
     * the server's log still says which it was.
     */
    @Test
    void anUnknownIdentityFailsExactlyAsAWrongKeyDoes() throws Exception {
        String wrongKey;
        String unknown;
        String log;
        try (ServerLog serverLog = ServerLog.capture()) {
            wrongKey = handshakeOutcome(DEVICE_ID, "ffeeddccbbaa99887766554433221100");
            unknown = handshakeOutcome("nobody@issuer.example", DEVICE_KEY);
            log = serverLog.text();
        }
        assertThat(unknown).isEqualTo(wrongKey).doesNotContain("UNKNOWN_PSK_IDENTITY");
        assertThat(log).contains("identity that is not provisioned, 'nobody@issuer.example'")
                .doesNotContain("not provisioned, '" + DEVICE_ID + "'");
    }

    /** How the client saw its handshake fail: the alert it received, or none (the server dropped its Finished). */
    private static String handshakeOutcome(String identity, String hexKey) throws Exception {
        java.util.concurrent.CompletableFuture<String> outcome = new java.util.concurrent.CompletableFuture<>();
        try (CoapTestClient dev = CoapTestClient.dtls(server.coapsPort(), b -> b
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, HexFormat.of().parseHex(hexKey)))
                .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 300, java.util.concurrent.TimeUnit.MILLISECONDS)
                .setSessionListener(new SessionAdapter() {
                    @Override
                    public void handshakeFailed(Handshaker handshaker, Throwable error) {
                        outcome.complete(error instanceof HandshakeException h && h.getAlert() != null
                                ? "alert " + h.getAlert().getDescription() : "no alert");
                    }
                }))) {
            assertThat(dev.retrieve("Cdtlsdev", "/cse-in")).as("an answer without a handshake").isNull();
            return outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
