package io.bastion.cse.timeseries;

import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.container.InstanceStore;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;

/** The behaviours of the timeSeries feature's resource types, for the engine's builder to register in one line. */
public final class TimeSeriesTypes {

    private TimeSeriesTypes() {
    }

    /** {@code <timeSeries>} and {@code <timeSeriesInstance>}. */
    public static List<TypeBehaviour> behaviours(ResourceStore store, Clock clock) {
        // A timeSeries has no st (TS-0004 7.4.38): its instances count in cni and cbs only.
        InstanceStore instances = new InstanceStore(store, ResourceTypes.TSI, false);
        return List.of(new TimeSeriesBehaviour(instances),
                new TimeSeriesInstanceBehaviour(store, clock, instances));
    }
}
