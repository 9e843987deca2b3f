package io.bastion.client.trust;

import java.util.List;

/** Where the device's CSE is, from a TS-0022 {@code dcfg:reg} node (1020): poa, csi, cb. */
public record CseRegistration(List<String> pointOfAccess, String cseId, String cseBase) {
    public CseRegistration {
        pointOfAccess = List.copyOf(pointOfAccess);
    }
}
