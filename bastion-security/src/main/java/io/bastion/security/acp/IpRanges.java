package io.bastion.security.acp;

import java.util.List;

/** {@code acip}: the request's source address must lie in one of these IPv4 or IPv6 blocks (TS-0004 6.3.5.27). */
public record IpRanges(List<CidrBlock> ipv4, List<CidrBlock> ipv6) implements ContextCondition {
    public IpRanges {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }
}
