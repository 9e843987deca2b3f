package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.role.RoleRepository;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PIP bound to every {@code <authorizationInformation>} (TS-0003 7.5.4, TS-0004 7.4.45.2.3): the {@code <role>}
 * resources of this CSE's role repository assigned to {@code fr} that verify now ({@link RoleRepository#verify}: issuer
 * trusted, holder, validity window, token link), those named in {@code rids}, or all of the holder's when {@code rids}
 * is absent. They come back as the {@code <role>} children of the answer ({@code "m2m:rol": [...]} beside {@code sus});
 * they are never stored under the point (the net effect of 7.4.45.2.3's "create ... then delete after the response").
 * Token IDs ({@code tids}) are accepted but no {@code <token>} is returned (not done: the PDP evaluates no tokens).
 */
public final class InformationPoint extends AuthorizationPointBehaviour {
    static final int MAX_IDS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(InformationPoint.class);

    private final ResourceStore store;
    private final String cseBaseRi;
    private final RoleRepository roles;
    private final Clock clock;

    public InformationPoint(AccessControl access, ResourceStore store, String cseBaseRi, RoleRepository roles,
                            Clock clock, AuthorizationPoints points) {
        super(access, store, cseBaseRi);
        this.store = store;
        this.cseBaseRi = cseBaseRi;
        this.roles = roles;
        this.clock = clock;
        points.register(this);
    }

    @Override
    int ty() {
        return ResourceTypes.AUIF;
    }

    @Override
    Set<String> requestAttributes() {
        return Set.of("fr", "rids", "tids");
    }

    @Override
    ObjectNode answer(Resource point, String requester, ObjectNode request) {
        JsonNode fr = request.get("fr");
        if (fr == null || !fr.isTextual() || fr.asText().isEmpty()) {
            throw OneM2MException.badRequest("fr is mandatory in an information request and is an ID");
        }
        List<String> rids = DecisionRequest.strings(request, "rids", MAX_IDS);
        DecisionRequest.strings(request, "tids", MAX_IDS);
        ObjectNode out = request.objectNode();
        try {
            ArrayNode found = out.arrayNode();
            Instant now = clock.instant();
            String holder = roles.holderKey(fr.asText());
            for (Resource role : store.children(cseBaseRi, ResourceTypes.ROL)) {
                String rlid = role.getText("rlid");
                if (rlid == null || (!rids.isEmpty() && !rids.contains(rlid))
                        || !holder.equals(roles.holderKey(role.getText("tkhd")))) {
                    continue;
                }
                try {
                    roles.verify(List.of(rlid), fr.asText(), now);
                    found.add(role.attrsCopy());
                } catch (OneM2MException notHeld) {
                    // expired, untrusted issuer, outside its window: not information the PDP may use
                }
            }
            if (found.isEmpty()) {
                out.put("sus", AuthorizationStatus.NOT_APPLICABLE.code());
                return out;
            }
            out.put("sus", AuthorizationStatus.OK.code());
            out.set("m2m:rol", found);
        } catch (RuntimeException e) {
            LOG.warn("information retrieval for {} failed: {}", point.ri(), e.toString());
            out.removeAll();
            out.put("sus", AuthorizationStatus.PROCESSING_ERROR.code());
        }
        return out;
    }
}
