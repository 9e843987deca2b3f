package io.bastion.security.acp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Grants} of one decision, resolved against the request (TS-0003 7.3.2.5, 7.4.3): the verified Role-IDs
 * (from {@code <role>} resources and from the {@code rids} of the token permissions that apply to the target), the
 * rule sets added as applicable policies (the {@code pv} of those permissions, the privileges of live dynamic
 * grants), each with what it came from, and notes on what was left out and why (for the deny trail).
 *
 * <p>A token outside its validity window at the request time, a permission whose {@code ris} does not name the
 * target and an expired dynamic grant contribute nothing.
 */
final class AppliedGrants {
    /** Where an added rule set came from: its label in the trail and the ground of a permit by its rule k. */
    sealed interface Origin {
        String where();

        AccessDecision.Ground ground(int ruleIndex);
    }

    record FromToken(String tokenId, int permissionIndex) implements Origin {
        @Override
        public String where() {
            return "token " + tokenId + " tkps.pm[" + permissionIndex + "].pv";
        }

        @Override
        public AccessDecision.Ground ground(int ruleIndex) {
            return new AccessDecision.TokenGround(tokenId, permissionIndex, ruleIndex);
        }
    }

    record FromDas(String dacRi, Instant expires) implements Origin {
        @Override
        public String where() {
            return "dynamic grant of " + dacRi + " (until " + expires + ") gp";
        }

        @Override
        public AccessDecision.Ground ground(int ruleIndex) {
            return new AccessDecision.DynamicGround(dacRi, expires, ruleIndex);
        }
    }

    private final Map<String, String> roles;
    final List<AccessControlPolicy> added;
    final List<Origin> origins;
    final List<String> notes;

    private AppliedGrants(Map<String, String> roles, List<AccessControlPolicy> added, List<Origin> origins,
                          List<String> notes) {
        this.roles = roles;
        this.added = added;
        this.origins = origins;
        this.notes = notes;
    }

    static AppliedGrants of(Grants grants, LocalIdentity local, Instant at) {
        Map<String, String> roles = new HashMap<>(4);
        List<AccessControlPolicy> added = new ArrayList<>(2);
        List<Origin> origins = new ArrayList<>(2);
        List<String> notes = new ArrayList<>(0);
        for (VerifiedRole r : grants.roles()) {
            roles.putIfAbsent(r.roleId(), r.verifiedBy());
        }
        List<String> targets = null;
        for (GrantingToken t : grants.tokens()) {
            String tkid = t.tokenId();
            if (at.isBefore(t.notBefore())) {
                notes.add("token " + tkid + " is not valid before " + t.notBefore());
                continue;
            }
            if (!at.isBefore(t.notAfter())) {
                notes.add("token " + tkid + " expired at " + t.notAfter());
                continue;
            }
            List<? extends GrantedPermission> pm = t.grantedPermissions();
            for (int i = 0; i < pm.size(); i++) {
                GrantedPermission p = pm.get(i);
                if (!p.resourceIds().isEmpty()) {
                    if (targets == null) {
                        targets = canonical(grants.targetIds(), local);
                    }
                    if (!namesTarget(p.resourceIds(), targets, local)) {
                        notes.add("token " + tkid + " tkps.pm[" + i + "]: ris does not name the target");
                        continue;
                    }
                }
                if (!p.privileges().isEmpty()) {
                    SetOfAcrs set = new SetOfAcrs(p.privileges());
                    added.add(new AccessControlPolicy(tkid, set, set));
                    origins.add(new FromToken(tkid, i));
                }
                for (String rid : p.roleIds()) {
                    roles.putIfAbsent(rid, "token " + tkid);
                }
            }
        }
        for (DynamicGrant g : grants.dynamic()) {
            if (!g.liveAt(at)) {
                notes.add("dynamic grant of " + g.dacRi() + " expired at " + g.expires());
                continue;
            }
            SetOfAcrs set = g.policy().pv();
            if (set.rules().isEmpty()) {
                notes.add("dynamic grant of " + g.dacRi() + " grants no privileges");
                continue;
            }
            added.add(new AccessControlPolicy(g.policy().ri(), set, set));
            origins.add(new FromDas(g.dacRi(), g.expires()));
        }
        return new AppliedGrants(roles.isEmpty() ? Map.of() : roles, added, origins, notes);
    }

    /** True when some role is verified. */
    boolean hasRoles() {
        return !roles.isEmpty();
    }

    /** The first literal entry of {@code acor} that is a verified Role-ID, or null. */
    String heldRole(AcorList acor) {
        for (int i = 0; i < acor.literalCount(); i++) {
            String entry = acor.literal(i);
            if (roles.containsKey(entry)) {
                return entry;
            }
        }
        return null;
    }

    /** How {@code roleId} was verified. */
    String verifiedBy(String roleId) {
        return roles.get(roleId);
    }

    /** The verified Role-IDs, sorted, for the trail. */
    List<String> roleIds() {
        return roles.keySet().stream().sorted().toList();
    }

    private static boolean namesTarget(List<String> ris, List<String> targets, LocalIdentity local) {
        for (String ri : ris) {
            String c = canonicalResource(ri, local);
            if (c != null && targets.contains(c)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> canonical(List<String> ids, LocalIdentity local) {
        List<String> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            String c = canonicalResource(id, local);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * A resource identifier in absolute form: {@code //…} as is, {@code /…} with this SP-ID in front, anything else
     * relative to this CSE. Unlike {@link LocalIdentity#canonical}, no AE-ID-Stem rule: these name resources.
     */
    static String canonicalResource(String id, LocalIdentity local) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (id.startsWith("//")) {
            return id;
        }
        if (id.charAt(0) == '/') {
            return local.spId() + id;
        }
        return local.spId() + local.cseId() + "/" + id;
    }
}
