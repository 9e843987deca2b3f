package io.bastion.cse.flex;

import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.container.InstanceStore;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;

/** The behaviours of the flexContainer feature's resource types, for the engine's builder to register in one line. */
public final class FlexTypes {

    private FlexTypes() {
    }

    /** {@code <flexContainer>} and {@code <flexContainerInstance>}. */
    public static List<TypeBehaviour> behaviours(ResourceStore store, Clock clock) {
        // A flexContainer's st counts changes of its custom attributes (TS-0001 9.6.35), not of its instances.
        InstanceStore instances = new InstanceStore(store, ResourceTypes.FCI, false);
        return List.of(new FlexContainerBehaviour(instances),
                new FlexContainerInstanceBehaviour(clock, instances));
    }
}
