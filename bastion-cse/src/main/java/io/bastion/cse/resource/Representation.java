package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import java.util.List;

/** Builds the content of responses from resources, per result content ({@code rcn}, TS-0004 6.3.4.2.9). */
public final class Representation {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Representation() {
    }

    /** {@code {"m2m:cnt": {...}}}. The stored tree is shared, not copied: callers must not change it. */
    public static ObjectNode of(Resource r) {
        ObjectNode root = F.objectNode();
        root.set(ResourceTypes.rootNameOf(r), r.attrs());
        return root;
    }

    /** rcn 2: the hierarchical address. */
    public static ObjectNode address(Resource r) {
        ObjectNode root = F.objectNode();
        root.put("m2m:uri", r.path());
        return root;
    }

    /** rcn 3: the hierarchical address and the attributes. */
    public static ObjectNode addressAndAttributes(Resource r) {
        ObjectNode rce = F.objectNode();
        rce.set(ResourceTypes.rootNameOf(r), r.attrs());
        rce.put("uri", r.path());
        ObjectNode root = F.objectNode();
        root.set("m2m:rce", rce);
        return root;
    }

    /** rcn 4 (with attributes) or 8 (children only): children embedded under their type's root name. */
    public static ObjectNode withChildren(Resource r, List<Resource> children, boolean withAttributes) {
        ObjectNode body = withAttributes ? r.attrsCopy() : F.objectNode();
        for (Resource c : children) {
            String name = ResourceTypes.rootNameOf(c);
            JsonNode list = body.get(name);
            ArrayNode arr = list instanceof ArrayNode a ? a : body.putArray(name);
            arr.add(c.attrs());
        }
        ObjectNode root = F.objectNode();
        root.set(ResourceTypes.rootNameOf(r), body);
        return root;
    }

    /** rcn 5: attributes plus child references {@code ch}. */
    public static ObjectNode withChildReferences(Resource r, List<Resource> children) {
        ObjectNode body = r.attrsCopy();
        body.set("ch", references(children));
        ObjectNode root = F.objectNode();
        root.set(ResourceTypes.rootNameOf(r), body);
        return root;
    }

    /** rcn 6: child references only, as {@code m2m:rrl}. */
    public static ObjectNode childReferences(List<Resource> children) {
        ObjectNode rrl = F.objectNode();
        rrl.set("rrf", references(children));
        ObjectNode root = F.objectNode();
        root.set("m2m:rrl", rrl);
        return root;
    }

    private static ArrayNode references(List<Resource> children) {
        ArrayNode arr = F.arrayNode();
        for (Resource c : children) {
            ObjectNode ref = arr.addObject();
            ref.put("nm", c.rn());
            ref.put("typ", c.ty());
            ref.put("val", c.path());
        }
        return arr;
    }

    /** {@code m2m:uril} for discovery. */
    public static ObjectNode uriList(List<String> uris) {
        ObjectNode root = F.objectNode();
        ArrayNode arr = root.putArray("m2m:uril");
        uris.forEach(arr::add);
        return root;
    }
}
