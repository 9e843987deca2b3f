package io.bastion.cse.mcc;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.store.ResourceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The CSEs below this one, which its {@code <remoteCSE>} on its registrar lists in {@code descendantCSEs}
 * ({@code dcse}, TS-0004 7.4.4.2.1 and 7.4.4.2.3, Recv-6.5): every CSE registered here and the descendants each of them
 * declares, from the live {@code <remoteCSE>} children of the CSEBase other than the registrar's own.
 */
final class DescendantCses {
    private DescendantCses() {
    }

    /** The CSE-IDs, sorted (the registrar compares lists, so one order keeps it from seeing changes that are none). */
    static List<String> of(ResourceStore store, String cseBaseRi, String registrarCsi, String ownCsi, Instant now) {
        TreeSet<String> ids = new TreeSet<>();
        for (Resource r : store.children(cseBaseRi, ResourceTypes.CSR)) {
            String csi = r.getText("csi");
            if (csi == null || csi.equals(registrarCsi) || r.isExpired(now)) {
                continue;
            }
            ids.add(csi);
            ids.addAll(r.getList("dcse"));
        }
        // never itself nor its registrar: a registree declaring them would make a loop of the routing tree
        ids.remove(ownCsi);
        ids.remove(registrarCsi);
        return new ArrayList<>(ids);
    }

    /** Whether a committed change can alter the list: a {@code <remoteCSE>} of a registree under the CSEBase. */
    static boolean concerns(Resource r, String cseBaseRi, String registrarCsi) {
        return r.ty() == ResourceTypes.CSR && cseBaseRi.equals(r.pi()) && !registrarCsi.equals(r.getText("csi"));
    }
}
