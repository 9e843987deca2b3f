package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.access.DistributedFallback;
import io.bastion.cse.access.PolicySource;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.DistributedAuthorizationConfig;
import io.bastion.cse.dynamic.CircuitBreaker;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessDecision;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosting CSE as Policy Enforcement Point (TS-0003 7.5.2, communication mode a): when the policies linked to the
 * target deny and one of them names PDPs in {@code adri}, the CSE asks them in order by an UPDATE of the request
 * attributes of each {@code <authorizationDecision>} (here or on another CSE, {@link AuthorizationPoints}) and
 * enforces the first decision: {@code sus} OK with {@code dec} PERMIT permits, with DENY denies; NOT_APPLICABLE asks
 * the next PDP; none left denies (7.5.2: "otherwise the access request of the Originator shall be denied"). A
 * MISSING_ATTRIBUTE, SYNTAX_ERROR or PROCESSING_ERROR denies at once and is never a permit; a PDP that cannot be
 * reached, is late or answers malformed counts as a failure of that PDP and the next is asked.
 *
 * <p>The shape of the DAS client: the whole consultation takes at most {@code pdp.timeout}; a per-PDP
 * {@link CircuitBreaker} skips a failing PDP for a cool-down; a PDP's PERMIT or DENY is remembered for
 * {@code pdp.cache.ttl} under the facts it was asked about (target, originator, operation, type created, Role-IDs,
 * token IDs, tokens, the peer's address; not {@code rtm}: a time-window policy may hold a cached answer up to the
 * TTL past its boundary), and a consultation that found no decision for {@code pdp.negative-ttl}. The request
 * attributes: {@code to} the target's structured address SP-relative ({@code /id-mn/cse-mn/ae1/cnt1}; the same
 * resource as the originator's {@code to}, in the one form every PRP can match a policy against), {@code fr} the
 * originator SP-relative, {@code op}, {@code rrt} on CREATE, {@code rids}, {@code tids}, {@code tkns} as the request
 * gave them, {@code rtm} the time this CSE received the request, {@code oip} the peer's address. Each outcome is a
 * note of the decision, in the audit log and in {@code explain}.
 */
public final class EnforcementPoint implements DistributedFallback {
    private static final Logger LOG = LoggerFactory.getLogger(EnforcementPoint.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_CACHED = 100_000;

    private final CseConfig config;
    private final DistributedAuthorizationConfig settings;
    private final PolicySource policies;
    private final PointAsker points;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final ConcurrentMap<Key, Remembered> cache = new ConcurrentHashMap<>();

    public EnforcementPoint(CseConfig config, DistributedAuthorizationConfig settings, PolicySource policies,
                            AuthorizationPoints points, Clock clock) {
        this(config, settings, policies, (PointAsker) points, clock);
    }

    /** With any way of asking a point (a test's PDPs). */
    EnforcementPoint(CseConfig config, DistributedAuthorizationConfig settings, PolicySource policies,
                     PointAsker points, Clock clock) {
        this.config = config;
        this.settings = settings;
        this.policies = policies;
        this.points = points;
        this.breaker = new CircuitBreaker(settings.failureThreshold(), settings.coolDown(), clock);
        this.clock = clock;
    }

    /** The facts a PDP was asked about that can differ between requests: the decision holds for these only. */
    private record Key(String target, String originator, Operation op, Integer childTy, List<String> rids,
                       List<String> tids, List<String> tkns, InetAddress oip) {
        static Key of(RequestContext x, Resource target, Operation op, Integer childTy) {
            var rq = x.request();
            return new Key(target.ri(), x.originator(), op, childTy, rq.rids(), rq.tids(), rq.tkns(),
                    x.peer().address());
        }
    }

    private record Remembered(AccessDecision decision, Instant until) {
    }

    /** The PDPs named by the policies linked to {@code target}, in order, without repeats; empty when none. */
    public List<String> pdps(RequestContext x, Resource target) {
        Set<String> adri = new LinkedHashSet<>();
        for (Resource acp : policies.linkedResources(x, target)) {
            adri.addAll(acp.getList("adri"));
        }
        return List.copyOf(adri);
    }

    @Override
    public List<String> wouldDo(RequestContext x, Resource target, Operation op, Integer childTy) {
        List<String> adri = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Resource acp : policies.linkedResources(x, target)) {
            List<String> own = acp.getList("adri");
            if (!own.isEmpty()) {
                named.add(acp.ri());
                own.stream().filter(a -> !adri.contains(a)).forEach(adri::add);
            }
        }
        if (adri.isEmpty()) {
            return List.of();
        }
        Remembered known = cache.get(Key.of(x, target, op, childTy));
        if (known != null && clock.instant().isBefore(known.until())) {
            return List.of("holds the answer of distributed authorization for these request facts until "
                    + known.until() + ": " + known.decision().summary() + "; a real request would not ask a PDP");
        }
        return List.of("would ask the PDP " + String.join(", then ", adri) + " (adri of " + String.join(", ", named)
                + "), each by an UPDATE of the request attributes of its authorizationDecision, within "
                + settings.timeout().toMillis() + " ms (pdp.timeout-ms); explain asks no PDP");
    }

