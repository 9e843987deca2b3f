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
import io.bastion.core.primitive.Request;
import io.bastion.cse.mcc.Retargeting;

/**
 * {@code <group>} (TS-0004 7.4.13): validates {@code mid} against {@code mnm} and {@code mt}, applying the
 * consistency strategy {@code csy} (1 ABANDON_MEMBER, default; 2 ABANDON_GROUP; 3 SET_MIXED), and keeps
 * {@code cnm}/{@code mtv} current. Members are resources of this CSE, or of other CSEs (SP-relative or absolute
 * IDs), which are read through retargeting on the originator's behalf ({@link #readRemote}) and reached by the
 * fan-out the same way. Its virtual child {@code fopt} fans a
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
    private final Retargeting retargeting;

    /** @param retargeting reads members hosted by other CSEs, on the originator's behalf */
    public GroupBehaviour(CseConfig config, TargetResolver resolver, AccessControl access, Retargeting retargeting) {
        this.retargeting = retargeting;
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
        boolean validated = true;
        for (String m : members) {
            String remoteCse = retargeting.remoteCseId(m);
            if (remoteCse != null) {
                RemoteMember rm = known.contains(m) ? RemoteMember.KEPT : readRemote(x, m, remoteCse, mt);
                switch (rm) {
                    case KEPT -> kept.add(m);
                    case UNVALIDATED -> {
                        kept.add(m);
                        validated = false;
                    }
                    case ABSENT -> {
                        if (csy == 2) {
                            throw OneM2MException.badRequest("member " + m + " does not exist");
                        }
                    }
                    case INCONSISTENT -> {
                        if (csy == 2) {
                            throw new OneM2MException(ResponseStatusCode.GROUP_MEMBER_TYPE_INCONSISTENT,
                                    "member " + m + " is not of memberType " + mt);
                        }
                        if (csy == 3) {
                            mt = MIXED;
                            attrs.put("mt", MIXED);
                            kept.add(m);
                        }
                    }
                }
                continue;
            }
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
        attrs.put("mtv", validated || mt == MIXED);
    }

    /** What reading a member on another CSE told. */
    private enum RemoteMember { KEPT, UNVALIDATED, ABSENT, INCONSISTENT }

    /**
     * Reads a member hosted by another CSE through retargeting, as the originator (TS-0004 7.4.13.2.1: "the Hosting
     * CSE may retrieve the member resources"): its hosting CSE decides whether the originator may, and a refusal
     * there is RECEIVER_HAS_NO_PRIVILEGE as the text says; not found is a member that does not exist; a member that
     * cannot be reached now is kept with {@code mtv} false ("If the sub-group member resources are temporarily
     * unreachable, the receiver shall set the memberTypeValidated attribute ... to false"). Bastion does not
     * validate such a member again later when it becomes reachable.
     */
    private RemoteMember readRemote(RequestContext x, String member, String cse, int mt) {
        Request read = Request.builder(Operation.RETRIEVE, member).fr(x.request().fr()).rqi(x.request().rqi()
                + "/mid").rvi(x.request().rvi()).build();
        Response r;
        try {
            r = retargeting.forward(new RequestContext(read, x.peer(), x.received()), cse);
        } catch (OneM2MException e) {
            r = Response.error(e);
        }
        int rsc = r.rsc().code();
        if (rsc == 4103 || rsc == 4106 || rsc == 4107) {
            throw new OneM2MException(ResponseStatusCode.RECEIVER_HAS_NO_PRIVILEGE, "member " + Excerpt.of(member)
                    + " of memberIDs (mid) cannot be read at its hosting CSE " + cse + ": " + r.rsc());
        }
        if (rsc == 4004) {
            return RemoteMember.ABSENT;
        }
        if (rsc != 2000 || r.pc() == null || !r.pc().isObject() || r.pc().size() != 1) {
            return mt == MIXED ? RemoteMember.KEPT : RemoteMember.UNVALIDATED;
        }
        JsonNode ty = r.pc().elements().next().get("ty");
        return mt == MIXED || ty != null && ty.asInt() == mt ? RemoteMember.KEPT : RemoteMember.INCONSISTENT;
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
