package io.bastion.cse.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <group>} (TS-0004 7.4.13): validates {@code mid} against {@code mnm} and {@code mt}, applying the
 * consistency strategy {@code csy} (1 ABANDON_MEMBER, default; 2 ABANDON_GROUP; 3 SET_MIXED), and keeps
 * {@code cnm}/{@code mtv} current. Members must be resources of this CSE. Its virtual child {@code fopt} fans a
 * request out to the members ({@link GroupFanOut}).
 *
 * <p>Validating a member reads it (whether it exists, its resourceType) on the originator's behalf, so the originator
 * needs RETRIEVE on every member a CREATE or UPDATE adds, whatever {@code mt}: TS-0004 7.4.13.2.1 and 7.4.13.2.3 ("If
 * the resourceType cannot be retrieved due to lack of privilege, the request shall be rejected"). It is the decision
 * of a real RETRIEVE of the member, audited as one, and refuses with 4103 ORIGINATOR_HAS_NO_PRIVILEGE: the
 * originator lacks the privilege, not this CSE, which the text's RECEIVER_HAS_NO_PRIVILEGE would mean and which
 * applies to a member on another CSE. For a sub-group addressed through its {@code fopt} the sub-group itself is read
 * (its memberType), for {@code la}/{@code ol} the container. Members that do not resolve to a resource of this CSE
 * are handled by {@code csy} as before (dropped, or 4000 with ABANDON_GROUP).
 */
public final class GroupBehaviour implements TypeBehaviour {
    /** memberType "mixed" (TS-0004 table 6.3.4.2.11-1), the default of {@code mt}; 24 there is semanticDescriptor. */
    public static final int MIXED = 0;

    private final CseConfig config;
    private final TargetResolver resolver;
    private final AccessControl access;
    private final GroupFanOut fanOut;

    public GroupBehaviour(CseConfig config, TargetResolver resolver, AccessControl access) {
        this.config = config;
        this.resolver = resolver;
        this.access = access;
        this.fanOut = new GroupFanOut(resolver);
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.GRP);
    }

    /** {@code fopt}: the request is repeated for every member ({@link GroupFanOut}). */
    @Override
    public Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        return fanOut.fanOut(x, t, generic::run);
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
        validate(c.request, c.attrs, csy, Set.of());
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        if (changes.has("mid") || changes.has("mnm")) {
            validate(x, merged, merged.path("csy").asInt(1), Set.copyOf(members(current)));
        }
    }

    /** @param known the members the group has already: they were checked when they were added */
    private void validate(RequestContext x, ObjectNode attrs, int csy, Set<String> known) {
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
            if (!known.contains(m)) {
                access.require(x, member.get(), Operation.RETRIEVE, "member " + Excerpt.of(m) + " of memberIDs (mid)");
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
