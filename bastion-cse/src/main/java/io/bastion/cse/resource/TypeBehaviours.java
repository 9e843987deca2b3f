package io.bastion.cse.resource;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The behaviour of each resource type, by descriptor (so that the specializations sharing a type number each have
 * their own); a type without a behaviour class gets one whose hooks do nothing.
 */
public final class TypeBehaviours {
    /** Type numbers below this with one descriptor have their behaviour in an array: every request asks for one. */
    private static final int DIRECT = 64;

    private final Map<String, TypeBehaviour> byRoot = new HashMap<>();
    private final TypeBehaviour[] direct = new TypeBehaviour[DIRECT];

    /**
     * @throws IllegalArgumentException when a behaviour's type is not one of {@link ResourceTypes}, or two behaviours
     *         are for one type
     */
    public TypeBehaviours(List<TypeBehaviour> behaviours) {
        for (TypeBehaviour b : behaviours) {
            ResourceType t = b.type();
            if (ResourceTypes.byRootName(t.rootName()).filter(t::equals).isEmpty()) {
                throw new IllegalArgumentException("the behaviour " + b.getClass().getName() + " is for "
                        + t.rootName() + ", which is not a registered resource type");
            }
            if (byRoot.putIfAbsent(t.rootName(), b) != null) {
                throw new IllegalArgumentException("two behaviours for " + t.rootName());
            }
        }
        for (ResourceType t : ResourceTypes.registry().all()) {
            byRoot.putIfAbsent(t.rootName(), () -> t);
            if (t.ty() >= 0 && t.ty() < DIRECT && ResourceTypes.registry().allOf(t.ty()).size() == 1) {
                direct[t.ty()] = byRoot.get(t.rootName());
            }
        }
    }

    /** The behaviour of a registered type. */
    public TypeBehaviour of(ResourceType t) {
        return byRoot.get(t.rootName());
    }

    /** The behaviour of a stored resource's type. */
    public TypeBehaviour of(Resource r) {
        TypeBehaviour b = r.ty() >= 0 && r.ty() < DIRECT ? direct[r.ty()] : null;
        return b != null ? b : of(ResourceTypes.of(r));
    }
}
