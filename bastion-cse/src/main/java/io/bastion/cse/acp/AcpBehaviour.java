package io.bastion.cse.acp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.security.acp.AcpParser;
import io.bastion.store.WriteBatch;

/**
 * {@code <accessControlPolicy>}: {@code pv} and {@code pvs} must be well-formed sets of rules (4000 naming the
 * element otherwise); {@code pvs} may not be empty, or nobody could ever manage the policy again.
 */
public final class AcpBehaviour implements TypeBehaviour {
    private final AcpParser parser;

    public AcpBehaviour(AcpParser parser) {
        this.parser = parser;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.ACP);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        parser.parseSetOfAcrs(c.attrs.get("pv"), "pv", true);
        parser.parseSetOfAcrs(c.attrs.get("pvs"), "pvs", false);
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        if (changes.has("pv")) {
            parser.parseSetOfAcrs(changes.get("pv"), "pv", true);
        }
        if (changes.has("pvs")) {
            parser.parseSetOfAcrs(changes.get("pvs"), "pvs", false);
        }
    }
}
