package io.bastion.security.acp;

/**
 * An extension point deciding whether an {@code acor} entry names a role the originator holds (TS-0003 7.4). The CSE
 * uses {@link #NONE}: verified Role-IDs reach the engine through {@link Grants} (from {@code <role>} resources and
 * tokens), never from the Role-IDs a request merely claims.
 */
@FunctionalInterface
public interface RoleMatcher {

    /** Roles are not supported: no entry ever matches as a Role-ID. */
    RoleMatcher NONE = (entry, facts) -> false;

    /** True when {@code acorEntry} (as written, wildcards are not applicable to Role-IDs) is a role of the request. */
    boolean holdsRole(String acorEntry, RequestFacts facts);

    /**
     * Literal matching against {@link RequestFacts#roleIds()}. Only sound for a caller that verified those IDs itself,
     * which is why it is not the default; the CSE passes verified roles as {@link Grants} instead.
     */
    static RoleMatcher literal() {
        return (entry, facts) -> facts.roleIds().contains(entry);
    }
}
