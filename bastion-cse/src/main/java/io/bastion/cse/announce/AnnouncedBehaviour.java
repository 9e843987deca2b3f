package io.bastion.cse.announce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;

/**
 * An announced variant as the receiving CSE keeps it (TS-0001 10.2.13.5, 10.2.13.6, 10.2.13.11). Only the CSE hosting
 * the original creates it: the originator must be a CSE (an AE or the admin: 4005 OPERATION_NOT_ALLOWED, as for a
 * {@code <remoteCSE>}), {@code lnk} must name a resource of that CSE (4103: a CSE cannot announce another CSE's
 * resources), and the parent must be the originator's own {@code <remoteCSE>} or a resource it announced (4103
 * otherwise; other parents are 4108 by the descriptors). Its announced attributes are then changed and it is deleted
 * only by that CSE ("If the value of the From parameter ... is identical with the CSE-ID included in the link
 * attribute", 10.2.13.6 and .11; 9.6.26.1: "Only the original resource Hosting CSE shall be allowed to update and
 * delete the announced attribute"): others get 4103 whatever the policies say; the admin may delete one (an operator
 * removing what a vanished CSE left), never change it. The access control grants that CSE these operations
 * ({@code AccessControl}: "announcement"), since the policies an announced resource carries are the original's,
 * written for the original's users. The content is checked as the original type checks its own where that matters
 * for this CSE: an {@code <accessControlPolicyAnnc>}'s rules as an accessControlPolicy's.
 */
public final class AnnouncedBehaviour implements TypeBehaviour {
    private final ResourceType type;
    private final IdForms forms;
    private final TypeBehaviour content;

    /**
     * @param content the original type's checks of the announced content (an accessControlPolicy's rules), or
     *        null for none
     */
    public AnnouncedBehaviour(ResourceType type, IdForms forms, TypeBehaviour content) {
        this.type = type;
        this.forms = forms;
        this.content = content;
    }

    @Override
    public ResourceType type() {
        return type;
    }

    @Override
    public void beforeCreate(CreateContext c) {
        String fr = c.request.originator();
        if (!isCseId(fr)) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, type.rootName()
                    + " is created only by the CSE hosting the original resource: the originator is not a CSE");
        }
        String lnk = c.attrs.path("lnk").asText();
        String host = forms.cseIdOf(lnk);
        if (host == null) {
            throw OneM2MException.badRequest(type.rootName() + " lnk " + Excerpt.of(lnk)
                    + " must be an SP-relative or absolute address of the original resource");
        }
        if (!host.equals(fr)) {
            throw OneM2MException.noPrivilege(type.rootName() + " lnk names a resource of " + host
                    + ", not of the originator " + fr + ": a CSE announces only its own resources");
        }
        if (!announcedBy(c.parent, fr)) {
            throw OneM2MException.noPrivilege(type.rootName() + " of " + fr + " belongs under its own remoteCSE or "
                    + "under a resource it announced");
        }
        // kept SP-relative in this SP, so that comparing it with an originator is a prefix test
        c.attrs.put("lnk", spRelative(lnk, host));
        c.creator = fr;
        if (content != null) {
            content.beforeCreate(c);
        }
    }

    @Override
    public void beforeRequest(RequestContext x, Target t) {
        Operation op = x.request().op();
        if (op != Operation.UPDATE && op != Operation.DELETE) {
            return;
        }
        Resource r = t.resource();
        if (hostedBy(r, x.originator()) || (op == Operation.DELETE && x.admin())) {
            return;
        }
        throw OneM2MException.noPrivilege("only the CSE hosting the original resource (lnk) may "
                + (op == Operation.UPDATE ? "update" : "delete") + " an announced resource");
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        if (content != null) {
            content.beforeUpdate(x, current, changes, merged, batch);
        }
    }

    /**
     * Whether {@code originator} is the CSE hosting the original of the announced resource {@code r}: its
     * {@code lnk} (kept SP-relative or absolute) starts with the originator's CSE-ID.
     */
    public static boolean hostedBy(Resource r, String originator) {
        String lnk = r.getText("lnk");
        return lnk != null && isCseId(originator) && lnk.startsWith(originator + "/");
    }

    /** The originator's {@code <remoteCSE>}, or a resource the originator announced. */
    private static boolean announcedBy(Resource parent, String fr) {
        if (parent.ty() == ResourceTypes.CSR) {
            return fr.equals(parent.getText("csi"));
        }
        return ResourceTypes.of(parent).isAnnounced() && hostedBy(parent, fr);
    }

    private String spRelative(String lnk, String host) {
        if (lnk.startsWith("//") && host.startsWith("/") && !host.startsWith("//")) {
            return lnk.substring(lnk.indexOf('/', 2));
        }
        return lnk;
    }

    /** An SP-relative CSE-ID ({@code /id-mn}) or an absolute one ({@code //sp/id-mn}). */
    static boolean isCseId(String id) {
        if (id == null || id.length() < 2 || id.charAt(0) != '/') {
            return false;
        }
        if (id.startsWith("//")) {
            int slash = id.indexOf('/', 2);
            return slash > 2 && slash < id.length() - 1 && id.indexOf('/', slash + 1) < 0;
        }
        return id.indexOf('/', 1) < 0;
    }
}
