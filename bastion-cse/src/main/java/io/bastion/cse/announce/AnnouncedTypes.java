package io.bastion.cse.announce;

import io.bastion.core.id.IdForms;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.acp.AcpBehaviour;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.security.acp.AcpParser;
import java.util.ArrayList;
import java.util.List;

/** The behaviours of the announced variants, one per descriptor, for the engine's builder to register in one line. */
public final class AnnouncedTypes {
    private AnnouncedTypes() {
    }

    /** One {@link AnnouncedBehaviour} per announced descriptor of the registry (each mgmtObj specialization's too). */
    public static List<TypeBehaviour> behaviours(IdForms forms, AcpParser parser) {
        List<TypeBehaviour> out = new ArrayList<>();
        for (ResourceType t : ResourceTypes.registry().all()) {
            if (t.isAnnounced()) {
                // an accessControlPolicyAnnc decides access here: its rules are checked as an ACP's
                out.add(new AnnouncedBehaviour(t, forms,
                        t.ty() == ResourceTypes.ACP_ANNC ? new AcpBehaviour(parser) : null));
            }
        }
        return out;
    }
}
