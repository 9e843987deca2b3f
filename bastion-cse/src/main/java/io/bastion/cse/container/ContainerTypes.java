package io.bastion.cse.container;

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
        return List.of(new ContainerBehaviour(store), new ContentInstanceBehaviour(store, clock));
    }
}
