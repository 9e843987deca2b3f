package io.bastion.cse.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.security.dynamic.DasAddress;
import io.bastion.store.WriteBatch;

/**
 * {@code <dynamicAuthorizationConsultation>} (TS-0004 7.4.36): {@code dap} must list at least one well-formed http or
 * https URI ({@link DasAddress}) and {@code dal} must be an absRelTimestamp ({@link DacLifetime}); 4000 otherwise.
 * Everything else is the generic procedure.
 */
public final class DacBehaviour implements TypeBehaviour {
    /** A DAS list longer than this is a mistake, not a configuration: each entry may cost a bounded wait. */
    static final int MAX_POA = 8;

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.DAC);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        check(c.attrs);
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        check(changes);
    }

    private static void check(ObjectNode attrs) {
        JsonNode dap = attrs.get("dap");
        if (dap != null && !dap.isNull()) {
            if (dap.isEmpty()) {
                throw OneM2MException.badRequest("dynamicAuthorizationPoA (dap) must list at least one URI");
            }
            if (dap.size() > MAX_POA) {
                throw OneM2MException.badRequest("dynamicAuthorizationPoA (dap) lists more than " + MAX_POA
                        + " URIs");
            }
            dap.forEach(e -> DasAddress.parse(e.asText()));
        }
        JsonNode dal = attrs.get("dal");
        if (dal != null && !dal.isNull()) {
            DacLifetime.validate(dal.asText());
        }
    }
}
