package io.bastion.cse.role;

import io.bastion.core.id.IdForms;
import io.bastion.security.token.TrustedIssuer;
import io.bastion.security.token.TrustedIssuers;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Authorization Authorities whose roles this CSE accepts (TS-0003 7.4.1, 7.4.3 step 4): the trusted issuers the
 * operator configured ({@code <data>/credentials/token-issuers.json}, shared with tokens; an issuer with no keys is
 * trusted for roles only) and this CSE itself, so that roles its administrator records with the CSE's own CSE-ID as
 * {@code tkis} need no entry. Configured issuers are compared exactly, as for tokens; the CSE's own ID in any of its
 * forms ({@code /id-in}, {@code //sp/id-in}). The configured set is a source that may change at run time (a file
 * re-read when it changes); a removed issuer's roles stop counting at the next request, since every use checks the
 * issuer again.
 */
public final class RoleIssuers implements TrustedIssuers {
    private final IdForms forms;
    private final String self;
    private final TrustedIssuers configured;

    /** @param configured the issuers the operator trusts ({@link TrustedIssuers#NONE}: this CSE itself only) */
    public RoleIssuers(IdForms forms, String cseId, TrustedIssuers configured) {
        this.forms = Objects.requireNonNull(forms, "forms");
        this.self = normalized(forms, cseId);
        this.configured = Objects.requireNonNull(configured, "configured");
    }

    @Override
    public Optional<TrustedIssuer> issuer(String issuerId) {
        if (issuerId == null || issuerId.isEmpty()) {
            return Optional.empty();
        }
        if (self.equals(normalized(forms, issuerId))) {
            return Optional.of(new TrustedIssuer(issuerId, List.of()));
        }
        return configured.issuer(issuerId);
    }

    /** True when roles issued by {@code issuerId} are accepted. */
    public boolean trusts(String issuerId) {
        return issuer(issuerId).isPresent();
    }

    /** {@code id} in the CSE's comparison form; as given when it is no AE-ID or CSE-ID. */
    static String normalized(IdForms forms, String id) {
        String n = forms.normalize(id);
        return n == null ? id : n;
    }
}
