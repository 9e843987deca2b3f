package io.bastion.cse.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;
import java.util.List;

/**
 * One {@code <mgmtObj>} specialization (TS-0004 7.4.15): {@code mgd} must be the specialization's own (TS-0004 table
 * 6.3.4.2.22-1; 4000 for another specialization's value or a value outside the enumeration, 5001 for one this CSE does
 * not implement: 0 self-defined, 1020 registration, 1021 dataCollection, TS-0004 7.3.3.3); {@code mgs} only belongs
 * to a self-defined mgmtObj (TS-0004 table 7.4.15.1-2: 4000); then the specialization's {@link MgmtObjRules}.
 *
 * <p>Action attributes ({@code ud}, {@code in}, {@code un}, {@code act}, {@code dea}, {@code ena}, {@code dis},
 * {@code rbo}, {@code far}, {@code lga}, {@code lgo}) are stored as written: with no device-management protocol
 * attached, the CSE itself neither downloads, installs, reboots nor logs. An UPDATE that triggers one changes the
 * resource's {@code lt} (the trigger time) and notifies its subscribers (TS-0001 10.2.8.8: with management by the
 * service layer a local agent on the managed entity watches the resource and acts); the status attributes ({@code
 * uds}, {@code ins}, {@code acts}, {@code cas}) stay as the CSE or that agent last wrote them — the CSE never claims
 * an action is in process or done.
 */
public final class MgmtObjBehaviour implements TypeBehaviour {
    private static final int FIRST_DEFINED = 1001;
    private static final int LAST_DEFINED = 1026;
    private static final List<Integer> NOT_IMPLEMENTED = List.of(0, 1020, 1021);

    private final ResourceType type;
    private final MgmtObjRules rules;

    MgmtObjBehaviour(ResourceType type, MgmtObjRules rules) {
        this.type = type;
        this.rules = rules;
    }

    @Override
    public ResourceType type() {
        return type;
    }

    @Override
    public void beforeCreate(CreateContext c) {
        checkDefinition(c.attrs.get("mgd"));
        if (c.attrs.has("mgs")) {
            throw OneM2MException.badRequest("attribute " + type.rootName() + ".mgs is given only for a self-defined "
                    + "mgmtObj (mgd 0), which this CSE does not implement");
        }
        checkActions(c.attrs);
        for (String sn : rules.uninitialized()) {
            c.attrs.putObject(sn).put("sus", 0);
        }
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        checkActions(changes);
    }

    private void checkDefinition(JsonNode mgd) {
        long v = mgd.asLong();
        if (String.valueOf(v).equals(type.specialization().value())) {
            return;
        }
        if (NOT_IMPLEMENTED.contains((int) v)) {
            throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "mgmtDefinition (mgd) " + v
                    + " is not implemented by this CSE");
        }
        throw OneM2MException.badRequest("attribute " + type.rootName() + ".mgd must be "
                + type.specialization().value() + " (" + type.name() + ")"
                + (v >= FIRST_DEFINED && v <= LAST_DEFINED ? ": " + v + " is another specialization, with its own root"
                : ": " + v + " is no mgmtDefinition (TS-0004 table 6.3.4.2.22-1)"));
    }

    private void checkActions(ObjectNode attrs) {
        for (String sn : rules.alwaysTrue()) {
            JsonNode v = attrs.get(sn);
            if (v != null && v.isBoolean() && !v.asBoolean()) {
                throw OneM2MException.badRequest("attribute " + type.rootName() + "." + sn + " triggers an action "
                        + "and is always true (TS-0004 Annex D): false is not a value of it");
            }
        }
        for (List<String> pair : rules.exclusive()) {
            if (isTrue(attrs.get(pair.get(0))) && isTrue(attrs.get(pair.get(1)))) {
                throw OneM2MException.badRequest("attributes " + type.rootName() + "." + pair.get(0) + " and "
                        + pair.get(1) + " cannot both be true in one request");
            }
        }
        rules.values().accept(attrs);
    }

    private static boolean isTrue(JsonNode v) {
        return v != null && v.isBoolean() && v.asBoolean();
    }
}
