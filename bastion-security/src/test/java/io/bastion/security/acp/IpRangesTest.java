package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code res_ip}: {@link IpRanges#admits}, each source compared with the blocks of its own family. */
class IpRangesTest {

    /** Literal addresses only (no DNS); "mapped:a.b.c.d" is an Inet6Address holding ::ffff:a.b.c.d; "-" is null. */
    static InetAddress address(String text) throws UnknownHostException {
        if (text.equals("-")) {
            return null;
        }
        if (text.startsWith("mapped:")) {
            byte[] v4 = InetAddress.getByName(text.substring(7)).getAddress();
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(v4, 0, v6, 12, 4);
            InetAddress a = Inet6Address.getByAddress(null, v6, -1);
            assertThat(a).isInstanceOf(Inet6Address.class);
            return a;
        }
        return InetAddress.getByName(text);
    }

    static IpRanges ranges(String ipv4, String ipv6) {
        return new IpRanges(blocks(ipv4, true), blocks(ipv6, false));
    }

    private static List<CidrBlock> blocks(String list, boolean v4) {
        if (list == null) {
            return List.of();
        }
        return Arrays.stream(list.split(" ")).map(v4 ? CidrBlock::parseIpv4 : CidrBlock::parseIpv6).toList();
    }

    @ParameterizedTest(name = "ipv4 [{0}] ipv6 [{1}] admits {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # IPv4 prefixes /0 /8 /32
            0.0.0.0/0                |                     | 8.8.8.8                  | true
            0.0.0.0/0                |                     | 255.255.255.255          | true
            10.0.0.0/8               |                     | 10.0.0.0                 | true
            10.0.0.0/8               |                     | 10.255.255.255           | true
            10.0.0.0/8               |                     | 11.0.0.0                 | false
            10.0.0.0/8               |                     | 9.255.255.255            | false
            10.0.0.5/32              |                     | 10.0.0.5                 | true
            10.0.0.5/32              |                     | 10.0.0.4                 | false
            10.0.0.5                 |                     | 10.0.0.5                 | true
            10.0.0.5                 |                     | 10.0.0.6                 | false
            192.168.0.0/20 127.0.0.0/8 |                   | 127.0.0.1                | true
            # IPv6 prefixes /0 /64 /128, zones ignored
                                     | ::/0                | 2001:db8::1              | true
                                     | 2001:db8:1:2::/64   | 2001:db8:1:2:ffff:ffff:ffff:ffff | true
                                     | 2001:db8:1:2::/64   | 2001:db8:1:3::           | false
                                     | 2001:db8::1/128     | 2001:db8::1              | true
                                     | 2001:db8::1         | 2001:db8::1              | true
                                     | 2001:db8::1/128     | 2001:db8::2              | false
                                     | fe80::/64           | fe80::1%1                | true
            # family mismatch
                                     | ::/0                | 10.0.0.1                 | false
            0.0.0.0/0                |                     | ::1                      | false
            10.0.0.0/8               | ::1                 | ::2                      | false
            127.0.0.0/8              | ::1                 | ::1                      | true
            127.0.0.0/8              | ::1                 | 127.0.0.1                | true
            # IPv4-mapped sources count as IPv4, however the JDK represents them
            10.0.0.0/8               |                     | mapped:10.1.2.3          | true
            10.0.0.0/8               |                     | ::ffff:10.1.2.3          | true
            10.0.0.0/8               |                     | mapped:11.1.2.3          | false
                                     | ::/0                | mapped:10.1.2.3          | false
                                     | ::/80               | mapped:10.1.2.3          | false
                                     | ::/80               | 10.1.2.3                 | false
                                     | ::ffff:10.0.0.0/104 | 10.1.2.3                 | true
                                     | ::ffff:10.0.0.0/104 | mapped:10.1.2.3          | true
                                     | ::ffff:10.0.0.0/104 | 11.1.2.3                 | false
                                     | ::ffff:0:0/96       | 192.0.2.1                | true
                                     | ::ffff:192.0.2.1    | 192.0.2.1                | true
                                     | ::ffff:192.0.2.1    | 192.0.2.2                | false
            # an unknown source lies in no block
            0.0.0.0/0                | ::/0                | -                        | false
            """)
    void admitsASourceInAnyBlockOfItsFamily(String ipv4, String ipv6, String source, boolean expected)
            throws UnknownHostException {
        assertThat(ranges(ipv4, ipv6).admits(address(source))).isEqualTo(expected);
    }
}
