package io.bastion.security.acp;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of an access check with its grounds: which rule (of an ACP, of a token's permissions, of a dynamic
 * grant, possibly through a verified role, or a default rule of the CSE) permitted the request, or why every
 * candidate rule failed. {@link #explain()} renders it for logs, the audit trail and
 * {@code bastion explain}.
 */
public sealed interface AccessDecision permits AccessDecision.Permit, AccessDecision.Deny {

    /** True for a permit. */
    boolean permitted();

    /**
     * One line: the ground of a permit, or the headline of a deny, for the audit log and explanations. It may name
     * resources and policies, so it is not what the originator of a refused request is told.
     */
    String summary();

    /** Human-readable, possibly several lines: the summary, then one line per failed rule or note. */
    String explain();

    /** Permitted by an ACP rule: (acp ri, pv|pvs, rule index), indexes counted from 0 as in {@code acr[i]}. */
    static Permit byRule(String acpRi, PrivilegeSet privileges, int ruleIndex) {
        return new Permit(new RuleGround(acpRi, privileges, ruleIndex));
    }

    /** Permitted because the originator created the target and no acpi applies (TS-0001 9.6.1.3, acpi). */
    static Permit creator() {
        return DefaultGrounds.CREATOR;
    }

    /** Permitted because the originator is the CSE's configured administrator. */
    static Permit admin() {
        return DefaultGrounds.ADMIN;
    }

    /** Permitted because the originator is the hosting CSE itself. */
    static Permit hostingCse() {
        return DefaultGrounds.HOSTING_CSE;
    }

    /** Permitted by another named default rule of the CSE. */
    static Permit byDefault(String name, String detail) {
        return new Permit(new DefaultGround(name, detail));
    }

    /**
     * Permitted by rule {@code ruleIndex} of the privileges ({@code pv}) of permission {@code permissionIndex} of the
     * token {@code tokenId} (TS-0003 7.3.2.5).
     */
    static Permit byToken(String tokenId, int permissionIndex, int ruleIndex) {
        return new Permit(new TokenGround(tokenId, permissionIndex, ruleIndex));
    }

    /** Permitted by rule {@code ruleIndex} of the privileges a DAS granted through {@code dacRi}, valid until {@code expires}. */
    static Permit byDynamicGrant(String dacRi, Instant expires, int ruleIndex) {
        return new Permit(new DynamicGround(dacRi, expires, ruleIndex));
    }

    /** Permitted because a verified role ({@code roleId}, verified {@code verifiedBy}) is named in the rule {@code via}. */
    static Permit byRole(String roleId, String verifiedBy, Ground via) {
        return new Permit(new RoleGround(roleId, verifiedBy, via));
    }

    /** Denied for a reason outside any rule (e.g. "no accessControlPolicy applies"). */
    static Deny deny(String note) {
        return new Deny(List.of(), List.of(note));
    }

    /** Why a permit was given. */
    sealed interface Ground permits RuleGround, DefaultGround, TokenGround, DynamicGround, RoleGround {
        String describe();
    }

    /** A rule of an ACP permitted the request. */
    record RuleGround(String acpRi, PrivilegeSet privileges, int ruleIndex) implements Ground {
        @Override
        public String describe() {
            return "accessControlPolicy " + acpRi + " " + privileges.shortName() + ".acr[" + ruleIndex + "]";
        }
    }

    /** A rule in the privileges of a verified token's permission permitted the request ("token (tkid)"). */
    record TokenGround(String tokenId, int permissionIndex, int ruleIndex) implements Ground {
        public TokenGround {
            Objects.requireNonNull(tokenId, "tokenId");
        }

        @Override
        public String describe() {
            return "token " + tokenId + " tkps.pm[" + permissionIndex + "].pv.acr[" + ruleIndex + "]";
        }
    }

    /**
     * A rule of privileges granted by a Dynamic Authorization Server permitted the request ("dynamic (dac ri,
     * lifetime)"): {@code dacRi} is the {@code <dynamicAuthorizationConsultation>} that was consulted.
     */
    record DynamicGround(String dacRi, Instant expires, int ruleIndex) implements Ground {
        public DynamicGround {
            Objects.requireNonNull(dacRi, "dacRi");
            Objects.requireNonNull(expires, "expires");
        }

        @Override
        public String describe() {
            return "dynamic authorization through " + dacRi + " (granted privileges acr[" + ruleIndex + "], valid until "
                    + expires + ")";
        }
    }

    /**
     * A rule permitted the request because its {@code acor} names a Role-ID the originator holds ("role (rlid)");
     * {@code verifiedBy} says how the role was verified ({@code <role> ri} or {@code token tkid}), {@code via} is
     * the rule.
     */
    record RoleGround(String roleId, String verifiedBy, Ground via) implements Ground {
        public RoleGround {
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(verifiedBy, "verifiedBy");
            Objects.requireNonNull(via, "via");
        }

        @Override
        public String describe() {
            return "role " + roleId + " (verified by " + verifiedBy + ") named in " + via.describe();
        }
    }

    /** A default rule of the CSE (creator, admin, hosting CSE…) permitted the request. */
    record DefaultGround(String name, String detail) implements Ground {
        public DefaultGround {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "default rule '" + name + "' (" + detail + ")";
        }
    }

    /** A permit and its ground. */
    record Permit(Ground ground) implements AccessDecision {
        public Permit {
            Objects.requireNonNull(ground, "ground");
        }

        @Override
        public boolean permitted() {
            return true;
        }

        @Override
        public String summary() {
            return "permitted by " + ground.describe();
        }

        @Override
        public String explain() {
            return "PERMIT: " + summary();
        }
    }

    /**
     * Why one candidate rule did not permit.
     *
     * @param acpRi the ACP's resource ID (for a token's permission the token ID, for a dynamic grant the dac's ri)
     * @param where what holds the rule set, as {@link #describe()} names it: {@code accessControlPolicy acp1 pv},
     *     {@code token tk1 tkps.pm[0].pv}, {@code dynamic grant of dac1 (until ...)}
     */
    record RuleFailure(String acpRi, PrivilegeSet privileges, int ruleIndex, List<String> reasons, String where) {
        public RuleFailure {
            Objects.requireNonNull(where, "where");
            reasons = List.copyOf(reasons);
        }

        /** A rule of an {@code <accessControlPolicy>}. */
        public RuleFailure(String acpRi, PrivilegeSet privileges, int ruleIndex, List<String> reasons) {
            this(acpRi, privileges, ruleIndex, reasons, "accessControlPolicy " + acpRi + " " + privileges.shortName());
        }

        /** One line, e.g. {@code accessControlPolicy acp1 pv.acr[0]: acop 2 lacks UPDATE}. */
        public String describe() {
            return where + ".acr[" + ruleIndex + "]: " + String.join("; ", reasons);
        }
    }

    /**
     * A deny with its trail: each candidate rule's failure, plus notes for what is not a rule (no policy, an
     * empty rule set). The engine's denies write the failures' text only when {@link #failures()} is first read
     * (its size is known at once), so {@link #summary()} costs nothing however many rules failed.
     */
    record Deny(List<RuleFailure> failures, List<String> notes) implements AccessDecision {
        /** The headline when rules were evaluated and none permitted. */
        public static final String NO_RULE_PERMITS = "no access control rule permits the request";

        public Deny {
            // The engine's trail is immutable already, and copying it would write all its text now.
            failures = failures instanceof DenyTrail.Failures ? failures : List.copyOf(failures);
            notes = List.copyOf(notes);
        }

        @Override
        public boolean permitted() {
            return false;
        }

        @Override
        public String summary() {
            if (failures.isEmpty() && !notes.isEmpty()) {
                return notes.get(0);
            }
            return NO_RULE_PERMITS;
        }

        @Override
        public String explain() {
            StringBuilder sb = new StringBuilder("DENY: ").append(summary());
            for (RuleFailure f : failures) {
                sb.append("\n  - ").append(f.describe());
            }
            for (int i = failures.isEmpty() ? 1 : 0; i < notes.size(); i++) {
                sb.append("\n  - ").append(notes.get(i));
            }
            return sb.toString();
        }
    }
}

