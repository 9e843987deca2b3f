package io.bastion.core.resource;

import static io.bastion.core.resource.AttributePolicy.woMandatory;
import static io.bastion.core.resource.ValueType.ANY_URI;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The announced variants of the announceable types (TS-0001 9.6.26, TS-0004 table 6.3.4.2.1-1: 10000 + ty), derived
 * from their originals so that the two cannot drift apart: the universal attributes of announced resources (table
 * 9.6.26.2-1, {@code lnk} mandatory), {@code acpi}, {@code lbl} and {@code st} (table 9.6.26.3-1), and every attribute
 * the original's table marks MA or OA, with the original's data type. An announced attribute is written by the CSE
 * hosting the original (9.6.26.1: "always writable to the original resource Hosting CSE"), so each is optional on
 * CREATE and UPDATE whatever its RO/WO marking on the original; none is a link checked on this CSE (an AE's {@code nl}
 * names a node on the original's CSE). Children (table 9.6.26.1-1): subscriptions, the announced variants of the
 * original's children, and the original's ordinary children except instances (a contentInstance needs a container's
 * counters; an announced instance is a {@code contentInstanceAnnc}), dynamicAuthorizationConsultations, mgmtObjs,
 * crossResourceSubscriptions and pollingChannels, which the table does not list, and schedules (only scheduleAnnc). The root is the original's with {@code A} appended ({@code m2m:cntA}, TS-0004
 * 8.2.2); a flexContainer specialization's announced root is its own with {@code Annc} appended, as any namespaced
 * root is accepted for an open type.
 */
final class AnnouncedTypes {
    /**
     * Children of an original that its announced variant does not hold itself: instances, dac, mgmtObjs,
     * crossResourceSubscriptions and pollingChannels, which the table does not list, and schedules, which it lists only
     * as scheduleAnnc (not served here).
     */
    private static final Set<Integer> NOT_UNDER_ANNOUNCED = Set.of(4, 30, 58, 34, 13, 23, 48, 15, 18);

    private AnnouncedTypes() {
    }

    /** The announced variants of the announceable ones among {@code originals}, in their order. */
    static List<ResourceType> of(List<ResourceType> originals) {
        Map<Integer, Integer> anncOf = new HashMap<>();
        for (ResourceType o : originals) {
            if (o.announceable() != null) {
                anncOf.put(o.ty(), o.announceable().anncTy());
            }
        }
        List<ResourceType> out = new ArrayList<>();
        for (ResourceType o : originals) {
            if (o.announceable() != null) {
                out.add(variant(o, anncOf));
            }
        }
        return out;
    }

    private static ResourceType variant(ResourceType o, Map<Integer, Integer> anncOf) {
        ResourceType.Announceable a = o.announceable();
        String sn = o.rootName().substring(o.rootName().indexOf(':') + 1) + "A";
        ResourceType.Builder b = ResourceType.builder(a.anncTy(), sn, o.name() + "Annc").withAcpi()
                .announcedFrom(o);
        if (o.hasStateTag()) {
            b.withStateTag();
        }
        if (o.audited()) {
            b.audited(); // an accessControlPolicyAnnc decides access as its original does
        }
        b.attributes(woMandatory("lnk", ANY_URI));
        for (AttributePolicy p : o.attributes().values()) {
            if (!p.secret() && !isCommon(p.sn()) && (a.ma().contains(p.sn()) || a.isOptional(p.sn()))) {
                b.attributes(new AttributePolicy(p.sn(), p.type(), AttributePolicy.Presence.OPTIONAL,
                        AttributePolicy.Presence.OPTIONAL, true, p.range(), false, null));
            }
        }
        if (o.specialization() != null) {
            b.specialization(o.specialization().attribute(), o.specialization().value());
        }
        if (o.open() != null) {
            b.openSpecialization(o.open());
        }
        b.children(23);
        for (int child : o.childTypes()) {
            if (anncOf.containsKey(child)) {
                b.children(anncOf.get(child));
            }
            if (!NOT_UNDER_ANNOUNCED.contains(child)) {
                b.children(child);
            }
        }
        if (!o.placement().parents().isEmpty()) {
            // A specialization placed under some parents (a firmware under a <node>) is announced under their
            // announced variants, or under the <remoteCSE> of the CSE hosting it (TS-0001 table 9.6.4-1).
            List<String> parents = new ArrayList<>();
            for (String root : o.placement().parents()) {
                parents.add(root + "A");
            }
            parents.add("m2m:csr");
            b.under(parents.toArray(String[]::new));
        }
        if (o.placement().onePerParent()) {
            b.onePerParent();
        }
        return b.build();
    }

    /** The universal and common attributes every announced variant has from its builder. */
    private static boolean isCommon(String sn) {
        return switch (sn) {
            case "ty", "ri", "rn", "pi", "ct", "lt", "et", "lbl", "acpi", "daci", "st", "at", "aa" -> true;
            default -> false;
        };
    }
}
