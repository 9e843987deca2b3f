package io.bastion.cse.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one mgmtObj specialization does beyond its attribute policies (TS-0004 Annex D procedures).
 *
 * @param exclusive pairs of action attributes that cannot both be true in one request (install and uninstall,
 *        TS-0004 D.3.2.2; enable and disable, D.9.2.3; reboot and factoryReset, D.10.2.2; logStart and logStop, D.11.2.2)
 * @param alwaysTrue action attributes whose value "is always true" (TS-0004 tables D.9.1-2, D.10.1-2, D.11.1-2): false
 *        is refused
 * @param uninitialized status attributes (m2m:actionStatus) of multiplicity 1 that a request cannot give at creation:
 *        the CSE sets them to {@code {"sus": 0}} (Uninitialized, TS-0004 table 6.3.4.2.20-1)
 * @param values further checks of the values of a create or an update (refusing with 4000 naming the attribute)
 */
record MgmtObjRules(List<List<String>> exclusive, Set<String> alwaysTrue, Set<String> uninitialized,
                    Consumer<ObjectNode> values) {

    /** A specialization with no rule beyond its attribute policies. */
    static final MgmtObjRules NONE = new MgmtObjRules(List.of(), Set.of(), Set.of(), a -> { });
}
