package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.DoorPolicy;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.mcc.HandoverCheck;
import io.bastion.cse.request.Handover;
import io.bastion.cse.request.RequestContext;
import io.bastion.store.ResourceStore;
import java.util.Optional;
import java.util.function.Supplier;
import io.bastion.core.text.Excerpt;
import io.bastion.core.id.IdForms;

/**
 * Binds the originator to what the transport proved (stage 2, TS-0004 7.3.2.1, TS-0003 7.2.1): the admin
 * originator only where it is allowed, AE originators only when registered here (or while registering), CSE
 * originators only over a security association, and never an ID the association may not use. Before all that, the
 * {@link DoorPolicy} refuses (4107) unauthenticated requests from outside {@code plain.allow} and on
 * doors that require an association, and (4107) every request over an association whose credential was revoked since
 * its handshake ({@link Authentication.Revoked}; the door closes it after the answer). Every such refusal (4106,
 * 4107) is a DENY entry of the audit log.
 */
public final class AuthenticateStage implements Stage {
    private final CseConfig config;
    private final ResourceStore store;
    private final TargetResolver resolver;
    private final AuditSink audit;
    private final IdForms ids;
    /** Which CSE may hand over a request of an originator not of this CSE; null: none may. */
    private final HandoverCheck handovers;

    public AuthenticateStage(CseConfig config, ResourceStore store, TargetResolver resolver) {
        this(config, store, resolver, AuditSink.NONE);
    }

    public AuthenticateStage(CseConfig config, ResourceStore store, TargetResolver resolver, AuditSink audit) {
        this(config, store, resolver, audit, null);
    }

    /** @param handovers the Registrar's impersonation check on the Mcc, or null for a CSE that takes no handover */
    public AuthenticateStage(CseConfig config, ResourceStore store, TargetResolver resolver, AuditSink audit,
                             HandoverCheck handovers) {
        this.config = config;
        this.store = store;
        this.resolver = resolver;
        this.audit = audit;
        this.ids = new IdForms(config.spId(), config.cseId());
        this.handovers = handovers;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Request rq = x.request();
        String fr = normalize(rq.originator());
        x.originator(fr);
        if (x.peer().authentication() instanceof Authentication.Revoked r) {
            throw refuse(x, ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED, revokedMessage(r));
        }
        String plainRefusal = config.doors().refusal(x.peer());
        if (plainRefusal != null) {
            throw refuse(x, ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED, plainRefusal);
        }
        if (x.peer().authentication() instanceof Authentication.Verified v
                && !fr.isEmpty() && !v.allowedOriginators().contains(fr)) {
            if (handovers == null) {
                throw refuse(x, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                        "originator " + fr + " may not be used over this security association");
            }
            // Not the association's own ID: a CSE it proves may hand over requests of originators it leads to.
            x.handover(checked(x, () -> handovers.overAssociation(fr, v.allowedOriginators())));
            return next.proceed(x);
        }
        if (fr.equals(config.adminOriginator())) {
            if (!config.adminRemote() && !x.peer().isLoopback() && !"internal".equals(x.peer().door())) {
                throw refuse(x, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                        "the admin originator is accepted from loopback only");
            }
            x.admin(true);
            return next.proceed(x);
        }
        boolean registering = rq.op() == Operation.CREATE && rq.ty() != null && rq.ty() == ResourceTypes.AE;
        if (fr.isEmpty() || registering) {
            // Registration checks the originator itself (AE-ID assignment, 4117).
            return next.proceed(x);
        }
        boolean authenticated = x.peer().authentication().authenticated();
        if (IdForms.isAeIdStem(fr)) {
            Optional<Resource> ae = resolver.live(store.get(fr)).filter(r -> r.ty() == ResourceTypes.AE);
            if (ae.isEmpty()) {
                if (!authenticated && handovers != null && handovers.isAnnouncedSae(fr)) {
                    // an S-AE registered with another CSE, over plain HTTP: as mcc.plain.allow admits its CSE
                    x.handover(checked(x, () -> handovers.overPlain(fr)));
                    return next.proceed(x);
                }
                throw refuse(x, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                        "originator " + fr + " is not a registered AE of this CSE");
            }
            return next.proceed(x);
        }
        if (fr.startsWith("/")) {
            if (handovers == null) {
                if (!authenticated) {
                    throw refuse(x, ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED,
                            "originator " + fr + " is a CSE or a remote AE: a security association is required");
                }
                return next.proceed(x);
            }
            if (authenticated) {
                // an ID the association proves (any other was taken care of above)
                if (fr.indexOf('/', 1) < 0) {
                    x.handover(new Handover(fr, null));
                }
                return next.proceed(x);
            }
            Handover h = checked(x, () -> handovers.overPlain(fr));
            if (h == null) {
                throw refuse(x, ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED,
                        "originator " + fr + " is this CSE's own CSE-ID: a security association is required");
            }
            x.handover(h);
            return next.proceed(x);
        }
        throw OneM2MException.badRequest("originator " + Excerpt.of(fr)
                + " is neither an AE-ID-Stem (C…/S…) nor a CSE-ID");
    }

    /**
     * The refusal of a request over an association whose credential was withdrawn since its handshake. 4107, not
     * 4106: the originator is not impersonating anyone, the association itself no longer stands. TS-0004 names no
     * code for this case; the closest rule is 7.4.4 (a registering CSE): "The Hosting CSE shall check if the
     * credential provided by the Originator is valid. If this check fails ... SECURITY_ASSOCIATION_REQUIRED", which
     * this applies to every request. (A credential that stays valid but may use fewer IDs is no revocation: its
     * requests with an ID it lost get 4106 from the impersonation check, over the same association.)
     */
    static String revokedMessage(Authentication.Revoked r) {
        // The Credential-ID comes from the handshake's checked credential, not from the request: quoted whole.
        return "the security association's credential " + r.credentialId() + " is no longer valid: "
                + r.reason() + "; establish a new security association";
    }

    /** The handover {@code check} establishes; its refusal (4000, 4106, 4107) is audited and rethrown. */
    private Handover checked(RequestContext x, Supplier<Handover> check) {
        try {
            return check.get();
        } catch (OneM2MException e) {
            throw refuse(x, e.status(), e.getMessage());
        }
    }

    /** Audits the refusal and returns the exception to throw. */
    private OneM2MException refuse(RequestContext x, ResponseStatusCode rsc, String reason) {
        audit.record(AuditEntry.refusal(x, rsc, reason));
        return new OneM2MException(rsc, reason);
    }

    /**
     * SP-relative and absolute forms of a local AE-ID become its AE-ID-Stem, the form every later check compares
     * (the same {@link IdForms} binds certificate identities); anything that is no ID stays as given, for the
     * refusal to quote it.
     */
    String normalize(String fr) {
        String n = ids.normalize(fr);
        return n == null ? fr : n;
    }

}
