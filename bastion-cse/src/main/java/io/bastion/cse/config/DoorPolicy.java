package io.bastion.cse.config;

import io.bastion.core.primitive.Peer;
import io.bastion.security.acp.CidrBlock;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which requests must arrive over a security association (TS-0003 8.2), decided per door and per source address
 * before the originator is looked at. A request that the transport did not authenticate is accepted only when its
 * door is not listed in {@code requireAssociation} and its source address lies in one of {@code plainAllow}; any
 * other one is refused with 4107 (SECURITY_ASSOCIATION_REQUIRED). Requests the CSE makes to itself (door
 * {@code internal}) and the hypothetical requests of the explain tool (door {@code explain}, which has no transport)
 * are exempt.
 *
 * @param plainAllow CIDR blocks from which unauthenticated requests are accepted ({@code plain.allow}; default
 *        loopback only: {@code 127.0.0.0/8,::1/128})
 * @param requireAssociation doors whose requests always need an authenticated association
 *        ({@code doors.require-association}; default none)
 */
public record DoorPolicy(List<CidrBlock> plainAllow, Set<String> requireAssociation) {

    /** The default of {@code plain.allow}: plain (unauthenticated) requests from loopback only. */
    public static final String DEFAULT_PLAIN_ALLOW = "127.0.0.0/8,::1/128";

    public DoorPolicy {
        plainAllow = List.copyOf(plainAllow);
        requireAssociation = Set.copyOf(requireAssociation);
    }

    public static DoorPolicy defaults() {
        return parse(DEFAULT_PLAIN_ALLOW, "");
    }

    /**
     * Reads the two configuration values: comma-separated CIDR blocks (an address without prefix is one host) and
     * comma-separated door names; blanks around items are ignored, an empty value is an empty list.
     *
     * @throws IllegalArgumentException naming the key and the bad item
     */
    public static DoorPolicy parse(String plainAllow, String requireAssociation) {
        List<CidrBlock> blocks = new ArrayList<>();
        for (String item : items(plainAllow)) {
            try {
                blocks.add(block(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("plain.allow: " + e.getMessage(), e);
            }
        }
        Set<String> doors = new LinkedHashSet<>();
        for (String item : items(requireAssociation)) {
            if (!item.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("doors.require-association: '" + item
                        + "' is not a door name (lower-case letters, digits, '-')");
            }
            doors.add(item);
        }
        return new DoorPolicy(blocks, doors);
    }

    private static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String s : text.split(",", -1)) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** An IPv6 block when the text has a colon, an IPv4 block otherwise. */
    static CidrBlock block(String text) {
        return text.indexOf(':') >= 0 ? CidrBlock.parseIpv6(text) : CidrBlock.parseIpv4(text);
    }

    /**
     * Why this peer's request must be refused with 4107, or null when the policy accepts it. An authenticated
     * association always passes; an unknown source address never lies in {@code plainAllow}.
     */
    public String refusal(Peer peer) {
        String door = peer.door();
        if ("internal".equals(door) || "explain".equals(door) || peer.authentication().authenticated()) {
            return null;
        }
        if (requireAssociation.contains(door)) {
            return "door " + door + " requires a security association (doors.require-association)";
        }
        InetAddress a = peer.address();
        for (CidrBlock b : plainAllow) {
            if (b.contains(a)) {
                return null;
            }
        }
        if (plainAllow.isEmpty()) {
            return "requests without a security association are not accepted (plain.allow is empty);"
                    + " use the TLS-PSK or HTTPS door";
        }
        String allowed = String.join(",", plainAllow.stream().map(CidrBlock::toString).toList());
        return "requests without a security association are accepted from " + allowed + " only; "
                + (a == null ? "the source address is unknown" : a.getHostAddress() + " is not in plain.allow")
                + " (use the TLS-PSK or HTTPS door)";
    }
}
