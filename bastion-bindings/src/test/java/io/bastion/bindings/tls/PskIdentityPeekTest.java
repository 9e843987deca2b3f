package io.bastion.bindings.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import io.bastion.security.credential.StandInKeys;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/**
 * The peek reads the identity Bouncy Castle's own client sends: in TLS 1.3 from the ClientHello's pre_shared_key, in
 * TLS 1.2 from the ClientKeyExchange that arrives with ChangeCipherSpec and Finished; whole, byte by byte, and never
 * from malformed or encrypted records.
 */
class PskIdentityPeekTest {
    static final String ID = "0123456789abcdef0123456789abcdef@maf.example";
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final TlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    static byte[] out(org.bouncycastle.tls.TlsProtocol p) {
        byte[] b = new byte[p.getAvailableOutputBytes()];
        p.readOutput(b, 0, b.length);
        return b;
    }

    static byte[] clientHello13() throws Exception {
        TlsClientProtocol c = new TlsClientProtocol();
        c.connect(new PskTlsClient(CRYPTO, ID, KEY, ProtocolVersion.TLSv13, CipherSuite.TLS_AES_128_GCM_SHA256, null));
        return out(c);
    }

    /** The two flights of a TLS 1.2 PSK client: ClientHello, then ClientKeyExchange + ChangeCipherSpec + Finished. */
    static List<byte[]> flights12() throws Exception {
        PskStore store = id -> id.equals(ID) ? Optional.of(new PskCredential(ID, PreSharedKey.of(KEY), Set.of("Cp")))
                : Optional.empty();
        TlsServerProtocol s = new TlsServerProtocol();
        s.accept(new PskTlsServer(PskTlsCrypto.create(new SecureRandom()), store, new StandInKeys(new SecureRandom())));
        TlsClientProtocol c = new TlsClientProtocol();
        c.connect(new PskTlsClient(CRYPTO, ID, KEY, ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, null));
        byte[] hello = out(c);
        s.offerInput(hello);
        c.offerInput(out(s));
        return List.of(hello, out(c));
    }

    static List<String> offerWhole(PskIdentityPeek p, byte[] b) {
        return p.offer(b, 0, b.length);
    }

    static List<String> offerBytewise(PskIdentityPeek p, byte[] b) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            found.addAll(p.offer(b, i, 1));
        }
        return found;
    }

    @Test
    void tls13ClientHelloOffersTheIdentityWholeOrBytewise() throws Exception {
        byte[] hello = clientHello13();
        PskIdentityPeek whole = new PskIdentityPeek();
        assertThat(offerWhole(whole, hello)).containsExactly(ID);
        assertThat(offerBytewise(new PskIdentityPeek(), hello)).containsExactly(ID);
    }

    @Test
    void tls12IdentityComesWithTheSecondFlightAndThenThePeekIsDone() throws Exception {
        List<byte[]> f = flights12();
        PskIdentityPeek p = new PskIdentityPeek();
        assertThat(offerWhole(p, f.get(0))).isEmpty();
        assertThat(p.done()).isFalse();
        assertThat(offerWhole(p, f.get(1))).containsExactly(ID);
        assertThat(p.done()).isTrue();
        PskIdentityPeek b = new PskIdentityPeek();
        assertThat(offerBytewise(b, f.get(0))).isEmpty();
        assertThat(offerBytewise(b, f.get(1))).containsExactly(ID);
    }

    @Test
    void malformedOrNonHandshakeInputFindsNothingAndGivesUp() throws Exception {
        byte[] hello = clientHello13();
        Object[][] cases = {
            {new byte[] {23, 3, 3, 0, 1, 0}, true},                    // application data first
            {new byte[] {22, 3, 3, 0, 4, 16, 0, 0, 9}, false},          // a ClientKeyExchange still incomplete
            {new byte[] {22, 3, 3, 0, 6, 16, 0, 0, 2, 0, 9}, true},     // its identity longer than the message
            {new byte[] {21, 3, 3, 0, 2, 2, 40}, true},                 // an alert
            {java.util.Arrays.copyOf(hello, 60), false},                // a ClientHello cut short: waits for more
        };
        for (Object[] c : cases) {
            PskIdentityPeek p = new PskIdentityPeek();
            assertThat(offerWhole(p, (byte[]) c[0])).isEmpty();
            assertThat(p.done()).as(HexFormat.of().formatHex((byte[]) c[0])).isEqualTo(c[1]);
        }
        PskIdentityPeek big = new PskIdentityPeek();
        ByteArrayOutputStream lots = new ByteArrayOutputStream();
        lots.write(new byte[] {22, 3, 3, (byte) 0x7f, (byte) 0xff});
        lots.write(new byte[40_000]);
        assertThat(offerWhole(big, lots.toByteArray())).isEmpty();
        assertThat(big.done()).as("more than 32 KiB of handshake is not read").isTrue();
    }
}
