package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import java.util.Iterator;
import java.util.Set;

/**
 * What the three authorization points share (TS-0003 7.5, TS-0004 7.4.43.2.3, 7.4.44.2.3, 7.4.45.2.3): on every
 * Bastion CSE the point's procedure is bound to each resource of its type (Bastion's binding; TS-0003 7.5.1
 * leaves
 * open). An UPDATE carrying a request attribute is a request to the procedure; one carrying only universal attributes
 * ({@code et}, {@code lbl}, {@code acpi}, {@code daci}) is management, the generic UPDATE; both at once is 4000.
 *
 * <ul>
 *   <li><b>Who may ask</b>: UPDATE on the resource by its own {@code acpi} (TS-0003 7.5.5: "shall only have the update
 *       permission"), checked by the authorize stage, and a CSE: the originator must be a CSE-ID (the communication
 *       modes of 7.5.2-7.5.4 are all between CSEs), authenticated by the association it came over like any
 *       originator. An AE is refused 4103.</li>
 *   <li><b>Who may manage</b>: besides its own acpi, a management UPDATE or a DELETE needs that privilege in the
 *       CSEBase's policies (7.5.5: "The authorization resource management permissions ... shall be specified by the
 *       access control policies assigned to the &lt;CSEBase&gt;"), so a PEP that may ask cannot re-point or remove the
 *       point.</li>
 *   <li><b>Request attributes</b>: checked as 7.4.4x.2.3 step 1 says (only the point's request attributes, the
 *       mandatory ones present, formats correct; else 4000 naming the attribute). They live in the request only: the
 *       procedure works on them and answers, and the stored resource is never written with them. This is the net
 *       effect of "delete any existing resource specific attributes ... perform the update ... delete all the
 *       resource specific attributes after the response", and it is why concurrent requests to one point never see
 *       each other's attributes.</li>
 * </ul>
 */
abstract class AuthorizationPointBehaviour implements TypeBehaviour {
    private static final Set<String> MANAGEMENT = Set.of("et", "lbl", "acpi", "daci");

    private final AccessControl access;
    private final ResourceStore store;
    private final String cseBaseRi;

    AuthorizationPointBehaviour(AccessControl access, ResourceStore store, String cseBaseRi) {
        this.access = access;
        this.store = store;
        this.cseBaseRi = cseBaseRi;
    }

    /** The resource type number. */
    abstract int ty();

    /** The request attributes this point accepts. */
    abstract Set<String> requestAttributes();

    /**
     * Checks the request attributes (4000 naming the first that is wrong) and answers with the result attributes.
     *
     * @param point the resource the procedure is bound to
     * @param requester the CSE-ID that asks
     */
    abstract ObjectNode answer(Resource point, String requester, ObjectNode request);

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ty());
    }

    @Override
    public void beforeRequest(RequestContext x, Target t) {
        if (x.request().op() == Operation.DELETE && !t.isVirtual()) {
            manage(x, Operation.DELETE);
        }
    }

    @Override
    public Response onUpdate(RequestContext x, Target t) {
        Resource point = t.resource();
        ObjectNode content = content(x);
        boolean management = false;
        boolean request = false;
        for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
            String sn = it.next();
            if (MANAGEMENT.contains(sn)) {
                management = true;
            } else {
                request = true;
            }
        }
        if (management && request) {
            throw OneM2MException.badRequest("an UPDATE of " + type().name() + " is either a request to its procedure "
                    + "(" + String.join(", ", requestAttributes()) + ") or a change of its universal attributes, "
                    + "not both");
        }
        if (!request) {
            manage(x, Operation.UPDATE);
            return null;
        }
        for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
            String sn = it.next();
            if (!requestAttributes().contains(sn)) {
                throw OneM2MException.badRequest(sn + " is not a request attribute of " + type().name()
                        + " (TS-0004 7.4.4x.2.3: only " + String.join(", ", requestAttributes()) + ")");
            }
        }
        String requester = x.originator();
        if (!isCseId(requester)) {
            throw OneM2MException.noPrivilege("only a CSE asks a " + type().name() + " (TS-0003 7.5): "
                    + "the originator is not a CSE-ID");
        }
        ObjectNode result = answer(point, requester, content);
        ObjectNode inner = point.attrsCopy();
        ObjectNode rep = inner.objectNode();
        rep.set(ResourceTypes.rootNameOf(point), inner);
        for (String sn : requestAttributes()) {
            inner.remove(sn);
        }
        inner.setAll(result);
        return Response.of(ResponseStatusCode.UPDATED, rep);
    }

    /** The request's content under the type's root, 4000 when it is not there. */
    private ObjectNode content(RequestContext x) {
        JsonNode pc = x.request().pc();
        JsonNode inner = pc != null && pc.isObject() && pc.size() == 1 ? pc.get(type().rootName()) : null;
        if (!(inner instanceof ObjectNode o)) {
            throw OneM2MException.badRequest("the content of an UPDATE of " + type().name() + " is {\""
                    + type().rootName() + "\": {...}}");
        }
        return o;
    }

    private void manage(RequestContext x, Operation op) {
        Resource cb = store.get(cseBaseRi).orElseThrow(() -> new OneM2MException(
                ResponseStatusCode.INTERNAL_SERVER_ERROR, "the CSEBase is missing"));
        access.require(x, cb, op, "managing a " + type().name() + " (TS-0003 7.5.5: by the CSEBase's policies)");
    }

    /** A CSE-ID in SP-relative form ({@code /id-in}) or absolute form ({@code //sp/id-in}). */
    static boolean isCseId(String id) {
        if (id == null || id.length() < 2 || id.charAt(0) != '/') {
            return false;
        }
        String rest = id.charAt(1) == '/' ? id.substring(id.indexOf('/', 2) < 0 ? id.length() : id.indexOf('/', 2))
                : id;
        return rest.length() > 1 && rest.indexOf('/', 1) < 0;
    }
}
