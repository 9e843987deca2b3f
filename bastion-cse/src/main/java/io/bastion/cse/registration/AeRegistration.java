package io.bastion.cse.registration;

import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.IdGenerator;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.Glob;
import io.bastion.core.text.Excerpt;
import io.bastion.store.ResourceStore;
import java.util.List;
import io.bastion.core.id.IdForms;

/**
 * AE registration (TS-0001 10.1.1.2.2, TS-0004 7.4.5.2.1): assigns or accepts the AE-ID, checks {@code api} and
 * {@code srv}, refuses a second registration of the same AE-ID (4117) and originators the registration policy
 * does not admit. The AE's resource ID is its AE-ID-Stem, so the originator of later requests finds it directly.
 * The registration policy's decision ({@link #admission}) is audited like an access decision.
 */
public final class AeRegistration implements TypeBehaviour {
    private final CseConfig config;
    private final ResourceStore store;
    private final IdGenerator ids;
    private final AuditSink audit;

    public AeRegistration(CseConfig config, ResourceStore store, IdGenerator ids, AuditSink audit) {
        this.config = config;
        this.store = store;
        this.ids = ids;
        this.audit = audit;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.AE);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        String fr = c.request.originator();
        String api = c.attrs.get("api").asText();
        if (api.isEmpty() || "rRN".indexOf(api.charAt(0)) < 0) {
            throw OneM2MException.badRequest("App-ID (api) must start with 'R', 'r' or 'N'");
        }
        Releases.check(config, c.attrs.get("srv"), "AE");
        AccessDecision admission = admission(fr);
        Admissions.enforce(audit, c, ResourceTypes.AE, admission);
        String aeId = assign(fr);
        if (aeId.equals(config.adminOriginator()) || store.get(aeId).isPresent()) {
            throw new OneM2MException(ResponseStatusCode.ORIGINATOR_HAS_ALREADY_REGISTERED,
                    "an AE with AE-ID " + aeId + " is already registered");
        }
        if (c.request.peer().authentication() instanceof Authentication.Verified v
                && !v.allowedOriginators().contains(aeId)) {
            throw new OneM2MException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                    "AE-ID " + aeId + " may not be registered over this security association");
        }
        c.ri = aeId;
        c.creator = aeId;
        c.attrs.put("aei", aeId);
    }

    /** Whether the registration policy ({@code registration.allowed}) admits {@code fr} to register an AE, and why. */
    public AccessDecision admission(String fr) {
        for (String g : config.registrationAllowed()) {
            if (g.isEmpty() ? fr.isEmpty() : Glob.matches(g, fr)) {
                return AccessDecision.byDefault("registration", "registration.allowed admits " + display(fr)
                        + " by '" + g + "'");
            }
        }
        return new AccessDecision.Deny(List.of(), List.of(
                "originator " + display(fr) + " is not allowed to register an AE",
                "registration.allowed admits only: " + String.join(", ", config.registrationAllowed().stream()
                        .map(g -> g.isEmpty() ? "(empty)" : "'" + g + "'").toList())));
    }

    /** An empty or bare "C" originator gets a CSE-assigned C-ID, a bare "S" an S-ID; a stem is kept. */
    private String assign(String fr) {
        if (fr.isEmpty() || fr.equals("C")) {
            return ids.next("C");
        }
        if (fr.equals("S")) {
            return ids.next("S");
        }
        if (IdForms.isAeIdStem(fr)) {
            return fr;
        }
        throw OneM2MException.badRequest("originator " + display(fr)
                + " is not an AE-ID-Stem (C or S followed by letters, digits, '-', '.', '_' or '~')");
    }

    static String display(String fr) {
        return fr.isEmpty() ? "(empty)" : Excerpt.of(fr);
    }
}
