package io.bastion.security.acp;

import java.net.InetAddress;

/**
 * {@code rq_ip} prepared once per decision for the {@code acip} blocks of every rule: the address bytes as
 * {@link CidrBlock#normalise} gives them (an IPv4-mapped IPv6 address becomes the IPv4 address it carries), and for
 * IPv4 the same as an int, which {@link CidrBlock#containsIpv4} compares with one mask. Immutable.
 */
final class SourceAddress {
    private final byte[] bytes;
    private final boolean isIpv4;
    private final int ipv4;

    private SourceAddress(byte[] bytes) {
        this.bytes = bytes;
        this.isIpv4 = bytes.length == 4;
        this.ipv4 = isIpv4 ? CidrBlock.ipv4Int(bytes, 0) : 0;
    }

    /** The prepared address, or null for an unknown (null) one. */
    static SourceAddress of(InetAddress address) {
        byte[] normalised = CidrBlock.normalise(address);
        return normalised == null ? null : new SourceAddress(normalised);
    }

    boolean isIpv4() {
        return isIpv4;
    }

    /** The IPv4 address as an int; only meaningful when {@link #isIpv4}. */
    int ipv4() {
        return ipv4;
    }

    /** The normalised bytes (4 or 16); callers must not modify them. */
    byte[] bytes() {
        return bytes;
    }
}
