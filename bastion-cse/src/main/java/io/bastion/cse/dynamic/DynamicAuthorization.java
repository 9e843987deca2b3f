package io.bastion.cse.dynamic;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.DynamicGrant;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.SetOfAcrs;
import io.bastion.security.dynamic.DasAddress;
import io.bastion.security.dynamic.DasRequest;
import io.bastion.security.dynamic.DasResponse;
import io.bastion.security.dynamic.DynamicAcpInfo;
import io.bastion.security.dynamic.MalformedSecurityInfoException;
import io.bastion.security.dynamic.OriginatorIp;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct dynamic authorization (TS-0003 7.3.2.2; TS-0004 7.5.1.2.10): when the access control policies deny and an
 * enabled {@code <dynamicAuthorizationConsultation>} applies to the target ({@link DacResolver}), the CSE sends its
 * DAS a NOTIFY with {@code m2m:seci} ({@code sit}=1, {@code dreq}) and keeps what it grants in {@link DynamicGrants}.
 *
 * <p>Bounds, so that a slow or dead DAS cannot hold a request or the CSE:
 * <ul>
 *   <li>one consultation, over every {@code dap} of every applicable dac in order, takes at most the configured
 *       timeout in total: the first usable answer ends it, and each DAS gets what is left of that time;</li>
 *   <li>a per-DAS {@link CircuitBreaker} skips a DAS after repeated failures for a cool-down;</li>
 *   <li>concurrent requests for the same (originator, target, operation) share one consultation;</li>
 *   <li>refusals and failures are remembered for the configured negative lifetime.</li>
 * </ul>
 *
 * <p>The lifetime of granted privileges is the DAS's {@code pl}, cut to the dac's {@code dal} (the resource owner's
 * preferred lifetime, sent as {@code ppl}: a DAS may grant less, not more) and to the configured maximum. Without
 * {@code pl} the dac's {@code dal} applies; without either, the grant serves the present request only. A {@code pl} that
 * has already ended by this CSE's clock grants nothing ({@link #ended}). A DAS answer that
 * is not a dynamic authorization response, or whose tokens fail verification, counts as a failure of that DAS and grants
 * nothing.
 *
 * <p>Wire forms (those the DAS of bastion-trust matches its rules against): {@code X-M2M-Origin} is this CSE's
 * CSE-ID ({@code /id-in}), {@code dreq.or} the originator SP-relative ({@code /id-in/Cae1}; absolute only for another
 * SP), {@code dreq.trid} the target's structured ID SP-relative ({@code /id-in/cse-in/...}). A consultation never
 * carries the request's {@code tids}: a {@code dreq} with {@code tids} is a token lookup ({@link #lookupTokens}).
 */
