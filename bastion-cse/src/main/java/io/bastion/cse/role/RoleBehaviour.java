package io.bastion.cse.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Instant;

/**
 * {@code <role>} (TS-0004 7.4.40, TS-0001 9.6.38): a role assignment in this CSE's role repository, and the CSE's
 * side of the role issuing procedures of TS-0003 7.4.2.
 *
 * <p><b>Attributes.</b> The role ID, issuer and holder must be non-blank IDs without spaces, and the validity window
 * must not be empty ({@code tknb} before {@code tkna}); 4000 otherwise. All but {@code rltl} are write-once, so a
 * stored role never changes meaning. Each (roleID, holder) pair is one assignment: its resource ID is derived from the
 * pair ({@link RoleRepository#resourceIdFor}), and a second {@code <role>} for the same pair is 4105 CONFLICT.
 *
 * <p><b>Role assignment (7.4.2.2).</b> The Authorization Authority creates the {@code <role>} (step 3) and this CSE
 * stores it (step 4) when
 * <ul>
 *   <li>the originator may CREATE a {@code <role>} under the CSEBase: the admin always; any other Authorization
 *       Authority only through an ACP the operator links to the CSEBase (ordinary access control, e.g. a rule with
 *       {@code acop} 1 and {@code acod.chty} [31]);</li>
 *   <li>the issuer ({@code tkis}) is a trusted role issuer ({@link RoleIssuers}: the configured issuers or this CSE
 *       itself), else 4103;</li>
 *   <li>an originator other than the admin issues in its own name: {@code tkis} must be the originator (compared in
 *       the CSE's comparison form), else 4103. A {@code <role>} carries no signature, so who stored it is its only
 *       proof of origin; an Authorization Authority may not record roles as if another had issued them. The admin
 *       (the operator) may record roles for any trusted issuer.</li>
 * </ul>
 * The issuer is checked again on every use, so removing it from the trusted issuers ends its roles at once.
 *
 * <p><b>Role with token (7.4.2.3).</b> After issuing a token for the role and storing it in a token repository
 * (steps 1-4), the Authorization Authority sets {@code rltl} to the token's address (step 5); it may do so at CREATE
 * or by UPDATE. {@code rltl} must address a {@code <token>} of this CSE's token repository when it is written (4000
 * otherwise), and from then on the role counts only while that token verifies ({@link RoleTokenLink}).
 *
 * <p><b>Not implemented</b>, being out of scope of TS-0003 or of this CSE: the role assignment request and response
 * between Originator and Authorization Authority (7.4.2.2 steps 1 and 6, 7.4.2.3 step 6(a): "not specified in the
 * present document"); the notification of 7.4.2.3 step 6(b) needs no code of its own, it is an ordinary
 * {@code <subscription>} on the {@code <role>}; the holder's RETRIEVE of its role (steps 7-8) is ordinary access
 * control, so the Authorization Authority gives the holder access with the role's {@code acpi}; role repositories and
 * token links on other CSEs (7.4.3 step 2 with a remote repository) are not followed; {@code allowedRole-IDs} of the
 * service subscription (TS-0001 7.1.14) is not checked, as this CSE has no service subscription resources.
 */
public final class RoleBehaviour implements TypeBehaviour {
    private final ResourceStore store;
    private final RoleRepository roles;
    private final RoleIssuers issuers;
    private final RoleTokenLink tokenLink;

    public RoleBehaviour(ResourceStore store, RoleRepository roles, RoleIssuers issuers, RoleTokenLink tokenLink) {
        this.store = store;
        this.roles = roles;
        this.issuers = issuers;
        this.tokenLink = tokenLink;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.ROL);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        for (String sn : new String[] {"rlid", "tkis", "tkhd"}) {
            requireId(c.attrs.get(sn).asText(), sn);
        }
        Instant nb = Timestamps.parse(c.attrs.get("tknb").asText(), "notBefore (tknb)");
        Instant na = Timestamps.parse(c.attrs.get("tkna").asText(), "notAfter (tkna)");
        if (!nb.isBefore(na)) {
            throw OneM2MException.badRequest("notBefore (tknb) of a role must lie before its notAfter (tkna)");
        }
        String rlid = c.attrs.get("rlid").asText();
        String issuer = c.attrs.get("tkis").asText();
        String holder = c.attrs.get("tkhd").asText();
        if (!issuers.trusts(issuer)) {
            throw OneM2MException.noPrivilege("issuer (tkis) " + Excerpt.of(issuer) + " is not a trusted role "
                    + "issuer of this CSE (credentials/token-issuers.json)");
        }
        RequestContext x = c.request;
        if (!x.admin() && !roles.holderKey(issuer).equals(roles.holderKey(x.originator()))) {
            throw OneM2MException.noPrivilege("an Authorization Authority issues roles in its own name: issuer "
                    + "(tkis) " + Excerpt.of(issuer) + " is not the originator");
        }
        JsonNode rltl = c.attrs.get("rltl");
        if (rltl != null && !rltl.isNull()) {
            tokenLink.requireToken(rltl.asText(), c.now);
        }
        c.ri = RoleRepository.resourceIdFor(rlid, roles.holderKey(holder));
        // Under the CSEBase's lock (ResourceOperations.create), so two creates of one pair cannot both pass.
        if (store.get(c.ri).isPresent()) {
            throw new OneM2MException(ResponseStatusCode.CONFLICT, "a <role> assigning roleID " + Excerpt.of(rlid)
                    + " to holder " + Excerpt.of(holder) + " already exists in this CSE's role repository");
        }
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        JsonNode rltl = changes.get("rltl");
        if (rltl != null && !rltl.isNull()) {
            tokenLink.requireToken(rltl.asText(), x.received());
        }
    }

    /** An identifier: not blank, no whitespace or control characters, bounded. */
    static void requireId(String v, String sn) {
        boolean ok = !v.isEmpty() && v.length() <= 1024 && v.chars().noneMatch(ch -> ch <= ' ' || ch == 127);
        if (!ok) {
            throw OneM2MException.badRequest("attribute " + sn + " of m2m:rol must be an ID without spaces, not '"
                    + Excerpt.of(v) + "'");
        }
    }
}
