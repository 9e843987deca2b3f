package io.bastion.core.resource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The descriptor of one resource type: its number, short name, attribute policies and allowed children. Behaviour
 * specific to a type lives in the CSE's handler for it; everything that is data lives here.
 *
 * @param ty resource type number (TS-0004 table 6.3.4.2.1-1)
 * @param shortName the short name, e.g. {@code ae}
 * @param attributes attribute policies by short name, universal and common ones included
 * @param childTypes the resource type numbers that may be created as children
 * @param hasAcpi whether the type carries an {@code accessControlPolicyIDs} attribute
 * @param hasStateTag whether the type carries {@code st}
 */
public record ResourceType(int ty, String shortName, Map<String, AttributePolicy> attributes,
                           Set<Integer> childTypes, boolean hasAcpi, boolean hasStateTag) {

    public ResourceType {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        childTypes = Set.copyOf(childTypes);
    }

    /** The root element name in serializations, e.g. {@code m2m:ae}. */
    public String rootName() {
        return "m2m:" + shortName;
    }

    public AttributePolicy attribute(String sn) {
        return attributes.get(sn);
    }

    public boolean allowsChild(int childTy) {
        return childTypes.contains(childTy);
    }

    static Map<String, AttributePolicy> table(List<AttributePolicy> policies) {
        Map<String, AttributePolicy> m = new LinkedHashMap<>();
        for (AttributePolicy p : policies) {
            m.put(p.sn(), p);
        }
        return m;
    }
}