public final class DynamicAuthorization {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicAuthorization.class);

    private final CseConfig config;
    private final DynamicAuthorizationConfig settings;
    private final DacResolver dacs;
    private final DasClient client;
    private final CircuitBreaker breaker;
    private final DynamicGrants grants;
    private final AcpParser parser;
    private final LocalIdentity local;
    private final DasTokenCheck tokens;
    private final ConcurrentMap<ConsultationKey, CompletableFuture<Consultation>> inflight = new ConcurrentHashMap<>();

    public DynamicAuthorization(CseConfig config, DacResolver dacs, DasClient client, CircuitBreaker breaker,
                                DynamicGrants grants, AcpParser parser, LocalIdentity local, DasTokenCheck tokens) {
        this.config = config;
        this.settings = config.dynamic();
        this.dacs = dacs;
        this.client = client;
        this.breaker = breaker;
        this.grants = grants;
        this.parser = parser;
        this.local = local;
        this.tokens = tokens == null ? DasTokenCheck.REFUSE_ALL : tokens;
    }

    public DynamicGrants grants() {
        return grants;
    }

    /** The enabled dacs that apply to {@code target}; empty when dynamic authorization does not apply. */
    public List<Resource> applicable(Resource target) {
        return dacs.enabledFor(target);
    }

    /** The daci walk for {@code target} with where it ended (for {@code explain}); asks no DAS. */
    public DacResolver.Resolution resolve(Resource target) {
        return dacs.resolve(target);
    }

    /** The settings (timeout, DAS issuers…). */
    public DynamicAuthorizationConfig settings() {
        return settings;
    }

    /** The key results for this request are remembered under. */
    public ConsultationKey key(RequestContext x, Resource target, Operation op) {
        return ConsultationKey.of(x, target, op);
    }

    /**
     * Consults the DAS of {@code applicable} (from {@link #applicable}) for the request, unless a result is
     * remembered; returns how it ended. Never throws for anything the DAS does.
     *
     * @param orid the verified Role-IDs of the originator, sent as {@code orid}
     * @param rfa Role-IDs named in the target's policies, sent as {@code rfa}
     */
    public Consultation consult(RequestContext x, Resource target, Operation op, List<Resource> applicable,
                                List<String> orid, List<String> rfa) {
        if (applicable.isEmpty()) {
            return new Consultation.NotApplicable();
        }
        ConsultationKey key = key(x, target, op);
        Instant now = x.received();
        DynamicGrants.Entry known = grants.get(key, now);
        if (known instanceof DynamicGrants.Refused r) {
            return new Consultation.Denied(r.reason(), true);
        }
        CompletableFuture<Consultation> mine = new CompletableFuture<>();
        CompletableFuture<Consultation> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Consultation c = ask(x, target, op, applicable, orid, rfa, key);
            mine.complete(c);
            return c;
        } catch (RuntimeException e) {
            LOG.error("dynamic authorization failed for rqi={}", x.request().rqi(), e);
            Consultation c = new Consultation.Denied("dynamic authorization failed inside this CSE", false);
            mine.complete(c);
            return c;
        } finally {
            inflight.remove(key, mine);
        }
    }

    private Consultation await(CompletableFuture<Consultation> running) {
        try {
            return running.get(settings.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Consultation.Denied("a concurrent consultation of the DAS did not finish in time", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Consultation.Denied("interrupted while waiting for the DAS", false);
        } catch (ExecutionException e) {
            return new Consultation.Denied("dynamic authorization failed inside this CSE", false);
        }
    }

    private Consultation ask(RequestContext x, Resource target, Operation op, List<Resource> applicable,
                             List<String> orid, List<String> rfa, ConsultationKey key) {
        Instant now = x.received();
        String holder = local.canonical(x.originator());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<String> causes = new ArrayList<>();
        for (Resource dac : applicable) {
            String dal = dac.getText("dal");
            DasRequest dreq = request(x, target, op, holder, dal, orid, rfa);
            for (String entry : dac.getList("dap")) {
                URI das = DasAddress.tryParse(entry);
                if (das == null) {
                    continue;
                }
                if (!breaker.allows(das)) {
                    causes.add("the DAS at " + das + " is skipped after repeated failures");
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    causes.add("no time left to consult the DAS at " + das);
                    continue;
                }
                try {
                    DasResponse dres = client.consult(das, config.cseId(), dreq, Duration.ofNanos(left));
                    Consultation c = accept(dac, das, dres, holder, dal, now, key);
                    breaker.success(das);
                    return c;
                } catch (DasFailure f) {
                    breaker.failure(das);
                    LOG.info("dynamic authorization rqi={}: {}", x.request().rqi(), f.getMessage());
                    causes.add(f.getMessage());
                }
            }
        }
        String reason = causes.isEmpty() ? "no usable DAS address in the applicable dynamicAuthorizationConsultation"
                : String.join("; ", causes);
        grants.refuse(key, reason, now.plus(settings.negativeTtl()), now);
        return new Consultation.Denied(reason, false);
    }

    /** Turns a usable answer into grants (remembered) or a refusal (remembered for the negative lifetime). */
    private Consultation accept(Resource dac, URI das, DasResponse dres, String holder, String dal, Instant now,
                                ConsultationKey key) throws DasFailure {
        List<GrantingToken> verified = dres.tkns().isEmpty() ? List.of()
                : tokens.verify(dres.tkns(), das, holder, now);
        List<DynamicGrant> granted = new ArrayList<>(1);
        DynamicAcpInfo dai = dres.dai();
        String nothing = "the DAS at " + das + " granted nothing";
        if (dai != null && dai.gp() != null && ended(dai.pl(), now)) {
            nothing = "the DAS at " + das + " granted privileges whose lifetime (pl " + dai.pl()
                    + ") has already ended by this CSE's clock";
        } else if (dai != null && dai.gp() != null) {
            SetOfAcrs gp;
            try {
                gp = dai.grantedPrivileges(parser);
            } catch (RuntimeException e) {
                throw new DasFailure("the DAS at " + das + " granted privileges that cannot be evaluated");
            }
            if (!gp.rules().isEmpty()) {
                Instant until = lifetime(dai.pl(), dal, now);
                granted.add(new DynamicGrant(dac.ri(), new AccessControlPolicy("dynamic grant of " + dac.ri(), gp,
                        SetOfAcrs.EMPTY), until));
            }
        }
        if (granted.isEmpty() && verified.isEmpty()) {
            grants.refuse(key, nothing, now.plus(settings.negativeTtl()), now);
            return new Consultation.Denied(nothing, false);
        }
        grants.grant(key, granted, verified, now);
        return new Consultation.Granted(das.toString(), granted, verified);
    }

    /**
     * Whether a granted lifetime {@code pl} ended at or before {@code now}. Such a grant is void: TS-0004 7.5.1.2.10
     * makes {@code pl} the expirationTime of the dynamic ACP, and an ACP past its expirationTime does not exist. (It
     * happens only when the DAS's clock is behind this CSE's by more than the granted lifetime.)
     */
    static boolean ended(String pl, Instant now) {
        if (pl == null) {
            return false;
        }
        try {
            return !Timestamps.parseAbsRel(pl, now, "pl").isAfter(now);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** {@code pl} cut to the dac's {@code dal} and the configured maximum; see the class comment. */
    Instant lifetime(String pl, String dal, Instant now) {
        Instant max = now.plus(settings.maxGrant());
        Instant bound = DacLifetime.until(dal, now);
        Instant until;
        if (pl != null) {
            try {
                until = Timestamps.parseAbsRel(pl, now, "pl");
            } catch (RuntimeException e) {
                until = now;
            }
        } else {
            until = bound != null ? bound : now.plusMillis(1);
        }
        if (bound != null && until.isAfter(bound)) {
            until = bound;
        }
        if (until.isAfter(max)) {
            until = max;
        }
        // Never before the request itself: a grant always serves the request it was asked for.
        return until.isAfter(now) ? until : now.plusMillis(1);
    }

    /** The originator's absolute ID, the holder of the tokens a DAS issues for it. */
    String canonical(String originator) {
        return local.canonical(originator);
    }

    /** The {@code dreq} of a consultation (or of the indirect flow) for {@code op} on {@code target}. */
    DasRequest request(RequestContext x, Resource target, Operation op, String holder, String dal,
                       List<String> orid, List<String> rfa) {
        Operation wire = op == Operation.DISCOVERY ? Operation.RETRIEVE : op;
        DasRequest d = DasRequest.of(dasForm(Objects.requireNonNull(holder, "originator")), wire,
                        config.cseId() + "/" + target.path())
                .withTrt(target.ty())
                .withRts(Timestamps.format(x.received()))
                .withRoles(orid, rfa);
        InetAddress ip = x.peer().address();
        if (ip != null) {
            d = d.withOip(ip instanceof Inet4Address ? OriginatorIp.ipv4(ip.getHostAddress())
                    : OriginatorIp.ipv6(ip.getHostAddress()));
        }
        if (dal != null && !dal.isEmpty()) {
            d = d.withPpl(dal);
        }
        // No tids here: the DAS takes a dreq with tids as a token lookup only (lookupTokens), never as a consultation.
        return d;
    }

    /**
     * The form of an originator ID in a {@code dreq}: SP-relative ({@code /id-in/Cae1}, {@code /Sae2}) for an
     * originator of this SP, absolute for one of another SP. The DAS matches its rules literally against this form,
     * and it is the holder ({@code azp}) of the tokens it issues.
     */
    String dasForm(String canonical) {
        String sp = local.spId();
        return canonical.startsWith(sp + "/") ? canonical.substring(sp.length()) : canonical;
    }

    /**
     * Looks up tokens by their Token-IDs at a DAS (TS-0001 11.5.3 step 6), within the configured timeout and through
     * the same circuit breaker as consultations. The {@code dreq} of a lookup must still carry {@code op} and
     * {@code trid} (mandatory in TS-0004 6.3.5.46); the DAS evaluates no rule for a lookup, so they name what is
     * asked for: RETRIEVE of tokens for this CSE ({@code trid} = this CSE's ID).
     *
     * @param dap the DAS address (a {@code dap} entry, or the issuer's address)
     * @param originator the originator of the request that carried the {@code tids}, in any form
     * @param tids the Token-IDs (m2m:tokenID) to resolve
     * @return the compact tokens the DAS returned, NOT verified (the caller verifies them as any received token);
     *     empty when the DAS knows none of them
     * @throws DasFailure the DAS is skipped (open circuit), unreachable, too slow or answered something unusable
     */
    public List<String> lookupTokens(URI dap, String originator, List<String> tids) throws DasFailure {
        return lookupTokens(dap, originator, tids, settings.timeout());
    }

    /**
     * As {@link #lookupTokens(URI, String, List)}, within {@code budget} (at most the configured timeout), so that a
     * caller asking several DASs stays within one timeout in total.
     */
    public List<String> lookupTokens(URI dap, String originator, List<String> tids, Duration budget)
            throws DasFailure {
        Duration wait = budget.compareTo(settings.timeout()) < 0 ? budget : settings.timeout();
        if (wait.isNegative() || wait.isZero()) {
            throw new DasFailure("no time left to ask the DAS at " + dap + " for tokens");
        }
        String holder = local.canonical(originator);
        if (holder == null || tids.isEmpty()) {
            return List.of();
        }
        if (!breaker.allows(dap)) {
            throw new DasFailure("the DAS at " + dap + " is skipped after repeated failures");
        }
        DasRequest lookup;
        try {
            lookup = DasRequest.of(dasForm(holder), Operation.RETRIEVE, config.cseId()).withTids(tids);
        } catch (MalformedSecurityInfoException e) {
            throw new DasFailure("the token lookup cannot be sent to the DAS at " + dap + ": " + e.getMessage());
        }
        try {
            List<String> found = client.lookupTokens(dap, config.cseId(), lookup, wait);
            breaker.success(dap);
            return found;
        } catch (DasFailure f) {
            breaker.failure(dap);
            throw f;
        }
    }
}
