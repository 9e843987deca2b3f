package io.bastion.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The specializations of a type that this CSE has no descriptor (no schema) for, served by its general descriptor:
 * a request names one by any namespaced root element ({@link RootNames#isWellFormed}) that is not another type's,
 * the stored resource answers under that root ({@link Resource#root}), and every attribute its table does not list
 * is a custom attribute kept as free data within these bounds. The flexContainer's (TS-0001 9.6.35) reads "name and
 * data type are defined in the specification document or XSD file identified by containerDefinition" (TS-0004 table
 * 7.4.37.1-2); without schemas the CSE can only bound them.
 *
 * @param maxAttributes how many custom attributes one resource may hold
 * @param maxBytes the most their sizes may add up to ({@link #size}, the flexContainer's contentSize)
 * @param maxDepth how deeply a custom attribute's value may nest arrays and objects (a scalar is 0)
 * @param maxNameLength the longest custom attribute name
 * @param reserved names that are never custom attributes although the table may not list them: the universal and
 *        common attributes of every type (TS-0004 table 8.2.3-1) and the type's own, supported here or not, so that
 *        free data never shadows an attribute with a oneM2M meaning
 */
public record OpenSpecialization(int maxAttributes, long maxBytes, int maxDepth, int maxNameLength,
                                 Set<String> reserved) {

    public OpenSpecialization {
        reserved = Set.copyOf(reserved);
    }

    /**
     * The size in bytes of one custom attribute's value: the UTF-8 bytes of a string (as a contentInstance's
     * {@code con}), else of its compact JSON text. TS-0004 7.4.37.2.1 asks for "the size in bytes" without a
     * serialization; this one does not depend on the request's.
     */
    public static long size(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** How deeply a value nests arrays and objects: 0 for a scalar, 1 for {@code [1]}, 2 for {@code {"a":[1]}}. */
    public static int depth(JsonNode value) {
        if (!value.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
            deepest = Math.max(deepest, depth(it.next()));
        }
        return deepest + 1;
    }

    /** The custom attributes among {@code attrs}: those the type's table does not list. */
    public static Iterable<Map.Entry<String, JsonNode>> customOf(ResourceType type, JsonNode attrs) {
        return () -> new Iterator<>() {
            private final Iterator<Map.Entry<String, JsonNode>> all = attrs.fields();
            private Map.Entry<String, JsonNode> next = advance();

            private Map.Entry<String, JsonNode> advance() {
                while (all.hasNext()) {
                    Map.Entry<String, JsonNode> e = all.next();
                    if (type.attribute(e.getKey()) == null) {
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<String, JsonNode> next() {
                Map.Entry<String, JsonNode> e = next;
                if (e == null) {
                    throw new java.util.NoSuchElementException();
                }
                next = advance();
                return e;
            }
        };
    }
}
