package io.bastion.cse.flex;

import io.bastion.cse.resource.UniversalAttributes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.OpenSpecialization;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.container.InstanceStore;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.cse.resource.UpdateContext;
import java.util.Map;

/**
 * {@code <flexContainer>} (TS-0001 9.6.35, TS-0004 7.4.37). Its descriptor is open to every specialization (there
 * are no schemas here: any {@code cnd} is accepted and the custom attributes are bounded free data, see README's
 * Differences); this class keeps {@code cs} the sum of the custom attributes' sizes (7.4.37.2.1, .3), increments
 * {@code st} only when an UPDATE names a custom attribute (TS-0001 table 9.6.35-2: "when a custom attribute of the
 * flexContainer is modified"; the generic update increments it for any change), and keeps the history of versions
 * (Release 4, no text here): while it has {@code mni}, {@code mbs} or {@code mia}, every UPDATE that names a custom
 * attribute adds a {@code <flexContainerInstance>} holding all its custom attributes after the update, within the
 * limits as a container keeps its contentInstances ({@link InstanceStore}); {@code la} and {@code ol} address the
 * latest and oldest.
 */
final class FlexContainerBehaviour implements TypeBehaviour {
    private final InstanceStore instances;

    FlexContainerBehaviour(InstanceStore instances) {
        this.instances = instances;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.FCNT);
    }

    @Override
    public Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        return instances.virtualChild(x, t, generic);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        c.attrs.put("cs", customSize(c.attrs));
        if (keepsInstances(c.attrs)) {
            c.attrs.put("cni", 0);
            c.attrs.put("cbs", 0);
        }
    }

    /** Runs under the flexContainer's lock, which the deletion of its instances takes too. */
    @Override
    public void beforeUpdate(UpdateContext u) {
        boolean customChanged = namesCustom(u.changes);
        if (!customChanged) {
            u.merged.put("st", u.current.getLong("st", 0));
        }
        long cs = customSize(u.merged);
        u.merged.put("cs", cs);
        if (!keepsInstances(u.merged)) {
            return;
        }
        if (!u.merged.has("cni")) {
            u.merged.put("cni", 0);
            u.merged.put("cbs", 0);
        }
        instances.shrink(u.current.ri(), u.changes, u.merged, u.batch);
        if (customChanged) {
            addInstance(u, cs);
        }
    }

    /** The version after this update, as a new instance; the oldest go when the limits would not hold. */
    private void addInstance(UpdateContext u, long cs) {
        Resource keeper = u.current.withAttrs(u.merged, u.current.expiry());
        instances.requireFits(keeper, cs);
        String ri = u.newId(ResourceTypes.get(ResourceTypes.FCI).shortName());
        ObjectNode a = u.merged.objectNode();
        UniversalAttributes.put(a, ResourceTypes.FCI, ri, ri, u.current.ri(), u.now, null);
        // Never beyond its flexContainer (whose et this update may have changed), nor beyond mia.
        a.put("et", u.merged.path("et").asText());
        instances.boundByAge(keeper, a, u.now);
        a.put("cs", cs);
        for (Map.Entry<String, JsonNode> e : OpenSpecialization.customOf(type(), u.merged)) {
            a.set(e.getKey(), e.getValue());
        }
        InstanceStore.Counters n = instances.admit(keeper, cs, u.batch);
        u.merged.put("cni", n.cni());
        u.merged.put("cbs", n.cbs());
        Resource instance = new Resource(ri, u.current.ri(), ResourceTypes.FCI, u.current.path() + "/" + ri, a,
                u.request.originator(), Timestamps.parse(a.get("et").asText(), "et"));
        u.batch.create(instance);
        u.events.add(new ResourceEvent(ResourceEvent.Kind.CREATED, instance, null, u.request.originator()));
    }

    private static boolean keepsInstances(ObjectNode attrs) {
        return attrs.has("mni") || attrs.has("mbs") || attrs.has("mia");
    }

    private boolean namesCustom(ObjectNode changes) {
        return OpenSpecialization.customOf(type(), changes).iterator().hasNext();
    }

    /** contentSize: "the sum of the size in bytes of all of the custom attributes" (TS-0004 7.4.37.2.1). */
    private long customSize(ObjectNode attrs) {
        long bytes = 0;
        for (Map.Entry<String, JsonNode> e : OpenSpecialization.customOf(type(), attrs)) {
            bytes += OpenSpecialization.size(e.getValue());
        }
        return bytes;
    }
}
