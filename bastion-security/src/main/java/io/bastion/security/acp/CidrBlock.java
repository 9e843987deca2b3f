package io.bastion.security.acp;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 ({@code m2m:ipv4}) or IPv6 ({@code m2m:ipv6}) address with optional prefix length (RFC 4632, RFC 5952),
 * e.g. {@code 10.125.0.0/16} or {@code fadf:ddd0::/32}; an address without prefix is a single host. Parsed by hand,
 * so no text ever reaches a resolver. Host bits beyond the prefix are cleared. Immutable.
 *
 * <p><b>IPv4-mapped addresses</b> ({@code ::ffff:a.b.c.d}, RFC 4291 2.5.5.2) denote IPv4 hosts, and a dual-stack
 * socket may report an IPv4 peer in either form. So that a decision never depends on which form arrived, a mapped
 * source address is always treated as the IPv4 address {@code a.b.c.d}: it lies in IPv4 blocks, and it lies in an
 * IPv6 block only when that block itself lies inside {@code ::ffff:0:0/96} (prefix 96 or longer), compared on the
 * embedded IPv4 bits. A wide IPv6 block such as {@code ::/0} or {@code ::/80} therefore never admits an IPv4 host.
 */
public final class CidrBlock {
    private static final int MAPPED_PREFIX = 96;

    private final byte[] network;
    private final int prefix;
    /** An IPv6 block inside ::ffff:0:0/96: it names IPv4 hosts in their mapped form. */
    private final boolean mapped;
    /** An IPv4 block, or a mapped one: IPv4 sources can lie in it. */
    private final boolean namesIpv4;
    /**
     * For a block that names IPv4 hosts: its IPv4 network and netmask as ints, so that an IPv4 source is tested with
     * one mask and compare ({@link #containsIpv4}). Both 0 for other blocks.
     */
    private final int ipv4Network;
    private final int ipv4Mask;

    private CidrBlock(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        this.mapped = network.length == 16 && prefix >= MAPPED_PREFIX && isMapped(network);
        this.namesIpv4 = network.length == 4 || mapped;
        if (namesIpv4) {
            int v4Bits = network.length == 4 ? prefix : prefix - MAPPED_PREFIX;
            this.ipv4Network = ipv4Int(network, network.length - 4);
            this.ipv4Mask = v4Bits == 0 ? 0 : -1 << (32 - v4Bits); // a shift by 32 would be a shift by 0
        } else {
            this.ipv4Network = 0;
            this.ipv4Mask = 0;
        }
    }

    /** Four bytes from {@code from} on, big-endian, as an int. */
    static int ipv4Int(byte[] a, int from) {
        return (a[from] & 0xff) << 24 | (a[from + 1] & 0xff) << 16 | (a[from + 2] & 0xff) << 8 | (a[from + 3] & 0xff);
    }

    /** True for 16 bytes of the form ::ffff:a.b.c.d. */
    static boolean isMapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /**
     * The bytes of {@code address} for matching: 4 for IPv4 and for IPv4-mapped IPv6, else 16; null for null.
     * A zone (scope) of an IPv6 address is ignored.
     */
    static byte[] normalise(InetAddress address) {
        if (address == null) {
            return null;
        }
        byte[] a = address.getAddress();
        return isMapped(a) ? Arrays.copyOfRange(a, 12, 16) : a;
    }

