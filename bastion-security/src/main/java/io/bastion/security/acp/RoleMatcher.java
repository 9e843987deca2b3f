package io.bastion.security.acp;

/**
 * Decides whether an {@code acor} entry names a role the originator holds (TS-0003 7.4). Roles are not enabled yet:
 * the engine uses {@link #NONE}. The roles milestone plugs in a matcher over role IDs it has verified.
 */
@FunctionalInterface
public interface RoleMatcher {

    /** Roles are not supported: no entry ever matches as a Role-ID. */
    RoleMatcher NONE = (entry, facts) -> false;

    /** True when {@code acorEntry} (as written, wildcards are not applicable to Role-IDs) is a role of the request. */
    boolean holdsRole(String acorEntry, RequestFacts facts);

    /**
     * Literal matching against {@link RequestFacts#roleIds()}. Only sound once those IDs are verified (token or
     * service subscription), which is why it is not the default.
     */
    static RoleMatcher literal() {
        return (entry, facts) -> facts.roleIds().contains(entry);
    }
}
