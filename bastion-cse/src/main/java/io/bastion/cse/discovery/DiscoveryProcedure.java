package io.bastion.cse.discovery;

import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.access.PolicySource;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.Representation;
import io.bastion.cse.resource.ResultPage;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery (RETRIEVE with {@code fu}=1, TS-0004 7.3.3.17): searches below the target, lists only resources the
 * originator may DISCOVER, applies {@code ofst} and {@code lim} and the CSE's cap ({@link ResultPage}: a list cut
 * at the cap is marked partial), and answers {@code m2m:uril} as structured ({@code drt}=1, default) or unstructured
 * ({@code drt}=2) IDs.
 */
public final class DiscoveryProcedure {
    private final ResourceStore store;
    private final AccessControl access;
    private final PolicySource policies;
    private final Clock clock;
    private final int maxResults;

    /** @param maxResults the most addresses one answer lists ({@code discovery.max-results}) */
    public DiscoveryProcedure(ResourceStore store, AccessControl access, PolicySource policies, Clock clock,
                              int maxResults) {
        this.store = store;
        this.access = access;
        this.policies = policies;
        this.clock = clock;
        this.maxResults = maxResults;
    }

    public Response discover(RequestContext x, Resource root) {
        FilterCriteria fc = x.request().fc();
        ResultPage<String> page = ResultPage.of(fc, maxResults);
        if (fc.lvl() != null && fc.lvl() < 1) {
            throw OneM2MException.badRequest("level (lvl) must be at least 1");
        }
        int drt = x.request().drt() == null ? 1 : x.request().drt();
        if (drt != 1 && drt != 2) {
            throw OneM2MException.badRequest("desired identifier result type (drt) must be 1 or 2");
        }
        boolean or = fc.fo() != null && fc.fo() == 2;
        // With OR the store cannot narrow by condition; it still narrows by subtree and level.
        DiscoveryQuery q = or
                ? new DiscoveryQuery(root.path(), fc.lvl(), List.of(), List.of(), null, null, null, null, null, null,
                null)
                : new DiscoveryQuery(root.path(), fc.lvl(), fc.ty(), fc.lbl(), fc.rn(), fc.cra(), fc.crb(), fc.ms(),
                fc.us(), fc.exb(), fc.exa());
        Instant now = clock.instant();
        // Siblings share their parent's rules (contentInstances), so one decision per policy holder suffices.
        Map<String, Boolean> permitted = new HashMap<>();
        if (page.wantsAny()) {
            store.discover(q, r -> {
                if (r.isExpired(now) || !FilterMatcher.matches(fc, r) || !mayDiscover(x, r, permitted)) {
                    return true;
                }
                return page.offer(drt == 2 ? r.ri() : r.path());
            });
        }
        return page.complete(Response.of(ResponseStatusCode.OK, Representation.uriList(page.items())));
    }

    private boolean mayDiscover(RequestContext x, Resource r, Map<String, Boolean> permitted) {
        Resource holder = policies.holder(x, r);
        if (holder.ri().equals(r.ri())) {
            return access.permits(x, r, Operation.DISCOVERY);
        }
        return permitted.computeIfAbsent(holder.ri(), k -> access.permits(x, holder, Operation.DISCOVERY));
    }
}
