package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.security.acp.CidrBlock;
import java.util.Set;

/**
 * {@code oip}, the originator's IP address in a {@code dreq} (TS-0004 6.3.5.46): exactly one of {@code ip4} and
 * {@code ip6}, each a single address literal (no prefix).
 *
 * @param ip4 ipv4Address, or null
 * @param ip6 ipv6Address, or null
 */
public record OriginatorIp(String ip4, String ip6) {
    private static final Set<String> MEMBERS = Set.of("ip4", "ip6");

    public OriginatorIp {
        if ((ip4 == null) == (ip6 == null)) {
            throw new MalformedSecurityInfoException("oip: exactly one of ip4 and ip6 must be present");
        }
        if (ip4 != null) {
            checkAddress(ip4, "oip.ip4", true);
        } else {
            checkAddress(ip6, "oip.ip6", false);
        }
    }

    public static OriginatorIp ipv4(String address) {
        return new OriginatorIp(address, null);
    }

    public static OriginatorIp ipv6(String address) {
        return new OriginatorIp(null, address);
    }

    /** The address, whichever family it is. */
    public String address() {
        return ip4 != null ? ip4 : ip6;
    }

    ObjectNode toJson() {
        ObjectNode o = Members.NODES.objectNode();
        if (ip4 != null) {
            o.put("ip4", ip4);
        } else {
            o.put("ip6", ip6);
        }
        return o;
    }

    static OriginatorIp fromJson(JsonNode node, String path) {
        Members.requireObject(node, path, "an object with ip4 or ip6");
        Members.rejectUnknown(node, path, MEMBERS);
        JsonNode v4 = node.get("ip4");
        JsonNode v6 = node.get("ip6");
        if ((v4 == null) == (v6 == null)) {
            throw Members.invalid(path, "exactly one of ip4 and ip6 must be present");
        }
        String at = path + (v4 != null ? ".ip4" : ".ip6");
        JsonNode v = v4 != null ? v4 : v6;
        if (!v.isTextual()) {
            throw Members.invalid(at, "must be an IP address string");
        }
        checkAddress(v.textValue(), at, v4 != null);
        return v4 != null ? ipv4(v.textValue()) : ipv6(v.textValue());
    }

    private static void checkAddress(String a, String path, boolean v4) {
        if (a.isEmpty() || a.length() > 45 || a.indexOf('/') >= 0) {
            throw Members.invalid(path, v4 ? "must be an IPv4 address" : "must be an IPv6 address");
        }
        try {
            if (v4) {
                CidrBlock.parseIpv4(a);
            } else {
                CidrBlock.parseIpv6(a);
            }
        } catch (IllegalArgumentException e) {
            throw Members.invalid(path, e.getMessage());
        }
    }
}
