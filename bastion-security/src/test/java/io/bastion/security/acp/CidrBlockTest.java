package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrBlockTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.125.0.0/16  | 10.125.0.0/16
            10.125.3.4/16  | 10.125.0.0/16
            122.77.12.1    | 122.77.12.1/32
            0.0.0.0/0      | 0.0.0.0/0
            192.168.1.0/20 | 192.168.0.0/20
            """)
    void parsesIpv4(String text, String canonical) {
        CidrBlock b = CidrBlock.parseIpv4(text);
        assertThat(b.isIpv4()).isTrue();
        assertThat(b).hasToString(canonical);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ::/0                      | 0:0:0:0:0:0:0:0/0
            Fadf:ddd0::/32            | fadf:ddd0:0:0:0:0:0:0/32
            abcd:ffff:abb0:aaaa::/64  | abcd:ffff:abb0:aaaa:0:0:0:0/64
            ::1                       | 0:0:0:0:0:0:0:1/128
            1:2:3:4:5:6:7:8           | 1:2:3:4:5:6:7:8/128
            ::ffff:10.0.0.1           | 0:0:0:0:0:ffff:a00:1/128
            fe80::1                   | fe80:0:0:0:0:0:0:1/128
            1::                       | 1:0:0:0:0:0:0:0/128
            1:2:3:4:5:6:7::           | 1:2:3:4:5:6:7:0/128
            """)
    void parsesIpv6(String text, String canonical) {
        CidrBlock b = CidrBlock.parseIpv6(text);
        assertThat(b.isIpv4()).isFalse();
        assertThat(b).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.1.2", "256.0.0.1", "01.2.3.4", "1.2.3.4/", "1.2.3.4/33",
        "1.2.3.4/08", "a.b.c.d", "1.2.3.4/-1", " 1.2.3.4", "1.2.3.4 ", "١.2.3.4", "::1"})
    void refusesMalformedIpv4(String text) {
        assertThatThrownBy(() -> CidrBlock.parseIpv4(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fe80::1::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1",
        "fe80::1%eth0", "::/129", ":1::2", "1::2:", "1.2.3.4", ":::", "1:2:3:4:5:6:7:8::", "1.2.3.4::",
        "::１", "::1/"})
    void refusesMalformedIpv6(String text) {
        assertThatThrownBy(() -> CidrBlock.parseIpv6(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} contains {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.125.0.0/16       | 10.125.200.1      | true
            10.125.0.0/16       | 10.126.0.1        | false
            192.168.0.0/20      | 192.168.15.255    | true
            192.168.0.0/20      | 192.168.16.0      | false
            0.0.0.0/0           | 8.8.8.8           | true
            122.77.12.1         | 122.77.12.1       | true
            122.77.12.1         | 122.77.12.2       | false
            10.0.0.0/8          | ::1               | false
            fadf:ddd0::/32      | fadf:ddd0:1::5    | true
            fadf:ddd0::/32      | fadf:ddd1::5      | false
            ::/0                | 10.0.0.1          | false
            ::ffff:10.0.0.0/104 | 10.1.2.3          | true
            ::ffff:10.0.0.0/104 | 11.1.2.3          | false
            ::ffff:0:0/96       | 192.0.2.1         | true
            ::/80               | 192.0.2.1         | false
            """)
    void containsComparesThePrefixBits(String block, String address, boolean expected) throws UnknownHostException {
        CidrBlock b = block.indexOf(':') >= 0 ? CidrBlock.parseIpv6(block) : CidrBlock.parseIpv4(block);
        // Literal addresses only: InetAddress does not consult DNS for them.
        assertThat(b.contains(InetAddress.getByName(address))).isEqualTo(expected);
        assertThat(b.contains(null)).isFalse();
    }
}
