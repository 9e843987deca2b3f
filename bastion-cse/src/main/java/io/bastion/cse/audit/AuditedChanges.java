package io.bastion.cse.audit;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.resource.ResourceEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Audits every committed change of an audited resource type ({@link ResourceType#audited()}: access control and
 * location policies, the TS-0022 security objects), whatever the audit configuration says about permits: who created,
 * updated or deleted which resource (also when it went with a deleted ancestor) and the names of the attributes
 * written. Values are never written, and a secret attribute is named as set or removed only ({@code skv (secret)}),
 * never shown. The one place a change is audited: a behaviour does not audit its own type.
 */
public final class AuditedChanges implements Consumer<List<ResourceEvent>> {
    private final AuditSink audit;
    private final Clock clock;

    public AuditedChanges(AuditSink audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            ResourceType t = ResourceTypes.of(e.resource());
            if (t.audited()) {
                audit.record(AuditEntry.change(clock.instant(), e.rqi(), e.originator(), operation(e.kind()), t.ty(),
                        e.resource().ri(), e.resource().path(), e.kind().name(), describe(t, e)));
            }
        }
    }

    private static Operation operation(ResourceEvent.Kind kind) {
        return switch (kind) {
            case CREATED -> Operation.CREATE;
            case UPDATED -> Operation.UPDATE;
            case DELETED, REMOVED_WITH_ANCESTOR -> Operation.DELETE;
        };
    }

    /** The type, then the names of the attributes written (all for a create, the changed ones for an update). */
    private static String describe(ResourceType t, ResourceEvent e) {
        String type = t.name() + " (" + ResourceTypes.rootNameOf(e.resource()) + ")";
        if (e.kind() != ResourceEvent.Kind.CREATED && e.kind() != ResourceEvent.Kind.UPDATED) {
            return type;
        }
        Set<String> names = new TreeSet<>();
        (e.modified() != null ? e.modified() : e.resource().attrs()).fieldNames().forEachRemaining(names::add);
        List<String> out = new ArrayList<>(names);
        // The secrets the request wrote travel beside the attributes, by name only.
        new TreeSet<>(e.secretsWritten()).forEach(sn -> out.add(sn + " (secret)"));
        return type + "; attributes " + String.join(", ", out);
    }
}
