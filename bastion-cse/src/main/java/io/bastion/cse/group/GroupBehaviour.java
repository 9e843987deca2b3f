package io.bastion.cse.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.CseConfig;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.pipeline.Exchange;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <group>} (TS-0004 7.4.13): validates {@code mid} against {@code mnm} and {@code mt}, applying the
 * consistency strategy {@code csy} (1 ABANDON_MEMBER, default; 2 ABANDON_GROUP; 3 SET_MIXED), and keeps
 * {@code cnm}/{@code mtv} current. Members must be resources of this CSE.
 */
public final class GroupBehaviour implements TypeBehaviour {
    /** memberType "mixed" (TS-0004 table 6.3.4.2.11-1), the default of {@code mt}; 24 there is semanticDescriptor. */
    public static final int MIXED = 0;

    private final CseConfig config;
    private final TargetResolver resolver;

    public GroupBehaviour(CseConfig config, TargetResolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    @Override
    public int ty() {
        return ResourceTypes.GRP;
    }

    @Override
    public void beforeCreate(CreateContext c) {
        long csyValue = c.attrs.path("csy").asLong(1);
        if (csyValue < 1 || csyValue > 3) {
            throw OneM2MException.badRequest("consistencyStrategy (csy) must be 1, 2 or 3");
        }
        int csy = (int) csyValue;
        if (c.attrs.has("mt") && !c.attrs.get("mt").canConvertToInt()) {
            throw OneM2MException.badRequest("memberType (mt) is not a resource type");
        }
        c.attrs.put("csy", csy);
        if (!c.attrs.has("mt")) {
            c.attrs.put("mt", MIXED);
        }
        validate(c.attrs, csy);
    }

    @Override
    public void beforeUpdate(Exchange x, Resource current, ObjectNode changes, ObjectNode merged, WriteBatch batch) {
        if (changes.has("mid") || changes.has("mnm")) {
            validate(merged, merged.path("csy").asInt(1));
        }
    }

    private void validate(ObjectNode attrs, int csy) {
        long mnm = attrs.get("mnm").asLong();
        if (mnm > config.maxGroupMembers()) {
            throw OneM2MException.badRequest("maxNrOfMembers (mnm) exceeds this CSE's limit "
                    + config.maxGroupMembers());
        }
        Set<String> members = new LinkedHashSet<>();
        attrs.get("mid").forEach(m -> members.add(m.asText()));
        if (members.size() > mnm) {
            throw new OneM2MException(ResponseStatusCode.MAX_NUMBER_OF_MEMBER_EXCEEDED,
                    "memberIDs (mid) has " + members.size() + " members, more than mnm " + mnm);
        }
        int mt = attrs.get("mt").asInt();
        ArrayNode kept = attrs.arrayNode();
        for (String m : members) {
            Optional<Resource> member = resolve(m);
            if (member.isEmpty()) {
                if (csy == 2) {
                    throw OneM2MException.badRequest("member " + m + " does not exist");
                }
                continue; // ABANDON_MEMBER and SET_MIXED drop members that do not exist
            }
            if (mt != MIXED && member.get().ty() != mt) {
                if (csy == 1) {
                    continue;
                }
                if (csy == 2) {
                    throw new OneM2MException(ResponseStatusCode.GROUP_MEMBER_TYPE_INCONSISTENT,
                            "member " + m + " is of type " + member.get().ty() + ", not memberType " + mt);
                }
                mt = MIXED;
                attrs.put("mt", MIXED);
            }
            kept.add(m);
        }
        attrs.set("mid", kept);
        attrs.put("cnm", kept.size());
        attrs.put("mtv", true);
    }

    private Optional<Resource> resolve(String member) {
        try {
            return Optional.of(resolver.resolve(member).resource());
        } catch (OneM2MException e) {
            return Optional.empty();
        }
    }

    /** Member IDs as stored. */
    static java.util.List<String> members(Resource group) {
        java.util.List<String> out = new java.util.ArrayList<>();
        JsonNode mid = group.get("mid");
        if (mid != null) {
            mid.forEach(m -> out.add(m.asText()));
        }
        return out;
    }
}
