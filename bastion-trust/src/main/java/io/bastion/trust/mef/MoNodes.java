package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MO nodes the MEF keeps for an enrolee (TS-0003 8.3.9.9.1: the node an MO_NODE command names is "already
 * configured to the DM Client", e.g. with the TS-0022 Device Configuration): what an MO path may look like, which
 * TS-0022 objects a node may hold, and what the MEF adds when serving one (an authenticationProfile with a certificate
 * SUID and no myCertFingerprint gets the fingerprint of the latest certificate the MEF issued to the enrolee).
 */
final class MoNodes {
    /** The roots of the TS-0022 specialisations a node may hold (short names of TS-0022 V4.2.0). */
    static final Set<String> ROOTS = Set.of("dcfg:reg", "dcfg:autp", "dcfg:tac", "dcfg:macrc", "dcfg:mecrc");
    static final int MAX_DEPTH = 8;
    static final int MAX_OBJECT_CHARS = 16 * 1024;
    private static final String SEGMENT = "[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,63}";

    private MoNodes() {
    }

    /**
     * An MO path in its one form ({@code reg1/autp1}: segments joined by {@code /}, no leading or trailing slash).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static String path(String path) {
        if (path == null) {
            throw new IllegalArgumentException("give the MO node's path, e.g. reg1/autp1");
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        String[] segments = p.split("/", -1);
        if (p.isEmpty() || segments.length > MAX_DEPTH) {
            throw new IllegalArgumentException("an MO path is 1 to " + MAX_DEPTH + " segments such as reg1/autp1");
        }
        for (String s : segments) {
            if (!s.matches(SEGMENT)) {
                throw new IllegalArgumentException("MO path segment '" + s + "': 1 to 64 of A-Z a-z 0-9 . _ ~ -, "
                        + "not starting with a dot");
            }
        }
        return p;
    }

    /**
     * The object of a node: exactly one member, a TS-0022 root of {@link #ROOTS} holding an object.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static ObjectNode object(JsonNode tree) {
        if (tree == null || !tree.isObject() || tree.size() != 1) {
            throw new IllegalArgumentException("an MO node is one TS-0022 object, e.g. {\"dcfg:tac\":{\"uri\":…,"
                    + "\"cfp\":…}}");
        }
        String root = tree.fieldNames().next();
        if (!ROOTS.contains(root)) {
            throw new IllegalArgumentException(root + ": an MO node holds one of " + List.copyOf(
                    new java.util.TreeSet<>(ROOTS)));
        }
        if (!tree.get(root).isObject()) {
            throw new IllegalArgumentException(root + ": must be an object");
        }
        if (tree.toString().length() > MAX_OBJECT_CHARS) {
            throw new IllegalArgumentException("an MO node is at most " + MAX_OBJECT_CHARS + " characters");
        }
        return (ObjectNode) tree;
    }

    /** The node as served to the enrolee: a copy, with mcfp filled for a certificate SUID when the MEF knows it. */
    static ObjectNode served(ObjectNode node, List<String> issued) {
        ObjectNode out = node.deepCopy();
        JsonNode autp = out.get("dcfg:autp");
        if (autp instanceof ObjectNode a && !a.has("mcfp") && !issued.isEmpty()) {
            int suid = a.path("suid").asInt(0);
            if (suid >= 41 && suid <= 43) {
                a.put("mcfp", issued.get(issued.size() - 1));
            }
        }
        return out;
    }

    /** Whether {@code path} is {@code ancestor} or lies below it. */
    static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + "/");
    }

    /** The paths below {@code path} (for removal with their parent). */
    static List<String> subtree(Map<String, ?> nodes, String path) {
        return nodes.keySet().stream().filter(p -> within(p, path)).toList();
    }
}
