package io.bastion.core.resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resource type descriptors by number and by root name. A number has one descriptor, or several specializations told
 * apart by root name (in a request's content) and by a discriminating attribute (in a stored resource), plus at most
 * one general descriptor without a specialization. {@link ResourceTypes} holds the registry of this CSE's types.
 */
public final class TypeRegistry {
    /** Type numbers below this are looked up in an array: every request looks its target's type up. */
    private static final int DIRECT = 64;

    private final List<ResourceType> all;
    private final Map<Integer, Family> byTy = new HashMap<>();
    private final Family[] direct = new Family[DIRECT];
    private final Map<String, ResourceType> byRoot = new HashMap<>();
    private final String[] reservedNames;
    private final Set<String> attributeNames = new HashSet<>();

    /** The descriptors of one number: the one to use when nothing tells them apart, and all of them. */
    private record Family(ResourceType general, List<ResourceType> members) {
        boolean single() {
            return members.size() == 1;
        }
    }

    /**
     * @throws IllegalArgumentException when two descriptors share a root name, or share a number without being
     *         specializations with distinct discriminating values (one general descriptor may stand beside them)
     */
    public TypeRegistry(List<ResourceType> types) {
        this.all = List.copyOf(types);
        Map<Integer, List<ResourceType>> grouped = new HashMap<>();
        Set<String> reserved = new HashSet<>();
        for (ResourceType t : all) {
            if (byRoot.putIfAbsent(t.rootName(), t) != null) {
                throw new IllegalArgumentException("two resource types have the root name " + t.rootName());
            }
            for (String other : t.otherRoots()) {
                if (byRoot.putIfAbsent(other, t) != null) {
                    throw new IllegalArgumentException("two resource types have the root name " + other);
                }
            }
            grouped.computeIfAbsent(t.ty(), k -> new ArrayList<>()).add(t);
            reserved.addAll(t.reservedNames());
            attributeNames.addAll(t.attributes().keySet());
        }
        grouped.forEach((ty, members) -> {
            Family f = family(ty, members);
            byTy.put(ty, f);
            if (ty >= 0 && ty < DIRECT) {
                direct[ty] = f;
            }
        });
        // A handful of names, compared in turn: cheaper than hashing every segment of every address.
        reservedNames = reserved.toArray(String[]::new);
    }

    private static Family family(int ty, List<ResourceType> members) {
        if (members.size() == 1) {
            return new Family(members.get(0), List.copyOf(members));
        }
        ResourceType general = null;
        Set<Specialization> seen = new HashSet<>();
        for (ResourceType t : members) {
            if (t.specialization() == null) {
                if (general != null) {
                    throw new IllegalArgumentException("resource type " + ty + " has two descriptors without a "
                            + "specialization: " + general.rootName() + " and " + t.rootName());
                }
                general = t;
            } else if (!seen.add(t.specialization())) {
                throw new IllegalArgumentException("resource type " + ty + " has two specializations "
                        + t.specialization());
            }
        }
        return new Family(general != null ? general : members.get(0), List.copyOf(members));
    }

    /** Every descriptor, in the order given. */
    public List<ResourceType> all() {
        return all;
    }

    /**
     * The descriptor of a type number: its only one, or for a number with specializations its general descriptor (the
     * first specialization when it has none). A stored resource's is {@link #of}, a request's {@link #forContent}.
     */
    public Optional<ResourceType> byTy(int ty) {
        Family f = find(ty);
        return f == null ? Optional.empty() : Optional.of(f.general());
    }

    /** Every descriptor of a type number (several for a type with specializations); empty when unsupported. */
    public List<ResourceType> allOf(int ty) {
        Family f = find(ty);
        return f == null ? List.of() : f.members();
    }

    public Optional<ResourceType> byRootName(String root) {
        return Optional.ofNullable(byRoot.get(root));
    }

    /**
     * The descriptor of a stored resource: by its type number, and among specializations by the discriminating
     * attribute (the general descriptor when none matches).
     *
     * @throws IllegalArgumentException when its type is not supported
     */
    public ResourceType of(Resource r) {
        Family f = family(r.ty());
        if (f.single()) {
            return f.general();
        }
        for (ResourceType t : f.members()) {
            if (t.specialization() != null && t.specialization().matches(r)) {
                return t;
            }
        }
        return f.general();
    }

    /**
     * The descriptor a CREATE of {@code ty} whose content has the root element {@code root} asks for: among
     * specializations the one of that root name (or one of its other roots); otherwise (and when none has it) the
     * general descriptor, whose root name the content must then have.
     *
     * @param root the content's root element name, or null when it has none
     * @throws IllegalArgumentException when {@code ty} is not supported
     */
    public ResourceType forContent(int ty, String root) {
        Family f = family(ty);
        if (!f.single() && root != null) {
            for (ResourceType t : f.members()) {
                if (t.acceptsRoot(root)) {
                    return t;
                }
            }
        }
        return f.general();
    }

    /**
     * Whether a request's content may have the root element {@code root} for the descriptor {@code t}: its own root
     * name or one of its other roots ({@link ResourceType#acceptsRoot}), or for an open descriptor
     * ({@link ResourceType#open}) any well-formed namespaced root that no registered descriptor has
     * ({@link RootNames#isWellFormed}): {@code m2m:cnt} under ty 28 would read as a container.
     */
    public boolean acceptsRoot(ResourceType t, String root) {
        if (t.acceptsRoot(root)) {
            return true;
        }
        return t.open() != null && RootNames.isWellFormed(root) && !byRoot.containsKey(root);
    }

    /** The descriptor of a type number; as {@link #byTy}, for a number known to be supported. */
    public ResourceType get(int ty) {
        return family(ty).general();
    }

    /** Whether a name is a virtual child of some type: no stored resource may take it, below any parent. */
    public boolean isReservedName(String rn) {
        for (String r : reservedNames) {
            if (r.equals(rn)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code sn} is the short name of an attribute of some supported type (a filter may name it). */
    public boolean isAttributeName(String sn) {
        return attributeNames.contains(sn);
    }

    /** The supported type numbers, ascending (CSEBase {@code srt}). */
    public List<Integer> numbers() {
        return byTy.keySet().stream().sorted().toList();
    }

    private Family find(int ty) {
        return ty >= 0 && ty < DIRECT ? direct[ty] : byTy.get(ty);
    }

    private Family family(int ty) {
        Family f = find(ty);
        if (f == null) {
            throw new IllegalArgumentException("unsupported resource type " + ty);
        }
        return f;
    }
}