    @Override
    public AccessDecision afterDeny(RequestContext x, Resource target, Operation op, Integer childTy) {
        List<String> adri = pdps(x, target);
        if (adri.isEmpty()) {
            return null;
        }
        Key key = Key.of(x, target, op, childTy);
        Instant now = clock.instant();
        Remembered known = cache.get(key);
        if (known != null && now.isBefore(known.until())) {
            return remembered(known.decision());
        }
        try {
            return ask(x, target, op, childTy, adri, key);
        } catch (RuntimeException e) {
            LOG.error("distributed authorization failed for rqi={}", x.request().rqi(), e);
            return AccessDecision.deny("distributed authorization: failed inside this CSE");
        }
    }

    private AccessDecision ask(RequestContext x, Resource target, Operation op, Integer childTy, List<String> adri,
                               Key key) {
        ObjectNode attrs = attributes(x, target, op, childTy);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<String> notes = new ArrayList<>();
        for (String pdp : adri) {
            URI id = URI.create("pdp:" + pdp.replace(' ', '_'));
            if (!breaker.allows(id)) {
                notes.add("the PDP " + pdp + " is skipped after repeated failures");
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                notes.add("no time left (pdp.timeout " + settings.timeout().toMillis() + " ms) to ask the PDP " + pdp);
                continue;
            }
            ObjectNode answer;
            try {
                answer = points.ask(pdp, ResourceTypes.AUDS, attrs.deepCopy(), Duration.ofNanos(left));
            } catch (PointFailure f) {
                breaker.failure(id);
                notes.add("distributed authorization: " + f.getMessage());
                continue;
            }
            breaker.success(id);
            AuthorizationStatus s = AuthorizationStatus.of(answer.path("sus").asInt());
            if (s == AuthorizationStatus.NOT_APPLICABLE) {
                notes.add("distributed authorization: the PDP " + pdp + " answered NOT_APPLICABLE");
                continue;
            }
            int dec = answer.path("dec").asInt(0);
            AccessDecision d;
            if (s == AuthorizationStatus.OK && dec == 1) {
                // the PDPs asked before it stay in the trail of the permit, as they do in that of a deny
                d = AccessDecision.byDefault("pdp", "the PDP " + pdp + " answered PERMIT (status OK, TS-0003 7.5.2)"
                        + (notes.isEmpty() ? "" : "; before it: " + String.join("; ", notes)));
            } else if (s == AuthorizationStatus.OK && dec == 2) {
                d = denied(notes, "distributed authorization: the PDP " + pdp + " answered DENY (status OK)");
            } else if (s == AuthorizationStatus.OK) {
                notes.add("distributed authorization: the PDP " + pdp + " answered status OK without a decision "
                        + "(dec) of m2m:authorizationDecision");
                continue;
            } else {
                d = denied(notes, "distributed authorization: the PDP " + pdp + " answered " + s
                        + ", which never permits");
                remember(key, d, settings.negativeTtl());
                return d;
            }
            remember(key, d, settings.cacheTtl());
            return d;
        }
        notes.add("distributed authorization: no PDP of adri (" + String.join(", ", adri) + ") decided; denied "
                + "(TS-0003 7.5.2)");
        AccessDecision d = new AccessDecision.Deny(List.of(), notes);
        remember(key, d, settings.negativeTtl());
        return d;
    }

    /** A deny whose trail is what the PDPs asked before said, then {@code last}. */
    private static AccessDecision denied(List<String> before, String last) {
        List<String> notes = new ArrayList<>(before);
        notes.add(last);
        return new AccessDecision.Deny(List.of(), notes);
    }

    private void remember(Key key, AccessDecision d, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        if (cache.size() >= MAX_CACHED) {
            Instant now = clock.instant();
            cache.values().removeIf(r -> !now.isBefore(r.until()));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, new Remembered(d, clock.instant().plus(ttl)));
    }

    private static AccessDecision remembered(AccessDecision d) {
        if (d instanceof AccessDecision.Deny no) {
            List<String> notes = new ArrayList<>(no.notes());
            notes.add("distributed authorization: this answer was remembered");
            return new AccessDecision.Deny(no.failures(), notes);
        }
        if (d instanceof AccessDecision.Permit p && p.ground() instanceof AccessDecision.DefaultGround g) {
            return AccessDecision.byDefault(g.name(), g.detail() + ", remembered");
        }
        return d;
    }

    /** The request attributes of the decision request (TS-0003 table 7.5.2-1). */
    ObjectNode attributes(RequestContext x, Resource target, Operation op, Integer childTy) {
        var rq = x.request();
        ObjectNode a = F.objectNode();
        a.put("to", config.cseId() + "/" + target.path());
        String fr = x.originator();
        a.put("fr", fr.startsWith("/") ? fr : config.cseId() + "/" + fr);
        a.put("op", op.code());
        if (childTy != null) {
            a.put("rrt", childTy);
        }
        list(a, "rids", rq.rids());
        list(a, "tids", rq.tids());
        list(a, "tkns", rq.tkns());
        a.put("rtm", Timestamps.format(x.received()));
        InetAddress ip = x.peer().address();
        if (ip != null) {
            a.putObject("oip").put(ip instanceof Inet4Address ? "ip4" : "ip6", ip.getHostAddress());
        }
        return a;
    }

    private static void list(ObjectNode a, String sn, List<String> values) {
        if (values != null && !values.isEmpty()) {
            values.forEach(a.putArray(sn)::add);
        }
    }
}
