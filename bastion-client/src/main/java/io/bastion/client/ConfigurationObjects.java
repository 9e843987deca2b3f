package io.bastion.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.client.trust.DeviceConfiguration;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a device's TS-0022 security objects from its {@link DeviceConfiguration} as {@code <mgmtObj>}s under its
 * {@code <node>} on its CSE, so that the CSE shows what the device is configured with (TS-0001 clause 9.6.15: a
 * node's management objects represent the device). Stored: authenticationProfile (1022), myCertFileCred (1023),
 * trustAnchorCred (1024), MAFClientRegCfg (1025) and MEFClientRegCfg (1026), each named by the last segment of its
 * MO path and nested as in the MO tree where the CSE allows it (myCertFileCred, trustAnchorCred and MAFClientRegCfg
 * under an authenticationProfile, everything else under the node). Not stored: registration (1020, which the CSE does
 * not implement) and a symmetric key value ({@code skv}): the device's secret stays on the device. An object that
 * exists already (4105) is updated instead, so storing again after a new enrolment brings the CSE up to date. In
 * this package, not {@code client.trust}, because it uses {@link CseClient}, which depends on that package.
 */
public final class ConfigurationObjects {
    /** The storable roots and their mgmtDefinition numbers (TS-0022 V4.2.0 table 7.1.1-1). */
    private static final Map<String, Integer> MGD = Map.of("dcfg:autp", 1022, "dcfg:nycfc", 1023,
            "dcfg:tac", 1024, "dcfg:macrc", 1025, "dcfg:mecrc", 1026);
    /** What an authenticationProfile may hold on the CSE; the rest goes under the node. */
    private static final Set<String> UNDER_PROFILE = Set.of("dcfg:nycfc", "dcfg:tac", "dcfg:macrc");
    /** Never sent: a secret, and what the store sets itself. */
    private static final Set<String> NOT_SENT = Set.of("skv", "rn", "mgd", "ri", "pi", "ct", "lt", "ty");

    private ConfigurationObjects() {
    }

    /**
     * Creates (or updates) the storable objects of {@code cfg} under {@code nodePath}, an existing {@code <node>} the
     * client may create children in; returns the CSE's answer for each object, in MO path order.
     *
     * @throws CseException when the CSE refuses an object (those before it are stored) or cannot be reached
     */
    public static List<Result> storeUnder(CseClient cse, String nodePath, DeviceConfiguration cfg) {
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : cfg.nodes().entrySet()) {
            String root = rootOf(e.getValue());
            if (root == null) {
                continue;
            }
            String parent = nodePath + parentWithin(e.getKey(), root, cfg);
            String rn = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            ObjectNode attrs = JsonNodeFactory.instance.objectNode();
            e.getValue().get(root).fields().forEachRemaining(a -> {
                if (!NOT_SENT.contains(a.getKey())) {
                    attrs.set(a.getKey(), a.getValue().deepCopy());
                }
            });
            ObjectNode create = attrs.deepCopy().put("rn", rn).put("mgd", MGD.get(root));
            Result r;
            try {
                r = cse.create(parent, 13, JsonNodeFactory.instance.objectNode().set(root, create));
            } catch (CseException ex) {
                if (ex.rsc() != ResponseStatusCode.CONFLICT) {
                    throw ex;
                }
                r = cse.update(parent + "/" + rn, JsonNodeFactory.instance.objectNode().set(root, attrs));
            }
            results.add(r);
        }
        return results;
    }

    /** The storable root of an MO node's object, or null. */
    private static String rootOf(JsonNode object) {
        if (object == null || !object.isObject() || object.size() != 1) {
            return null;
        }
        String root = object.fieldNames().next();
        return MGD.containsKey(root) && object.get(root).isObject() ? root : null;
    }

    /**
     * Where below the node an object goes: under the stored authenticationProfile that is its nearest ancestor in
     * the MO tree when the CSE allows that nesting, else directly under the node ("" or "/autp1").
     */
    private static String parentWithin(String path, String root, DeviceConfiguration cfg) {
        if (!UNDER_PROFILE.contains(root)) {
            return "";
        }
        String p = path;
        while (p.contains("/")) {
            p = p.substring(0, p.lastIndexOf('/'));
            if ("dcfg:autp".equals(rootOf(cfg.nodes().get(p)))) {
                return "/" + p.substring(p.lastIndexOf('/') + 1);
            }
        }
        return "";
    }
}