    /**
     * Parses dotted-decimal IPv4 with optional {@code /0..32}.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static CidrBlock parseIpv4(String text) {
        int slash = text.indexOf('/');
        byte[] address = ipv4Bytes(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        return new CidrBlock(address, prefix(text, slash, 32));
    }

    /**
     * Parses colon-separated hexadecimal IPv6 (with {@code ::} and an optional trailing dotted IPv4 part) with
     * optional {@code /0..128}. Zone identifiers ({@code %eth0}) are refused.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static CidrBlock parseIpv6(String text) {
        int slash = text.indexOf('/');
        byte[] address = ipv6Bytes(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        return new CidrBlock(address, prefix(text, slash, 128));
    }

    private static int prefix(String text, int slash, int max) {
        if (slash < 0) {
            return max;
        }
        String p = text.substring(slash + 1);
        int v = decimal(p, 3);
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + max);
        }
        return v;
    }

    /** A non-negative decimal of at most {@code maxDigits} digits without leading zeros, or -1. */
    private static int decimal(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Four octets, each 0..255 without leading zeros (which some parsers read as octal), or null. */
    private static byte[] ipv4Bytes(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = decimal(parts[i], 3);
            if (v < 0 || v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] ipv6Bytes(String s) {
        if (s.isEmpty() || s.indexOf('%') >= 0) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount;
        if (gap < 0) {
            headCount = groups(s, head, true);
            tailCount = 0;
            if (headCount != 8) {
                return null;
            }
        } else {
            String left = s.substring(0, gap);
            String right = s.substring(gap + 2);
            headCount = left.isEmpty() ? 0 : groups(left, head, false);
            tailCount = right.isEmpty() ? 0 : groups(right, tail, true);
            if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
                return null;
            }
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, headCount);
        System.arraycopy(tail, 0, all, 8 - tailCount, tailCount);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >>> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /**
     * Parses colon-separated 16-bit groups into {@code out}; the last part may be dotted IPv4 (two groups) when
     * {@code ipv4Allowed}. Returns the number of groups, or -1 when malformed.
     */
    private static int groups(String s, int[] out, boolean ipv4Allowed) {
        String[] parts = s.split(":", -1);
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (ipv4Allowed && i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] v4 = ipv4Bytes(part);
                if (v4 == null || n + 2 > 8) {
                    return -1;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || n >= 8) {
                return -1;
            }
            int v = 0;
            for (int c = 0; c < part.length(); c++) {
                int d = hexDigit(part.charAt(c));
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            out[n++] = v;
        }
        return n;
    }

    /** ASCII hexadecimal only: {@link Character#digit} would also accept other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** True for an IPv4 block. */
    public boolean isIpv4() {
        return network.length == 4;
    }

    /** The prefix length (32 or 128 for a single host). */
    public int prefixLength() {
        return prefix;
    }

    /** True for an IPv6 block inside {@code ::ffff:0:0/96}, which IPv4 source addresses can lie in. */
    boolean namesIpv4Hosts() {
        return namesIpv4;
    }

    /**
     * True when {@code address} lies in this block. An address of the other family never does, except for
     * IPv4-mapped addresses as the class comment describes; a null address never does.
     */
    public boolean contains(InetAddress address) {
        return address != null && containsNormalised(normalise(address));
    }

    /**
     * {@link #contains} for an IPv4 source (or the IPv4 address a mapped IPv6 source carries) given as an int, as
     * {@link #ipv4Int} makes it; the same answer as {@link #containsNormalised} on its four bytes.
     */
    boolean containsIpv4(int address) {
        return namesIpv4 && (address & ipv4Mask) == ipv4Network;
    }

    /** {@link #contains} for bytes from {@link #normalise} (4 or 16 bytes, never a mapped 16). */
    boolean containsNormalised(byte[] a) {
        if (a.length == network.length) {
            return prefixEquals(a, 0, prefix);
        }
        // An IPv4 source against an IPv6 block inside ::ffff:0:0/96: compare the embedded IPv4 bits.
        return a.length == 4 && mapped && prefixEquals(a, 12, prefix - MAPPED_PREFIX);
    }

    /** The first {@code bits} bits of {@code a} equal those of the network from byte {@code nFrom} on. */
    private boolean prefixEquals(byte[] a, int nFrom, int bits) {
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[nFrom + i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff00 >>> rest) & 0xff;
        return (a[full] & mask) == (network[nFrom + full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** The network in canonical text with its prefix, e.g. {@code 10.125.0.0/16} or {@code fadf:ddd0:0:0:0:0:0:0/32}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (isIpv4()) {
            for (int i = 0; i < 4; i++) {
                sb.append(i == 0 ? "" : ".").append(network[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 8; i++) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((network[2 * i] & 0xff) << 8)
                        | (network[2 * i + 1] & 0xff)));
            }
        }
        return sb.append('/').append(prefix).toString();
    }
}
