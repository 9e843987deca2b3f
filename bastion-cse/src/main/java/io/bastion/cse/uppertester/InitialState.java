package io.bastion.cse.uppertester;

import io.bastion.core.resource.Resource;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.csebase.CseBaseSetup;
import io.bastion.cse.dynamic.DynamicGrants;
import io.bastion.cse.resource.ResourceDeletion;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Brings the CSE back to the state of a first start with its configuration: every resource below the CSEBase
 * deleted (AEs, their registrations and everything under them), the CSEBase as configured, no remembered dynamic
 * grants or refusals. Each child of the CSEBase is deleted by the CSE's own deletion procedure and its events go the
 * way of every committed change, so that the caches (policies, location policies, missing-data monitors) forget what
 * went, sensitive objects have their removal audited, and subscriptions deleted with their resources send their
 * deletion notice ({@code sud}) as any deletion does. Not reset: the audit log, the credentials (PSKs, trusted CAs,
 * bindings, token issuers: configuration files, not resources), and notifications already queued for delivery.
 */
public final class InitialState {
    private final CseConfig config;
    private final ResourceStore store;
    private final Clock clock;
    private final ResourceDeletion deletion;
    private final Consumer<List<ResourceEvent>> committed;
    private final DynamicGrants grants;

    public InitialState(CseConfig config, ResourceStore store, Clock clock, ResourceDeletion deletion,
                        Consumer<List<ResourceEvent>> committed, DynamicGrants grants) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.deletion = deletion;
        this.committed = committed;
        this.grants = grants;
    }

    /**
     * Restores the initial state; requests processed meanwhile see some resources gone and others not yet.
     *
     * @return how many resources were deleted directly below the CSEBase (with their subtrees)
     */
    public synchronized int restore() {
        int removed = 0;
        for (Resource child : store.children(config.cseBaseRi(), null)) {
            committed.accept(deletion.deleteInternally(child));
            removed++;
        }
        CseBaseSetup.apply(config, store, clock.instant());
        grants.clear();
        return removed;
    }
}
