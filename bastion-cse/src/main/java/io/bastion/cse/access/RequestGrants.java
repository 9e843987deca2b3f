package io.bastion.cse.access;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.dynamic.ConsultationKey;
import io.bastion.cse.dynamic.DynamicGrants;
import io.bastion.cse.request.CredentialRefusal;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.RequestCredentials;
import io.bastion.security.acp.DynamicGrant;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.acp.Grants;
import java.util.List;

/**
 * What one request brings to its decisions beyond the policies (TS-0003 7.3, 7.4): the tokens and roles it presents,
 * verified once and kept in its {@link RequestContext}, and the dynamic grants and DAS tokens remembered for its
 * originator, target and operation ({@link DynamicGrants}), folded into one {@link Grants} for the decision engine.
 */
public final class RequestGrants {
    private static final String FAN_OUT_POINT = "/fopt";

    private final CredentialVerifier verifier;
    private final DynamicGrants remembered;
    private final AuditSink audit;

    /**
     * @param verifier how the tokens and roles of a request are verified ({@link CredentialVerifier#NONE} refuses any)
     * @param remembered the results of DAS consultations, or null when dynamic authorization is off
     * @param audit where a refused token or role is recorded ({@link AuditSink#NONE}: nowhere)
     */
    public RequestGrants(CredentialVerifier verifier, DynamicGrants remembered, AuditSink audit) {
        this.verifier = verifier == null ? CredentialVerifier.NONE : verifier;
        this.remembered = remembered;
        this.audit = audit == null ? AuditSink.NONE : audit;
    }

    /**
     * The verified tokens and roles of the request, verified on first use and kept in the request context. A refused
     * token or role refuses the request; the refusal is audited here, since no decision is made, with its detail
     * ({@link CredentialRefusal}) where the originator is told only why in general terms.
     */
    public RequestCredentials credentials(RequestContext x) {
        RequestCredentials c = x.credentials();
        if (c != null) {
            return c;
        }
        try {
            c = x.admin() ? RequestCredentials.NONE : verifier.verify(x);
        } catch (OneM2MException e) {
            audit.record(AuditEntry.refusal(x, e.status(), CredentialRefusal.audited(e)));
            throw e;
        }
        x.credentials(c);
        return c;
    }

    /**
     * The request's verified tokens and roles plus the dynamic grants (and DAS tokens) remembered for this originator,
     * target and operation; {@link Grants#NONE} when there are none. For {@link PolicySource.Rules#MACP} the target is
     * the fanOutPoint ({@code <group>/fopt}), which no dynamic grant names.
     */
    Grants of(RequestContext x, Resource target, Operation op, PolicySource.Rules rules) {
        RequestCredentials creds = credentials(x);
        boolean fanOut = rules == PolicySource.Rules.MACP;
        List<DynamicGrant> granted = List.of();
        List<GrantingToken> dasTokens = List.of();
        // Most decisions find nothing remembered: no key is built then, and one look-up serves both lists.
        if (remembered != null && !fanOut && !remembered.isEmpty()
                && remembered.peek(ConsultationKey.of(x, target, op), x.received())
                instanceof DynamicGrants.Granted g) {
            granted = g.grants();
            dasTokens = g.tokens();
        }
        if (creds.isEmpty() && granted.isEmpty() && dasTokens.isEmpty()) {
            return Grants.NONE;
        }
        Grants.Builder b = (fanOut
                ? Grants.builder().target(target.ri() + FAN_OUT_POINT, target.path() + FAN_OUT_POINT)
                : Grants.builder().target(target.ri(), target.path())).tokens(creds.tokens()).tokens(dasTokens);
        creds.roles().forEach(b::role);
        granted.forEach(b::dynamic);
        return b.build();
    }
}
