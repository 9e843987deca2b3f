package io.bastion.cse.device;

import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The behaviours of the device-management feature's resource types, for the engine's builder to register in one line:
 * {@code <node>} and one {@link MgmtObjBehaviour} per mgmtObj specialization, with the rules of TS-0004 Annex D.
 */
public final class DeviceTypes {
    /** Annex D rules by root; a specialization not listed has none beyond its attribute policies. */
    private static final Map<String, MgmtObjRules> RULES = Map.of(
            "m2m:fwr", new MgmtObjRules(List.of(), Set.of(), Set.of("uds"), a -> { }),
            "m2m:swr", new MgmtObjRules(List.of(List.of("in", "un"), List.of("act", "dea")), Set.of(),
                    Set.of("ins"), a -> { }),
            "m2m:dvc", new MgmtObjRules(List.of(List.of("ena", "dis")), Set.of("ena", "dis"), Set.of(), a -> { }),
            "m2m:rbo", new MgmtObjRules(List.of(List.of("rbo", "far")), Set.of("rbo", "far"), Set.of(), a -> { }),
            "m2m:evl", new MgmtObjRules(List.of(List.of("lga", "lgo")), Set.of("lga", "lgo"), Set.of(), a -> { }),
            "dcfg:autp", new MgmtObjRules(List.of(), Set.of(), Set.of(), SecurityValues::authenticationProfile),
            "dcfg:nycfc", new MgmtObjRules(List.of(), Set.of(), Set.of(), SecurityValues::myCertFileCred));

    private DeviceTypes() {
    }

    /** {@code <node>} and every mgmtObj specialization of the registry. */
    public static List<TypeBehaviour> behaviours(ResourceStore store, TargetResolver resolver, Clock clock,
                                                 String cseBaseRi) {
        List<TypeBehaviour> out = new ArrayList<>();
        out.add(new NodeBehaviour(store, resolver, clock, cseBaseRi));
        for (ResourceType t : ResourceTypes.registry().allOf(ResourceTypes.MGMT_OBJ)) {
            out.add(new MgmtObjBehaviour(t, RULES.getOrDefault(t.rootName(), MgmtObjRules.NONE)));
        }
        return out;
    }
}
