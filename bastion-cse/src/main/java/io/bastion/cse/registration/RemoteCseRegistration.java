package io.bastion.cse.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.mcc.RegistrarLink;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.core.primitive.Operation;
import io.bastion.cse.request.Handover;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.Glob;
import io.bastion.store.ResourceStore;
import java.util.List;

/**
 * The Registrar's side of CSE registration (TS-0001 10.1.1.2.1, TS-0004 7.4.4.2.1): a {@code <remoteCSE>} is created
 * under the CSEBase only by the CSE it describes, proved by the security association the request came over, and
 * only when {@code registration.allowed-cses} admits its CSE-ID. In the order of the receiver's steps:
 * <ol>
 *   <li>an ASN-CSE accepts no registration: 4005 OPERATION_NOT_ALLOWED (Recv-6.4);</li>
 *   <li>an originator that is not a CSE-ID (an AE-ID, the admin) cannot register a CSE: 4005 (Recv-6.3); that the
 *       association proves the CSE-ID was checked by the authentication stage (4107 without one, 4106 for an ID
 *       the association does not carry), and a CSE that another CSE hands over (one in its {@code dcse}) is refused
 *       here with 4106: it registers with its own registrar, over its own association;</li>
 *   <li>a {@code csi} in the content other than the originator: 4106 ORIGINATOR_NOT_AUTHENTICATED, since the CSE-ID
 *       is set from {@code From} (Recv-6.5) and a different one would describe a CSE that did not ask;</li>
 *   <li>the registration policy ({@code registration.allowed-cses}, none by default) decides instead of the CSEBase's
 *       policies, audited like an access decision: 4103 when it does not admit the CSE-ID;</li>
 *   <li>a second {@code <remoteCSE>} of the same CSE-ID: 4117 ORIGINATOR_HAS_ALREADY_REGISTERED (Recv-6.4).</li>
 * </ol>
 * The resource ID is the CSE-ID without its slash ({@code /id-mn} is {@code id-mn}), as an AE's is its AE-ID-Stem,
 * and the registree is its creator: its own requests reach it by the creator-only default. What the Registrar does
 * towards its own registrar (the {@code dcse} update of Recv-6.5) comes with registration as a registree.
 */
public final class RemoteCseRegistration implements TypeBehaviour {
    private final CseConfig config;
    private final MccConfig mcc;
    private final ResourceStore store;
    private final AuditSink audit;
    /** This CSE's own registration, or null when it has no registrar. */
    private final RegistrarLink registrarLink;

    public RemoteCseRegistration(CseConfig config, MccConfig mcc, ResourceStore store, AuditSink audit) {
        this(config, mcc, store, audit, null);
    }

    /** @param registrarLink this CSE's registration with its registrar, or null for none */
    public RemoteCseRegistration(CseConfig config, MccConfig mcc, ResourceStore store, AuditSink audit,
                                 RegistrarLink registrarLink) {
        this.config = config;
        this.mcc = mcc;
        this.store = store;
        this.audit = audit == null ? AuditSink.NONE : audit;
        this.registrarLink = registrarLink;
    }

    /**
     * The 4106 of a registration in another CSE's name, audited as the authentication stage audits an originator the
     * association does not prove (TS-0003 7.2.1): both are attempts to be taken for another CSE.
     */
    private OneM2MException impersonation(CreateContext c, String reason) {
        audit.record(AuditEntry.refusal(c.request, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, reason));
        return new OneM2MException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, reason);
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.CSR);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        String fr = c.request.originator();
        if (mcc.cseType() == MccConfig.CseType.ASN) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "this CSE is an ASN-CSE (cse.type): no CSE can register with it");
        }
        if (!isCseId(fr)) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "only a CSE registers a remoteCSE: "
                    + "originator " + AeRegistration.display(fr) + " is not a CSE-ID (/ followed by one segment)");
        }
        Handover handover = c.request.handover();
        if (handover == null || !handover.cseId().equals(fr)) {
            // A CSE registers with its registrar over their own association (TS-0001 10.1.1.2.1), never handed over by
            // another CSE, which may carry its requests but cannot prove who it is.
            throw impersonation(c, "CSE " + fr + " registers over its own security association"
                    + (handover == null ? "" : ", not over one proving " + handover.cseId()));
        }
        JsonNode csi = c.attrs.get("csi");
        if (csi != null && !csi.isNull() && !fr.equals(csi.asText())) {
            throw impersonation(c, "remoteCSE csi " + Excerpt.of(csi.asText()) + " is not the registering CSE " + fr);
        }
        checkType(c.attrs.get("cst"));
        Releases.check(config, c.attrs.get("srv"), "CSE");
        AccessDecision admission = admission(fr);
        Admissions.enforce(audit, c, ResourceTypes.CSR, admission);
        String ri = fr.substring(1);
        if (fr.equals(config.cseId()) || registered(c.parent, fr) || store.get(ri).isPresent()) {
            throw new OneM2MException(ResponseStatusCode.ORIGINATOR_HAS_ALREADY_REGISTERED,
                    "CSE " + fr + " is already registered with this CSE");
        }
        c.ri = ri;
        c.creator = fr;
        c.attrs.put("csi", fr);
    }

    /**
     * A DELETE of the local {@code <remoteCSE>} of this CSE's registrar (by the admin, after the access decision)
     * de-registers first (TS-0004 7.4.4.2.4, Originator: the local one goes after the registrar's successful DELETE):
     * when the registrar cannot be reached or refuses, the request fails with that reason and both stay. A DELETE by
     * the registrar itself removes only the local one.
     */
    @Override
    public void beforeRequest(RequestContext x, Target t) {
        if (registrarLink != null && x.request().op() == Operation.DELETE
                && registrarLink.describesRegistrar(t.resource())
                && !registrarLink.registrar().cseId().equals(x.originator())) {
            registrarLink.deregisterAtRegistrar();
        }
    }

    /** Whether the registration policy ({@code registration.allowed-cses}) admits the CSE {@code fr}, and why. */
    public AccessDecision admission(String fr) {
        for (String g : mcc.allowedCses()) {
            if (Glob.matches(g, fr)) {
                return AccessDecision.byDefault("registration", "registration.allowed-cses admits " + fr + " by '"
                        + g + "'");
            }
        }
        return new AccessDecision.Deny(List.of(), List.of(
                "CSE " + fr + " is not allowed to register with this CSE",
                mcc.allowedCses().isEmpty()
                        ? "registration.allowed-cses admits no CSE (the default)"
                        : "registration.allowed-cses admits only: " + String.join(", ", mcc.allowedCses())));
    }

    /** A live {@code <remoteCSE>} of the CSE {@code csi} among the CSEBase's children. */
    private boolean registered(Resource cseBase, String csi) {
        for (Resource r : store.children(cseBase.ri(), ResourceTypes.CSR)) {
            if (csi.equals(r.getText("csi"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code cst}, when given, one of the three CSE types (TS-0004 table 6.3.4.2.2-1). */
    private static void checkType(JsonNode cst) {
        if (cst != null && !cst.isNull() && MccConfig.CseType.ofCode(cst.asLong()) == null) {
            throw OneM2MException.badRequest("remoteCSE cst " + cst.asText()
                    + " is not a CSE type (1 IN, 2 MN, 3 ASN)");
        }
    }

    /** An SP-relative CSE-ID: a slash and one segment ({@code /id-mn}). */
    static boolean isCseId(String fr) {
        return fr.length() > 1 && fr.charAt(0) == '/' && fr.indexOf('/', 1) < 0;
    }
}
