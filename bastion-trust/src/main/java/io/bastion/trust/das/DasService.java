package io.bastion.trust.das;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.security.dynamic.DasRequest;
import io.bastion.security.dynamic.DasResponse;
import io.bastion.security.dynamic.DynamicAcpInfo;
import io.bastion.security.dynamic.MalformedSecurityInfoException;
import io.bastion.security.dynamic.SecurityInfo;
import io.bastion.security.dynamic.SecurityInfoType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dynamic Authorization Server as a oneM2M receiver: it answers NOTIFY requests whose content is
 * {@code m2m:seci} with {@code sit}=1 (TS-0001 11.5.2/11.5.3, TS-0004 7.5.1.2.10). Two endpoints:
 *
 * <ul>
 *   <li><b>{@code das}</b> (HTTP {@code POST /das}), for Hosting CSEs.
 *     <ul>
 *       <li>A {@code dreq} without {@code tids} is a <em>direct dynamic authorization</em> consultation (TS-0003
 *           7.3.2.2): {@code X-M2M-Origin} is the Hosting CSE's ID. If a rule grants, the response content is
 *           {@code {"m2m:seci":{"sit":2,"dres":{...}}}} with {@code dai} ({@code gp} for {@code or} with the rule's
 *           operations, {@code pl} the absolute end of the grant) and/or {@code tkns} (tokens with issuer = this
 *           DAS, audience = [the Hosting CSE], holder = {@code or}); otherwise 2000 OK without content.</li>
 *       <li>A {@code dreq} with {@code tids} is a <em>token lookup</em> (TS-0001 11.5.3 step 6): the response
 *           carries the still-valid tokens among those IDs that were issued to {@code or} for the asking CSE,
 *           as {@code dres.tkns}; none found: 2000 OK without content. No rule is evaluated.</li>
 *     </ul></li>
 *   <li><b>{@code das/token}</b> (HTTP {@code POST /das/token}), for Originators (indirect dynamic authorization,
 *       TS-0003 7.3.2.3 step 3, where the specification leaves the exchange to the DAS): the Originator sends the
 *       {@code dreq} it found in the {@code tqf} of a 4103 response, with {@code X-M2M-Origin} equal to
 *       {@code dreq.or} (a token is only issued to its holder; anything else is 4103). The token's audience is the
 *       CSE named by {@code trid} ({@code /cse-id/...} or {@code //sp/cse-id/...}), or else the exact
 *       {@code hostingCses} of the rule. A grant is {@code dres.tkns}; none is 2000 OK without content.</li>
 * </ul>
 *
 * Malformed content is 4000 with a message naming the element; another operation 4005; another target 4004. Every
 * outcome is written to the audit log. Thread-safe.
 */
public final class DasService implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(DasService.class);
    /** The {@code to} of the consultation endpoint ({@code POST /das}). */
    public static final String CONSULT = "das";
    /** The {@code to} of the token request endpoint ({@code POST /das/token}). */
    public static final String TOKEN = "das/token";

    private final String dasId;
    private final String tokenDomain;
    private final Supplier<List<DasRule>> rules;
    private final TokenIssuer issuer;
    private final IssuedTokens issued;
    private final DasAuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    /** How originators compare with what a client certificate allows; null when the DAS has no TLS. */
    private volatile IdForms callerForms;

    /**
     * @param dasId this DAS's ID: the {@code fr} of its responses and the issuer of its tokens
     * @param tokenDomain the FQDN in token IDs ({@code <random>@tokenDomain}, m2m:tokenID)
     * @param rules the rules in force, asked for on every request (e.g. {@link RulesFile#rules()})
     * @param issuer signs tokens; null when no key is configured (then rules that deliver tokens deny)
     */
    public DasService(String dasId, String tokenDomain, Supplier<List<DasRule>> rules, TokenIssuer issuer,
                      IssuedTokens issued, DasAuditLog audit, Clock clock, SecureRandom random) {
        this.dasId = dasId;
        this.tokenDomain = tokenDomain;
        this.rules = rules;
        this.issuer = issuer;
        this.issued = issued;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Requests over a connection authenticated by a client certificate must come from an ID it allows, compared in
     * {@code forms} (see {@link DasTls}).
     */
    DasService callersIn(IdForms forms) {
        this.callerForms = forms;
        return this;
    }

    @Override
    public Response process(Request rq, Peer peer) {
        Response refusal = caller(rq, peer);
        return (refusal != null ? refusal : answer(rq)).withRequest(rq, dasId);
    }

    /**
     * Null when the request may be served; otherwise the refusal (audited). Over a connection with a client
     * certificate the originator must be an ID the certificate names or is bound to (as the CSE's authentication
     * stage requires of {@code fr}, TS-0003 7.2): 4106; a certificate withdrawn since the handshake: 4107. Without a
     * certificate (plain HTTP, or TLS with optional client authentication) nothing is checked here.
     */
    private Response caller(Request rq, Peer peer) {
        Authentication a = peer == null ? Authentication.none() : peer.authentication();
        if (a instanceof Authentication.Revoked r) {
            return refused(clock.instant(), rq, ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED, "the client "
                    + "certificate " + r.credentialId() + " is no longer valid: " + r.reason(), r.credentialId());
        }
        if (a instanceof Authentication.Verified v) {
            String or = rq.originator() == null ? "" : rq.originator();
            String n = callerForms == null ? or : callerForms.normalize(or);
            if (n == null || !v.allowedOriginators().contains(n)) {
                return refused(clock.instant(), rq, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                        "X-M2M-Origin '" + Excerpt.of(or) + "' is not an ID the client certificate "
                        + v.credentialId() + " may use " + v.allowedOriginators(), v.credentialId());
            }
        }
        return null;
    }

    private Response answer(Request rq) {
        Instant now = clock.instant();
        String to = rq.to() == null ? "" : rq.to();
        boolean tokenEndpoint = to.equals(TOKEN);
        if (!tokenEndpoint && !to.equals(CONSULT)) {
            return refused(now, rq, ResponseStatusCode.NOT_FOUND,
                    "no DAS endpoint '" + Excerpt.of(to) + "': use /das (Hosting CSEs) or /das/token (Originators)");
        }
        if (rq.op() != Operation.NOTIFY) {
            return refused(now, rq, ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "the DAS answers only NOTIFY (HTTP POST without ty) with m2m:seci content");
        }
        if (rq.originator().isEmpty()) {
            return refused(now, rq, ResponseStatusCode.BAD_REQUEST, "X-M2M-Origin (from) is required");
        }
        DasRequest dreq;
        try {
            SecurityInfo seci = SecurityInfo.fromJson(rq.pc());
            if (seci.sit() != SecurityInfoType.DYNAMIC_AUTHORIZATION_REQUEST) {
                throw new MalformedSecurityInfoException("m2m:seci.sit: must be 1 (Dynamic Authorization Request)");
            }
            dreq = seci.dreq();
        } catch (MalformedSecurityInfoException e) {
            return refused(now, rq, ResponseStatusCode.BAD_REQUEST, e.getMessage());
        }
        if (tokenEndpoint) {
            return indirect(now, rq.originator(), dreq);
        }
        return dreq.tids().isEmpty() ? direct(now, rq.originator(), dreq) : lookup(now, rq.originator(), dreq);
    }

    private Response direct(Instant now, String cse, DasRequest dreq) {
        DasDecision d = DasPolicy.decide(rules.get(), dreq, Flow.DIRECT, cse, now);
        if (d instanceof DasDecision.Grant g) {
            return grant(g, Flow.DIRECT, cse, dreq, List.of(cse), g.rule().delivery());
        }
        return denied(now, Flow.DIRECT, cse, dreq, ((DasDecision.Deny) d).reason());
    }

    private Response indirect(Instant now, String originator, DasRequest dreq) {
        if (!originator.equals(dreq.or())) {
            ObjectNode line = request(audit.line(now, "refused", Flow.INDIRECT), originator, dreq);
            line.put("reason", "X-M2M-Origin differs from dreq.or");
            audit.write(line);
            return Response.error(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE,
                    "a token is only issued to its holder: X-M2M-Origin must equal dreq.or");
        }
        String audience = cseOf(dreq.trid());
        DasDecision d = DasPolicy.decide(rules.get(), dreq, Flow.INDIRECT, audience, now);
        if (d instanceof DasDecision.Grant g) {
            List<String> aud = audience != null ? List.of(audience)
                    : g.rule().hostingCses().stream().filter(IdPattern::isExact).map(IdPattern::text).toList();
            if (aud.isEmpty()) {
                return denied(now, Flow.INDIRECT, originator, dreq, "trid " + dreq.trid() + " names no CSE and rule '"
                        + g.rule().name() + "' lists no exact hostingCses to address the token to");
            }
            return grant(g, Flow.INDIRECT, originator, dreq, aud, Delivery.TOKEN);
        }
        return denied(now, Flow.INDIRECT, originator, dreq, ((DasDecision.Deny) d).reason());
    }

    private Response lookup(Instant now, String cse, DasRequest dreq) {
        List<IssuedTokens.Entry> found = issued.lookup(dreq.tids(), dreq.or(), cse);
        ObjectNode line = request(audit.line(now, "lookup", Flow.LOOKUP), cse, dreq);
        DasAuditLog.ids(line, "tkids", found.stream().map(IssuedTokens.Entry::tokenId).toList());
        line.put("asked", dreq.tids().size());
        audit.write(line);
        if (found.isEmpty()) {
            return Response.of(ResponseStatusCode.OK, null);
        }
        DasResponse dres = new DasResponse(null, found.stream().map(IssuedTokens.Entry::compact).toList(), null);
        return Response.of(ResponseStatusCode.OK, SecurityInfo.response(dres).toJson());
    }

    private Response grant(DasDecision.Grant g, Flow flow, String requester, DasRequest dreq, List<String> audience,
                           Delivery delivery) {
        DasRule rule = g.rule();
        ObjectNode gp = GrantedPrivileges.setOfAcrs(rule, dreq.or());
        List<String> tokens = new ArrayList<>();
        List<String> tkids = new ArrayList<>();
        if (delivery.token()) {
            if (issuer == null) {
                return denied(g.notBefore(), flow, requester, dreq, "rule '" + rule.name()
                        + "' delivers tokens but this DAS has no signing key configured");
            }
            String tkid = HexFormat.of().formatHex(randomBytes()) + "@" + tokenDomain;
            TokenOrder order = new TokenOrder(tkid, dasId, dreq.or(), audience, g.notBefore(), g.notAfter(),
                    rule.name(), dreq.trid(), gp, rule.roleIds());
            String compact;
            try {
                compact = issuer.issue(order);
            } catch (RuntimeException e) {
                log.error("signing a token for rule '{}' failed", rule.name(), e);
                return denied(g.notBefore(), flow, requester, dreq, "token signing failed");
            }
            issued.add(new IssuedTokens.Entry(tkid, compact, dreq.or(), audience, g.notAfter()));
            tokens.add(compact);
            tkids.add(tkid);
        }
        DynamicAcpInfo dai = delivery.privileges()
                ? new DynamicAcpInfo(gp, Timestamps.format(g.notAfter())) : null;
        ObjectNode line = request(audit.line(g.notBefore(), "grant", flow), requester, dreq);
        line.put("rule", rule.name());
        line.put("lifetime", g.lifetime().getSeconds());
        line.put("notAfter", g.notAfter().toString());
        line.put("acop", rule.operations());
        line.put("delivery", delivery.name().toLowerCase(java.util.Locale.ROOT));
        DasAuditLog.ids(line, "tkids", tkids);
        DasAuditLog.ids(line, "aud", delivery.token() ? audience : List.of());
        audit.write(line);
        log.debug("granted {} {} on {} to {} for {} s (rule '{}')", flow.label(), dreq.op(), dreq.trid(), dreq.or(),
                g.lifetime().getSeconds(), rule.name());
        return Response.of(ResponseStatusCode.OK, SecurityInfo.response(new DasResponse(dai, tokens, null)).toJson());
    }

    private Response denied(Instant now, Flow flow, String requester, DasRequest dreq, String reason) {
        ObjectNode line = request(audit.line(now, "deny", flow), requester, dreq);
        line.put("reason", reason);
        audit.write(line);
        log.debug("denied {} {} on {} to {}: {}", flow.label(), dreq.op(), dreq.trid(), dreq.or(), reason);
        // TS-0001 11.5.2 step 3.2: no grant, no content.
        return Response.of(ResponseStatusCode.OK, null);
    }

    private Response refused(Instant now, Request rq, ResponseStatusCode rsc, String message) {
        return refused(now, rq, rsc, message, null);
    }

    private Response refused(Instant now, Request rq, ResponseStatusCode rsc, String message, String credentialId) {
        ObjectNode line = audit.line(now, "refused", null);
        line.put("from", Excerpt.of(rq.originator()));
        if (credentialId != null) {
            line.put("credential", credentialId);
        }
        line.put("rsc", rsc.code());
        line.put("reason", message);
        audit.write(line);
        return Response.error(rsc, message);
    }

    private static ObjectNode request(ObjectNode line, String requester, DasRequest dreq) {
        line.put("requester", requester);
        line.put("or", dreq.or());
        line.put("op", dreq.op().name().toLowerCase(java.util.Locale.ROOT));
        line.put("trid", dreq.trid());
        if (dreq.oip() != null) {
            line.put("oip", dreq.oip().address());
        }
        return line;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    /**
     * The CSE that hosts {@code trid}: {@code /cse-id} for an SP-relative ID, {@code //sp/cse-id} for an absolute
     * one, null for a CSE-relative one (which does not say which CSE).
     */
    static String cseOf(String trid) {
        if (trid.startsWith("//")) {
            int sp = trid.indexOf('/', 2);
            if (sp < 0) {
                return null;
            }
            int end = trid.indexOf('/', sp + 1);
            String cse = end < 0 ? trid : trid.substring(0, end);
            return cse.length() > sp + 1 ? cse : null;
        }
        if (trid.startsWith("/")) {
            int end = trid.indexOf('/', 1);
            String cse = end < 0 ? trid : trid.substring(0, end);
            return cse.length() > 1 ? cse : null;
        }
        return null;
    }
}
