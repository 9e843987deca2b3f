package io.bastion.cse.announce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of the requests that create and update an announced resource (TS-0001 10.2.13.5, 10.2.13.9-.11): the
 * attributes the original's table marks MA, those marked OA that its {@code aa} names, {@code lbl} and {@code et}
 * ("expirationTime ... equal to the one for the original resource"), and {@code lnk}, the original's SP-relative
 * address. {@code acpi} is not sent: the original's policies are resources of this CSE, which the announced resource
 * cannot name there; without it only this CSE reaches the copy (its policies there are accessControlPolicyAnnc
 * resources, which an operator may give it by UPDATE through this CSE's rights).
 */
final class AnnouncedContent {
    /** Attributes that describe the announcement itself and are never announced. */
    private static final Set<String> NEVER = Set.of("at", "aa", "acpi", "lnk");
    private static final Map<String, ResourceType> VARIANT_BY_ROOT = variants();

    private AnnouncedContent() {
    }

    /** The announced variant of the type of {@code r}, or null when it is not announceable. */
    static ResourceType variantOf(Resource r) {
        ResourceType t = ResourceTypes.of(r);
        return t.announceable() == null ? null : VARIANT_BY_ROOT.get(t.rootName());
    }

    /** The content of the CREATE of the announced variant of {@code r}, whose SP-relative address is {@code lnk}. */
    static ObjectNode create(Resource r, String lnk) {
        ResourceType type = ResourceTypes.of(r);
        ResourceType variant = variantOf(r);
        List<String> aa = r.getList("aa");
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.attrsCopy().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (announced(type, variant, e.getKey(), aa)) {
                a.set(e.getKey(), e.getValue());
            }
        }
        a.put("lnk", lnk);
        return wrap(r, type, variant, a);
    }

    /**
     * The content of the UPDATE that brings the announced variant in line with a change of {@code r} from
     * {@code previous}: the announced attributes the change set (their new value) or removed (null), the OA attributes
     * {@code aa} now names (announcing them, 10.2.13.9) and null for those it no longer names (de-announcing,
     * 10.2.13.10); null when nothing announced changed.
     */
    static ObjectNode update(Resource previous, Resource r, ObjectNode modified) {
        ResourceType type = ResourceTypes.of(r);
        ResourceType variant = variantOf(r);
        List<String> aa = r.getList("aa");
        List<String> before = previous == null ? aa : previous.getList("aa");
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> it = modified.fieldNames(); it.hasNext(); ) {
            String sn = it.next();
            if (announced(type, variant, sn, aa)) {
                put(a, sn, r);
            }
        }
        for (String sn : aa) {
            if (!before.contains(sn) && announced(type, variant, sn, aa)) {
                put(a, sn, r);
            }
        }
        for (String sn : before) {
            if (!aa.contains(sn) && !announced(type, variant, sn, aa) && announced(type, variant, sn, before)) {
                a.putNull(sn);
            }
        }
        return a.isEmpty() ? null : wrap(r, type, variant, a);
    }

    private static boolean announced(ResourceType type, ResourceType variant, String sn, List<String> aa) {
        if (NEVER.contains(sn) || variant.attribute(sn) == null) {
            return false;
        }
        return sn.equals("lbl") || sn.equals("et") || type.announceable().announces(sn, aa);
    }

    private static void put(ObjectNode a, String sn, Resource r) {
        JsonNode v = r.get(sn);
        if (v == null || v.isNull()) {
            a.putNull(sn);
        } else {
            a.set(sn, v);
        }
    }

    /** The variant's root; a flexContainer's own namespaced root with {@code Annc} appended (TS-0004 8.2.2). */
    private static ObjectNode wrap(Resource r, ResourceType type, ResourceType variant, ObjectNode a) {
        String root = ResourceTypes.rootNameOf(r);
        ObjectNode pc = JsonNodeFactory.instance.objectNode();
        pc.set(root == null || root.equals(type.rootName()) ? variant.rootName() : root + "Annc", a);
        return pc;
    }

    private static Map<String, ResourceType> variants() {
        Map<String, ResourceType> m = new HashMap<>();
        for (ResourceType t : ResourceTypes.registry().all()) {
            if (t.announcement() instanceof ResourceType.Announced a) {
                m.put(a.originalRoot(), t);
            }
        }
        return Map.copyOf(m);
    }
}
