package io.bastion.cse.container;

import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;

/** The behaviours of the container feature's resource types, for the engine's builder to register in one line. */
public final class ContainerTypes {

    private ContainerTypes() {
    }

    /** {@code <container>} and {@code <contentInstance>}. */
    public static List<TypeBehaviour> behaviours(ResourceStore store, Clock clock) {
        InstanceStore instances = new InstanceStore(store, ResourceTypes.CIN, true);
        return List.of(new ContainerBehaviour(store, instances), new ContentInstanceBehaviour(clock, instances));
    }
}
