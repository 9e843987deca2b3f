package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.AccessControl;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PRP bound to every {@code <authorizationPolicy>} (TS-0003 7.5.3, TS-0004 7.4.44.2.3). Where its policies come
 * from
 * is left open ("How the PRP CSE gets the applicable access control policies ... locally is out of scope"); Bastion's
 * choice: the {@code <accessControlPolicy>} children of this CSE's CSEBase whose labels ({@code lbl}) carry
 * {@code bastion:policyFor=ADDRESS}, where ADDRESS is the {@code to} of the request or an address above it (a prefix
 * ending at a {@code /}), or {@code *} for every target. Their {@code pv} are the {@code ps} (m2m:setOfPermissions,
 * TS-0004 6.3.5.61) in resource ID order, {@code ca} 1 PERMIT_OVERRIDES (the only value, table 6.3.4.2.53-1). So
 * policies are ordinary ACP resources, managed, audited and announced as any other, and a change to one is the next
 * answer. None applies: NOT_APPLICABLE; the store fails: PROCESSING_ERROR.
 */
public final class PolicyRetrievalPoint extends AuthorizationPointBehaviour {
    /** The label that makes an ACP of this CSE a policy of its PRPs. */
    public static final String LABEL = "bastion:policyFor=";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRetrievalPoint.class);

    private final ResourceStore store;
    private final String cseBaseRi;
    private final Clock clock;

    public PolicyRetrievalPoint(AccessControl access, ResourceStore store, String cseBaseRi, Clock clock,
                                AuthorizationPoints points) {
        super(access, store, cseBaseRi);
        this.store = store;
        this.cseBaseRi = cseBaseRi;
        this.clock = clock;
        points.register(this);
    }

    @Override
    int ty() {
        return ResourceTypes.AUPY;
    }

    @Override
    Set<String> requestAttributes() {
        return Set.of("to");
    }

    @Override
    ObjectNode answer(Resource point, String requester, ObjectNode request) {
        JsonNode to = request.get("to");
        if (to == null || !to.isTextual() || to.asText().isEmpty() || to.asText().length() > 1024) {
            throw OneM2MException.badRequest("to is mandatory in a policy request and is an address");
        }
        ObjectNode out = request.objectNode();
        try {
            ArrayNode pv = out.arrayNode();
            for (Resource acp : applicable(to.asText())) {
                pv.add(acp.get("pv"));
            }
            if (pv.isEmpty()) {
                out.put("sus", AuthorizationStatus.NOT_APPLICABLE.code());
                return out;
            }
            out.putObject("ps").set("pv", pv);
            out.put("ca", 1);
            out.put("sus", AuthorizationStatus.OK.code());
        } catch (RuntimeException e) {
            LOG.warn("policy retrieval for {} failed: {}", point.ri(), e.toString());
            out.removeAll();
            out.put("sus", AuthorizationStatus.PROCESSING_ERROR.code());
        }
        return out;
    }

    /** The labelled ACPs that apply to {@code to}, in resource ID order. */
    List<Resource> applicable(String to) {
        return store.children(cseBaseRi, ResourceTypes.ACP).stream()
                .filter(a -> !a.isExpired(clock.instant()) && a.get("pv") != null && appliesTo(a, to))
                .sorted(java.util.Comparator.comparing(Resource::ri))
                .toList();
    }

    static boolean appliesTo(Resource acp, String to) {
        for (String label : acp.getList("lbl")) {
            if (!label.startsWith(LABEL)) {
                continue;
            }
            String at = label.substring(LABEL.length());
            if (at.isEmpty()) {
                continue; // names no address: it applies to nothing (only "*" means every target)
            }
            if (at.equals("*") || at.equals(to) || (to.startsWith(at) && (at.endsWith("/")
                    || to.charAt(at.length()) == '/'))) {
                return true;
            }
        }
        return false;
    }
}
