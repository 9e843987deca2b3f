package io.bastion.cse.timeseries;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.container.InstanceStore;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;

/**
 * {@code <timeSeries>} (TS-0004 7.4.38): starts with empty counters ({@code cni}, {@code cbs}, {@code mdc} 0); checks
 * its periodic and missing-data attributes ({@link PeriodicSettings}); lowering {@code mni} or {@code mbs} removes the
 * oldest instances as for a container; {@code mdd} set to true clears {@code mdlt} and {@code mdc} (7.4.38.2.3), and
 * so does a change of the detection parameters while detection is paused (TS-0001 10.2.4.23). Its virtual children
 * {@code la} and {@code ol} are the latest and oldest instance by creation, as a container's. Detection itself runs
 * in {@link MissingDataDetector}, which follows the committed changes.
 */
public final class TimeSeriesBehaviour implements TypeBehaviour {
    private final InstanceStore instances;

    TimeSeriesBehaviour(InstanceStore instances) {
        this.instances = instances;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.TS);
    }

    @Override
    public Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        return instances.virtualChild(x, t, generic);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        PeriodicSettings.onCreate(c.attrs);
        c.attrs.put("cni", 0);
        c.attrs.put("cbs", 0);
        c.attrs.put("mdc", 0);
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        PeriodicSettings.onUpdate(current.attrs(), changes, merged);
        boolean restarted = changes.path("mdd").asBoolean(false);
        boolean pausedChange = !merged.path("mdd").asBoolean(false)
                && PeriodicSettings.DETECTION_PARAMETERS.stream().anyMatch(changes::has);
        if (restarted || pausedChange) {
            MissingDataList.clear(merged);
        }
        instances.shrink(current.ri(), changes, merged, batch);
    }
}
