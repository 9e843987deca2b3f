package io.bastion.cse.access;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.address.TargetResolver;
import io.bastion.security.acp.GroupMembers;
import java.util.List;
import java.util.Optional;

/** Group membership for {@code acor} entries, read from the {@code mid} of local {@code <group>} resources. */
public final class StoreGroupMembers implements GroupMembers {
    private final TargetResolver resolver;

    public StoreGroupMembers(TargetResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Optional<List<String>> membersOf(String id) {
        if (id.isEmpty() || id.startsWith("C") && !id.contains("/")) {
            return Optional.empty(); // an AE-ID-Stem is never a group's resource ID
        }
        Resource r;
        try {
            r = resolver.resolve(id).resource();
        } catch (OneM2MException e) {
            return Optional.empty();
        }
        return r.ty() == ResourceTypes.GRP ? Optional.of(r.getList("mid")) : Optional.empty();
    }
}
