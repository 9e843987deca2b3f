package io.bastion.security.acp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What an originator proved beyond the target's own policies, for one decision
 * ({@link AccessDecisionEngine#decide(RequestFacts, List, PrivilegeSet, Grants)}): verified tokens, verified roles and
 * live dynamic grants, plus the identifiers of the target that a token permission's {@code ris} is compared with.
 *
 * <p><b>How {@code ris} names the target.</b> TS-0004 types {@code ris} as a list of m2m:ID without saying which form.
 * The caller gives every identifier of the target it knows (its {@code ri} and its structured path, CSE-relative,
 * SP-relative or absolute); each side is made absolute ({@code //sp/cse/...}: an absolute ID stays, an SP-relative
 * one gets the SP-ID in front, anything else is taken as relative to this CSE) and a permission applies when one
 * {@code ris} entry equals one target identifier. There is no prefix or wildcard matching: a permission on a
 * container does not cover its children, as TS-0003 7.3.2.5 says "shall apply only to the resources specified".
 * A permission with {@code ris} never applies when the caller gave no target identifiers.
 *
 * <p>Immutable and thread-safe. {@link #NONE} keeps the engine on its plain path.
 */
public final class Grants {
    /** Nothing beyond the policies. */
    public static final Grants NONE = new Grants(List.of(), List.of(), List.of(), List.of());

    private final List<String> targetIds;
    private final List<GrantingToken> tokens;
    private final List<VerifiedRole> roles;
    private final List<DynamicGrant> dynamic;

    private Grants(List<String> targetIds, List<GrantingToken> tokens, List<VerifiedRole> roles,
                   List<DynamicGrant> dynamic) {
        this.targetIds = targetIds;
        this.tokens = tokens;
        this.roles = roles;
        this.dynamic = dynamic;
    }

    /** A builder; not thread-safe, use once. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when there is nothing beyond the policies. */
    public boolean isEmpty() {
        return tokens.isEmpty() && roles.isEmpty() && dynamic.isEmpty();
    }

    /** The identifiers of the target ({@code ri}, structured path…), compared with {@code ris}. */
    public List<String> targetIds() {
        return targetIds;
    }

    public List<GrantingToken> tokens() {
        return tokens;
    }

    public List<VerifiedRole> roles() {
        return roles;
    }

    public List<DynamicGrant> dynamic() {
        return dynamic;
    }

    @Override
    public String toString() {
        return "Grants[targets=" + targetIds + ", tokens=" + tokens.stream().map(GrantingToken::tokenId).toList()
                + ", roles=" + roles + ", dynamic=" + dynamic.stream().map(DynamicGrant::dacRi).toList() + "]";
    }

    /** Builds {@link Grants}. */
    public static final class Builder {
        private final List<String> targetIds = new ArrayList<>(2);
        private final List<GrantingToken> tokens = new ArrayList<>(1);
        private final List<VerifiedRole> roles = new ArrayList<>(1);
        private final List<DynamicGrant> dynamic = new ArrayList<>(1);

        private Builder() {
        }

        /** Identifiers of the target (null and empty ones are skipped). */
        public Builder target(String... ids) {
            for (String id : ids) {
                if (id != null && !id.isEmpty()) {
                    targetIds.add(id);
                }
            }
            return this;
        }

        /** A verified token. */
        public Builder token(GrantingToken token) {
            tokens.add(Objects.requireNonNull(token, "token"));
            return this;
        }

        /** Verified tokens. */
        public Builder tokens(List<? extends GrantingToken> verified) {
            verified.forEach(this::token);
            return this;
        }

        /** A verified role. */
        public Builder role(VerifiedRole role) {
            roles.add(Objects.requireNonNull(role, "role"));
            return this;
        }

        /** A verified role: its ID and how it was verified ({@code <role> ri}, for the explanation). */
        public Builder role(String roleId, String verifiedBy) {
            return role(new VerifiedRole(roleId, verifiedBy));
        }

        /** Privileges granted by a DAS. */
        public Builder dynamic(DynamicGrant grant) {
            dynamic.add(Objects.requireNonNull(grant, "grant"));
            return this;
        }

        public Grants build() {
            if (tokens.isEmpty() && roles.isEmpty() && dynamic.isEmpty() && targetIds.isEmpty()) {
                return NONE;
            }
            return new Grants(Collections.unmodifiableList(new ArrayList<>(targetIds)), List.copyOf(tokens),
                    List.copyOf(roles), List.copyOf(dynamic));
        }
    }
}
