package io.bastion.security.acp;

import java.net.InetAddress;
import java.util.List;

/**
 * {@code acip}: the request's source address must lie in one of these IPv4 or IPv6 blocks (TS-0003 7.1.3,
 * TS-0004 6.3.5.27). Each address is compared with the blocks of its own family; an IPv4-mapped IPv6 source
 * ({@code ::ffff:a.b.c.d}) counts as the IPv4 address it carries (see {@link CidrBlock}). An unknown source
 * address lies in no block.
 */
public record IpRanges(List<CidrBlock> ipv4, List<CidrBlock> ipv6) implements ContextCondition {
    public IpRanges {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    /** {@code res_ip}: {@code remoteIp} lies in some block; false for null. */
    boolean admits(InetAddress remoteIp) {
        return admits(SourceAddress.of(remoteIp));
    }

    /**
     * The same for an address prepared once per decision; false for null. An IPv4 source can lie in IPv4 blocks and
     * in IPv6 blocks inside {@code ::ffff:0:0/96}; an IPv6 source only in IPv6 blocks.
     */
    boolean admits(SourceAddress source) {
        if (source == null) {
            return false;
        }
        if (source.isIpv4()) {
            int address = source.ipv4();
            return anyContainsIpv4(ipv4, address) || anyContainsIpv4(ipv6, address);
        }
        byte[] bytes = source.bytes();
        for (int i = 0; i < ipv6.size(); i++) {
            if (ipv6.get(i).containsNormalised(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyContainsIpv4(List<CidrBlock> blocks, int address) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).containsIpv4(address)) {
                return true;
            }
        }
        return false;
    }
}
