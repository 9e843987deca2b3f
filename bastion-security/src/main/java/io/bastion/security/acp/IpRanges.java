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
        byte[] source = CidrBlock.normalise(remoteIp);
        return source != null && (anyContains(ipv4, source) || anyContains(ipv6, source));
    }

    private static boolean anyContains(List<CidrBlock> blocks, byte[] source) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).containsNormalised(source)) {
                return true;
            }
        }
        return false;
    }
}
