package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.mcc.Retargeting;
import io.bastion.store.ResourceStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks an authorization point by an UPDATE of its request attributes (TS-0003 7.5.2-7.5.4) and returns the result
 * attributes of its answer: a point of this CSE directly (its procedure, as its UPDATE would run it, without the
 * network), a point of another CSE through the Mcc ({@link Retargeting#send}: the next hop's association, the request
 * in this CSE's name, {@code X-M2M-Origin} its CSE-ID) within the time given. Every way of not getting a usable
 * answer is a {@link PointFailure} naming the point and why.
 */
public final class AuthorizationPoints implements PointAsker {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final CseConfig config;
    private final ResourceStore store;
    private final Retargeting forwarder;
    private final Map<Integer, AuthorizationPointBehaviour> local = new ConcurrentHashMap<>();

    public AuthorizationPoints(CseConfig config, ResourceStore store, Retargeting forwarder) {
        this.config = config;
        this.store = store;
        this.forwarder = forwarder;
    }

    /** Binds the procedure of a point type for the points of this CSE. */
    void register(AuthorizationPointBehaviour b) {
        local.put(b.ty(), b);
    }

    /**
     * The result attributes ({@code sus} with {@code dec}, {@code ps}/{@code ca}, or the returned roles) of the point
     * at {@code address}, a resource of type {@code ty}.
     */
    @Override
    public ObjectNode ask(String address, int ty, ObjectNode request, Duration timeout) throws PointFailure {
        String root = ResourceTypes.get(ty).rootName();
        String remote = forwarder.remoteCseId(address);
        if (remote == null) {
            Resource point = localPoint(address).orElseThrow(() -> new PointFailure("the "
                    + ResourceTypes.get(ty).name() + " " + Excerpt.of(address) + " does not exist on this CSE"));
            if (point.ty() != ty) {
                throw new PointFailure(Excerpt.of(address) + " is not a " + ResourceTypes.get(ty).name());
            }
            AuthorizationPointBehaviour b = local.get(ty);
            try {
                return b.answer(point, config.cseId(), request.deepCopy());
            } catch (OneM2MException e) {
                throw new PointFailure("the " + ResourceTypes.get(ty).name() + " " + Excerpt.of(address)
                        + " refused the request: " + e.getMessage());
            }
        }
        ObjectNode pc = F.objectNode();
        pc.set(root, request);
        Request rq = Request.builder(Operation.UPDATE, address).fr(config.cseId())
                .rqi("pdp-" + UUID.randomUUID()).rvi("3").pc(pc).build();
        Response r;
        try {
            r = forwarder.send(remote, rq, timeout);
        } catch (OneM2MException e) {
            throw new PointFailure("the point " + Excerpt.of(address) + " gave no answer: " + e.getMessage());
        }
        if (r.rsc() != ResponseStatusCode.UPDATED) {
            throw new PointFailure("the point " + Excerpt.of(address) + " answered " + r.rsc().code() + " "
                    + r.rsc().name());
        }
        JsonNode inner = r.pc() == null ? null : r.pc().get(root);
        if (!(inner instanceof ObjectNode o) || !o.path("sus").canConvertToInt()
                || AuthorizationStatus.of(o.path("sus").asInt()) == null) {
            throw new PointFailure("the point " + Excerpt.of(address) + " answered without a " + root
                    + " carrying a status (sus) of m2m:authorizationStatus");
        }
        return o;
    }

    /** A point of this CSE by resource ID, structured address, or either SP-relative. */
    private Optional<Resource> localPoint(String address) {
        String rel = address;
        String prefix = config.cseId() + "/";
        if (rel.startsWith(prefix)) {
            rel = rel.substring(prefix.length());
        }
        if (rel.isEmpty() || rel.startsWith("/")) {
            return Optional.empty();
        }
        Optional<Resource> r = store.get(rel);
        if (r.isEmpty() && rel.contains("/")) {
            r = store.getByPath(rel);
        }
        return r;
    }
}
