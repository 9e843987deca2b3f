package io.bastion.security.acp;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an access check with its grounds: which rule (or which default rule of the CSE) permitted the
 * request, or why every candidate rule failed. {@link #explain()} renders it for logs, the audit trail and
 * {@code bastion explain}.
 */
public sealed interface AccessDecision permits AccessDecision.Permit, AccessDecision.Deny {

    /** True for a permit. */
    boolean permitted();

    /** One line: the ground of a permit, or the headline of a deny (suitable for a 4103 message). */
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

    /** Denied for a reason outside any rule (e.g. "no accessControlPolicy applies"). */
    static Deny deny(String note) {
        return new Deny(List.of(), List.of(note));
    }

    /** Why a permit was given. */
    sealed interface Ground permits RuleGround, DefaultGround {
        String describe();
    }

    /** A rule of an ACP permitted the request. */
    record RuleGround(String acpRi, PrivilegeSet privileges, int ruleIndex) implements Ground {
        @Override
        public String describe() {
            return "accessControlPolicy " + acpRi + " " + privileges.shortName() + ".acr[" + ruleIndex + "]";
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

    /** Why one candidate rule did not permit. */
    record RuleFailure(String acpRi, PrivilegeSet privileges, int ruleIndex, List<String> reasons) {
        public RuleFailure {
            reasons = List.copyOf(reasons);
        }

        /** One line, e.g. {@code accessControlPolicy acp1 pv.acr[0]: acop 2 lacks UPDATE}. */
        public String describe() {
            return "accessControlPolicy " + acpRi + " " + privileges.shortName() + ".acr[" + ruleIndex + "]: "
                    + String.join("; ", reasons);
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

