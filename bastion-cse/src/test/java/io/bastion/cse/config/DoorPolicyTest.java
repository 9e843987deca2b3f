package io.bastion.cse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Peer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The association policy per door and per address, with constructed peers (no traffic). */
class DoorPolicyTest {
    private static final Authentication VERIFIED = new Authentication.Verified("dev1@issuer.example", Set.of("Cdev1"));

    static Peer peer(String ip, String door, Authentication a) throws Exception {
        return new Peer(new InetSocketAddress(InetAddress.getByName(ip), 40000), door, a);
    }

    @ParameterizedTest(name = "{0} over {1} -> accepted {2}")
    @CsvSource({
            "127.0.0.1, http, true",
            "127.8.9.10, http, true",
            "::1, http, true",
            "::ffff:127.0.0.1, http, true",
            "192.0.2.10, http, false",
            "10.1.2.3, coap, false",
            "2001:db8::1, http, false",
            "::ffff:192.0.2.10, http, false"})
    void byDefaultPlainRequestsAreAcceptedFromLoopbackOnly(String ip, String door, boolean accepted) throws Exception {
        assertThat(DoorPolicy.defaults().refusal(peer(ip, door, Authentication.none())) == null).isEqualTo(accepted);
    }

    @Test
    void anAuthenticatedAssociationPassesFromAnyAddress() throws Exception {
        DoorPolicy p = DoorPolicy.defaults();
        assertThat(p.refusal(peer("192.0.2.10", "psk", VERIFIED))).isNull();
        assertThat(p.refusal(peer("2001:db8::1", "https", VERIFIED))).isNull();
    }

    @Test
    void theRefusalNamesTheAddressAndTheWayOut() throws Exception {
        String why = DoorPolicy.defaults().refusal(peer("192.0.2.10", "http", Authentication.none()));
        assertThat(why).contains("192.0.2.10 is not in plain.allow").contains("127.0.0.0/8").contains("TLS-PSK");
    }

    @Test
    void anUnknownAddressIsNeverPlainAllowed() {
        Peer unknown = new Peer(null, "http", Authentication.none());
        assertThat(DoorPolicy.defaults().refusal(unknown)).contains("unknown");
        assertThat(DoorPolicy.parse("0.0.0.0/0,::/0", "").refusal(unknown)).isNotNull();
    }

    @Test
    void internalAndExplainPeersAreExempt() {
        DoorPolicy strict = DoorPolicy.parse("", "internal,explain");
        assertThat(strict.refusal(Peer.internal())).isNull();
        assertThat(strict.refusal(new Peer(null, "explain", Authentication.none()))).isNull();
    }

    @Test
    void operatorsMayAllowTheirLan() throws Exception {
        DoorPolicy lan = DoorPolicy.parse("127.0.0.0/8, ::1/128, 192.0.2.0/24, 2001:db8::/32", "");
        assertThat(lan.refusal(peer("192.0.2.10", "http", Authentication.none()))).isNull();
        assertThat(lan.refusal(peer("2001:db8::1", "http", Authentication.none()))).isNull();
        assertThat(lan.refusal(peer("198.51.100.1", "http", Authentication.none()))).isNotNull();
    }

    @Test
    void aDoorThatRequiresAnAssociationRefusesEvenLoopback() throws Exception {
        DoorPolicy p = DoorPolicy.parse(DoorPolicy.DEFAULT_PLAIN_ALLOW, "coap, http");
        assertThat(p.refusal(peer("127.0.0.1", "http", Authentication.none())))
                .contains("door http requires a security association");
        assertThat(p.refusal(peer("127.0.0.1", "coap", Authentication.none()))).isNotNull();
        assertThat(p.refusal(peer("127.0.0.1", "https", VERIFIED))).isNull();
        assertThat(p.refusal(peer("127.0.0.1", "ws", Authentication.none()))).isNull();
    }

    @Test
    void anEmptyAllowListRefusesEveryPlainRequest() throws Exception {
        assertThat(DoorPolicy.parse("", "").refusal(peer("127.0.0.1", "http", Authentication.none())))
                .contains("plain.allow is empty");
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> DoorPolicy.parse("10.0.0.0/33", "")).hasMessageStartingWith("plain.allow:");
        assertThatThrownBy(() -> DoorPolicy.parse("example.com", "")).hasMessageStartingWith("plain.allow:");
        assertThatThrownBy(() -> DoorPolicy.parse(DoorPolicy.DEFAULT_PLAIN_ALLOW, "HTTP S"))
                .hasMessageStartingWith("doors.require-association:");
    }
}
