package io.bastion.core.resource;

import static io.bastion.core.resource.AttributePolicy.ro;
import static io.bastion.core.resource.AttributePolicy.rw;
import static io.bastion.core.resource.AttributePolicy.wo;
import static io.bastion.core.resource.ValueType.INTEGER;
import static io.bastion.core.resource.ValueType.LABELS;
import static io.bastion.core.resource.ValueType.LIST_OF_URI;
import static io.bastion.core.resource.ValueType.NCNAME;
import static io.bastion.core.resource.ValueType.NON_NEG_INTEGER;
import static io.bastion.core.resource.ValueType.STRING;
import static io.bastion.core.resource.ValueType.TIMESTAMP;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.Operation;
import io.bastion.core.time.AbsRelTimestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The descriptor of one resource type: everything generic code asks about a type, as data. Behaviour specific to a
 * type lives in the CSE's behaviour class for it. Several descriptors may share one type number when each is a
 * {@link Specialization} of it (the mgmtObj and flexContainer specializations): they differ in root name and
 * discriminating attribute, and each has its own attribute policies. Built with {@link #builder}.
 *
 * @param ty resource type number (TS-0004 table 6.3.4.2.1-1)
 * @param shortName the short name, e.g. {@code cnt}
 * @param rootName the root element name in serializations, e.g. {@code m2m:cnt}
 * @param name the resource type's name in the specification, e.g. {@code container}, for messages
 * @param specialization what tells this specialization from the others of its number, or null for a type that has
 *        none
 * @param attributes attribute policies by short name, universal and common ones included
 * @param childTypes the resource type numbers that may be created as children
 * @param hasAcpi whether the type carries an {@code accessControlPolicyIDs} attribute
 * @param hasStateTag whether the type carries {@code st}
 * @param virtualChildren the virtual resources below a resource of this type ({@code la}, {@code ol}, {@code fopt})
 * @param creatable whether a request may create a resource of this type (not a CSEBase: 4000)
 * @param updatable whether a request may update one (not a CSEBase nor a contentInstance: 4005)
 * @param deletable whether a request may delete one (not a CSEBase: 4005)
 * @param open for the general descriptor of a type whose specializations this CSE has no descriptor for (the
 *        flexContainer), what it accepts of them: any namespaced root and bounded custom attributes; null for every
 *        other type, whose requests must use its root name (or one of {@code otherRoots}) and only the attributes of
 *        its table
 * @param otherRoots root names a request's content may also use for this type (a TS-0022 object's {@code m2m:}
 *        form beside its {@code dcfg:} root); responses always use {@code rootName}
 * @param placement under which parents a resource of this type may be created, and how many per parent
 * @param sensitive whether the type carries credentials: created only with an explicit privilege (never by the
 *        creator-only default of a parent without {@code acpi}); always {@code audited}
 * @param audited whether every committed change of a resource of this type is audited (who, which resource, the
 *        names of the attributes written), whatever the audit configuration says about permits: the types whose
 *        content decides access (accessControlPolicy, locationPolicy) and the sensitive ones
 * @param siblingKey the attribute whose value no two children of one parent may share (a timeSeriesInstance's
 *        {@code dgt}, TS-0004 7.4.39.2.1: 4105), or null; the store keeps it in a unique index ({@link #siblingKeyOf})
 * @param registreeOnly whether a resource of this type belongs to the entity its parent represents (a
 *        pollingChannel, TS-0004 7.4.21.2 and 7.4.22.2): only the AE-ID of the parent {@code <AE>} may create one,
 *        and then only its creator may use it, whatever policies, tokens, roles or DAS grants say, the admin included
 * @param announcement how the type takes part in announcement (TS-0001 9.6.26): an original that may be announced
 *        ({@link Announceable}), the announced variant of one ({@link Announced}), or null for neither
 */
public record ResourceType(int ty, String shortName, String rootName, String name, Specialization specialization,
                           Map<String, AttributePolicy> attributes, Set<Integer> childTypes, boolean hasAcpi,
                           boolean hasStateTag, List<VirtualChild> virtualChildren, boolean creatable,
                           boolean updatable, boolean deletable, OpenSpecialization open, Set<String> otherRoots,
                           Placement placement, boolean sensitive, boolean audited,
                           String siblingKey, boolean registreeOnly, Announcement announcement) {

    /** A type's part in announcement (TS-0001 9.6.26). */
    public sealed interface Announcement permits Announceable, Announced {
    }

    /**
     * An original type that may be announced: it carries {@code at} and {@code aa}, and its announced variant has type
     * number {@code anncTy} (TS-0004 table 6.3.4.2.1-1, 10000 + ty).
     *
     * @param ma the attributes marked MA in the type's TS-0001 table (always announced when present)
     * @param oa the attributes marked OA (announced when named in {@code aa}); custom attributes of an open type are OA
     */
    public record Announceable(int anncTy, Set<String> ma, Set<String> oa) implements Announcement {
        /** In {@code oa}: every attribute of the type that is not MA nor universal (a mgmtObj's objectAttributes). */
        public static final String EVERY_OTHER = "*";

        public Announceable {
            ma = Set.copyOf(ma);
            oa = Set.copyOf(oa);
        }

        /** Whether {@code sn} is announced when present, given the original's {@code aa}. */
        public boolean announces(String sn, List<String> announcedAttributes) {
            return ma.contains(sn) || (isOptional(sn) && announcedAttributes.contains(sn));
        }

        /** Whether {@code sn} is an OA attribute, which {@code aa} may name. */
        public boolean isOptional(String sn) {
            return !ma.contains(sn) && (oa.contains(sn) || oa.contains(EVERY_OTHER));
        }
    }

    /** The announced variant of the original type {@code originalTy} (of its specialization {@code original}). */
    public record Announced(int originalTy, String originalRoot) implements Announcement {
    }

    /** The announceable part of this type, or null when it is not announced. */
    public Announceable announceable() {
        return announcement instanceof Announceable a ? a : null;
    }

    /** Whether this is an announced variant ({@code <containerAnnc>} ...). */
    public boolean isAnnounced() {
        return announcement instanceof Announced;
    }

    /**
     * Where a resource of a type may be created beyond its number being among the parent type's children: a
     * specialization that only some specializations of a parent type may hold (a cmdhDefaults under a cmdhPolicy, not
     * under a firmware), and a child the parent may hold at most once (a node's memory, TS-0001 table 9.6.18-1).
     *
     * @param parents the root names of the parent types allowed; empty for every parent that lists the type number
     * @param onePerParent whether a parent holds at most one resource of this type (of this specialization)
     * @param oneUnder the root names of the parent types that hold at most one, when the multiplicity depends on the
     *        parent (a {@code <schedule>}: 0..1 under the CSEBase and a subscription, 0..n under a node)
     */
    public record Placement(Set<String> parents, boolean onePerParent, Set<String> oneUnder) {
        /** Any parent that lists the type number, any number of times. */
        public static final Placement ANY = new Placement(Set.of(), false);

        public Placement {
            parents = Set.copyOf(parents);
            oneUnder = Set.copyOf(oneUnder);
        }

        public Placement(Set<String> parents, boolean onePerParent) {
            this(parents, onePerParent, Set.of());
        }

        /** Whether a parent of this type holds at most one resource of this type (of this specialization). */
        public boolean onePer(ResourceType parent) {
            return onePerParent || oneUnder.contains(parent.rootName());
        }

        /** Whether a parent of this type may hold one of these (the type number check is the parent type's). */
        public boolean allowsParent(ResourceType parent) {
            return parents.isEmpty() || parents.contains(parent.rootName());
        }
    }

    public ResourceType {
        Objects.requireNonNull(shortName, "shortName");
        Objects.requireNonNull(rootName, "rootName");
        Objects.requireNonNull(name, "name");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        childTypes = Set.copyOf(childTypes);
        virtualChildren = List.copyOf(virtualChildren);
        if (open != null && specialization != null) {
            throw new IllegalArgumentException(rootName + " cannot be both a specialization and open to unknown ones");
        }
        otherRoots = Set.copyOf(otherRoots);
        Objects.requireNonNull(placement, "placement");
        if (siblingKey != null && !attributes.containsKey(siblingKey)) {
            throw new IllegalArgumentException(rootName + " has no attribute " + siblingKey + " to be unique by");
        }
        if (specialization != null && !attributes.containsKey(specialization.attribute())) {
            throw new IllegalArgumentException(rootName + " is told apart by " + specialization.attribute()
                    + ", which is not one of its attributes");
        }
    }

    /** A descriptor of type {@code ty}, short name {@code shortName} and root {@code m2m:<shortName>}. */
    public static Builder builder(int ty, String shortName, String name) {
        return new Builder(ty, shortName, name);
    }

    public AttributePolicy attribute(String sn) {
        return attributes.get(sn);
    }

    public boolean allowsChild(int childTy) {
        return childTypes.contains(childTy);
    }

    /** Whether a resource of {@code child}'s type (and specialization) may be created under one of this type. */
    public boolean allowsChild(ResourceType child) {
        return childTypes.contains(child.ty()) && child.placement().allowsParent(this);
    }

    /** Whether a request's content may name this type by {@code root}: its root name or one of its other roots. */
    public boolean acceptsRoot(String root) {
        return rootName.equals(root) || otherRoots.contains(root);
    }

    /** The attributes that are never read back ({@link AttributePolicy#secret()}); empty for most types. */
    public List<String> secretAttributes() {
        List<String> out = null;
        for (AttributePolicy p : attributes.values()) { // no stream: every CREATE and UPDATE asks
            if (p.secret()) {
                out = out == null ? new ArrayList<>(2) : out;
                out.add(p.sn());
            }
        }
        return out == null ? List.of() : out;
    }

    /** The virtual child of this name, or null when the type has none of that name. */
    public VirtualChild virtualChild(String rn) {
        for (VirtualChild v : virtualChildren) {
            if (v.rn().equals(rn)) {
                return v;
            }
        }
        return null;
    }

    /**
     * The key under which a stored resource of this type must be unique among its siblings: the canonical text of
     * its {@link #siblingKey} attribute (equal exactly when the values are equal in the attribute's data type, e.g.
     * two timestamps naming one instant), or null when the type has no such attribute or the resource lacks it.
     */
    public String siblingKeyOf(Resource r) {
        if (siblingKey == null) {
            return null;
        }
        JsonNode v = r.get(siblingKey);
        if (v == null || v.isNull()) {
            return null;
        }
        return attributes.get(siblingKey).type() == ValueType.ABS_REL_TIMESTAMP
                ? AbsRelTimestamp.of(v, rootName + "." + siblingKey).key() : v.asText();
    }

    /** The names no stored resource may take because a resource of this type addresses a virtual child by them. */
    public Set<String> reservedNames() {
        Set<String> names = new HashSet<>();
        virtualChildren.forEach(v -> names.add(v.rn()));
        return names;
    }

    /**
     * Builds a {@link ResourceType}: the universal and common attributes (TS-0001 9.6.1.3) come first, then
     * {@code acpi} and {@code daci} when the type has access control policies, {@code st} when it has a state tag,
     * then the type's own.
     */
    public static final class Builder {
        private final int ty;
        private final String shortName;
        private final String name;
        private String rootName;
        private Specialization specialization;
        private final List<AttributePolicy> own = new ArrayList<>();
        private final Set<String> removed = new HashSet<>();
        private final Set<Integer> childTypes = new HashSet<>();
        private boolean hasAcpi;
        private boolean hasStateTag;
        private final List<VirtualChild> virtualChildren = new ArrayList<>();
        private boolean creatable = true;
        private boolean updatable = true;
        private boolean deletable = true;
        private OpenSpecialization open;
        private final Set<String> otherRoots = new HashSet<>();
        private final Set<String> parents = new HashSet<>();
        private boolean onePerParent;
        private final Set<String> oneUnder = new HashSet<>();
        private boolean sensitive;
        private boolean audited;
        private String siblingKey;
        private boolean registreeOnly;
        private Announcement announcement;

        private Builder(int ty, String shortName, String name) {
            this.ty = ty;
            this.shortName = shortName;
            this.name = name;
            this.rootName = "m2m:" + shortName;
        }

        /** Another root element name than {@code m2m:<shortName>} (a flexContainer specialization's own). */
        public Builder rootName(String root) {
            this.rootName = root;
            return this;
        }

        /** Further root names a request's content may use (e.g. {@code m2m:autp} beside {@code dcfg:autp}). */
        public Builder alsoAccepts(String... roots) {
            otherRoots.addAll(List.of(roots));
            return this;
        }

        /**
         * The only parent types (by root name) a resource of this type may be created under, among those that list
         * its number as a child; without this call every such parent.
         */
        public Builder under(String... parentRoots) {
            parents.addAll(List.of(parentRoots));
            return this;
        }

        /** A parent holds at most one resource of this type (a second CREATE is 4105 CONFLICT). */
        public Builder onePerParent() {
            this.onePerParent = true;
            return this;
        }

        /** A parent of one of these types (by root name) holds at most one resource of this type (4105 beyond). */
        public Builder onePerParentOf(String... parentRoots) {
            oneUnder.addAll(List.of(parentRoots));
            return this;
        }

        /**
         * The type carries credentials: only an explicit privilege lets an originator create one (an access control
         * policy, a token, a role or a DAS grant; the admin), never the creator-only default, and every change is
         * audited.
         */
        public Builder sensitive() {
            this.sensitive = true;
            this.audited = true;
            return this;
        }

        /** Every committed change of a resource of this type is audited ({@link ResourceType#audited()}). */
        public Builder audited() {
            this.audited = true;
            return this;
        }

        /** One of several descriptors of its number, told apart by {@code attribute} = {@code value}. */
        public Builder specialization(String attribute, String value) {
            this.specialization = new Specialization(attribute, value);
            return this;
        }

        /**
         * The general descriptor of specializations this CSE has no descriptor for: requests may name them by any
         * namespaced root, and attributes the table does not list are custom attributes within these bounds.
         */
        public Builder openSpecialization(OpenSpecialization o) {
            this.open = o;
            return this;
        }

        /**
         * A resource of this type belongs to the registree its parent represents: created only by the AE-ID of the
         * parent {@code <AE>} and used only by its creator; no access control policy, token, role, DAS grant or admin
         * privilege opens it (a pollingChannel carries the AE's requests, TS-0004 7.4.21.2, 7.4.22.2.2).
         */
        public Builder registreeOnly() {
            this.registreeOnly = true;
            return this;
        }

        /** The type carries {@code acpi} and {@code daci}. */
        public Builder withAcpi() {
            this.hasAcpi = true;
            return this;
        }

        /** The type carries the state tag {@code st}. */
        public Builder withStateTag() {
            this.hasStateTag = true;
            return this;
        }

        /** The type's own attributes, after the universal and common ones. */
        public Builder attributes(AttributePolicy... policies) {
            own.addAll(List.of(policies));
            return this;
        }

        /** A universal attribute the type does not have (the CSEBase has no {@code et}). */
        public Builder without(String sn) {
            removed.add(sn);
            return this;
        }

        /** The resource type numbers that may be created as children. */
        public Builder children(Integer... tys) {
            childTypes.addAll(List.of(tys));
            return this;
        }

        public Builder virtualChildren(VirtualChild... v) {
            virtualChildren.addAll(List.of(v));
            return this;
        }

        /**
         * Operations no request may perform on the type: {@link Operation#CREATE} (the CSE makes such resources),
         * {@link Operation#UPDATE}, {@link Operation#DELETE}.
         */
        public Builder notByRequest(Operation... ops) {
            for (Operation op : ops) {
                switch (op) {
                    case CREATE -> creatable = false;
                    case UPDATE -> updatable = false;
                    case DELETE -> deletable = false;
                    default -> throw new IllegalArgumentException(op + " is always up to the access control");
                }
            }
            return this;
        }

        /** No two children of one parent may have equal values of {@code attribute} (4105 CONFLICT). */
        public Builder uniqueAmongSiblings(String attribute) {
            this.siblingKey = attribute;
            return this;
        }

        /**
         * The type may be announced (TS-0001 9.6.26): it gets {@code at} (announceTo) and {@code aa}
         * (announcedAttribute), and its variant {@code anncTy} carries the attributes marked {@code ma} and those of
         * {@code oa} the original names in {@code aa}. A sensitive type (credentials) is never announced.
         */
        public Builder announceable(int anncTy, List<String> ma, List<String> oa) {
            this.announcement = new Announceable(anncTy, Set.copyOf(ma), Set.copyOf(oa));
            return this;
        }

        /** The descriptor is the announced variant of {@code original}. */
        Builder announcedFrom(ResourceType original) {
            this.announcement = new Announced(original.ty(), original.rootName());
            return this;
        }

        public ResourceType build() {
            List<AttributePolicy> all = new ArrayList<>(List.of(
                    ro("ty", INTEGER), ro("ri", STRING), wo("rn", NCNAME), ro("pi", STRING),
                    ro("ct", TIMESTAMP), ro("lt", TIMESTAMP), rw("et", TIMESTAMP), rw("lbl", LABELS)));
            if (hasAcpi) {
                // dynamicAuthorizationConsultationIDs sits on every resource that has acpi (TS-0004 8.2.3).
                all.add(rw("acpi", LIST_OF_URI));
                all.add(rw("daci", LIST_OF_URI));
            }
            if (hasStateTag) {
                all.add(ro("st", NON_NEG_INTEGER));
            }
            all.addAll(own);
            Announcement a = sensitive && announcement instanceof Announceable ? null : announcement;
            if (a instanceof Announceable) {
                // TS-0004 table 6.3.6-2 (m2m:announceableResource): list of xs:anyURI and list of xs:NCName.
                all.add(rw("at", LIST_OF_URI));
                all.add(rw("aa", ValueType.LIST_OF_STRING));
            }
            Map<String, AttributePolicy> table = new LinkedHashMap<>();
            for (AttributePolicy p : all) {
                if (!removed.contains(p.sn())) {
                    table.put(p.sn(), p);
                }
            }
            return new ResourceType(ty, shortName, rootName, name, specialization, table, childTypes, hasAcpi,
                    hasStateTag, virtualChildren, creatable, updatable, deletable, open, otherRoots,
                    new Placement(parents, onePerParent, oneUnder), sensitive, audited, siblingKey, registreeOnly, a);
        }
    }
}
