package io.bastion.core.resource;

/**
 * How one attribute of a resource type may be used (TS-0004 clause 7.4, "RO/WO/RW" and the create/update
 * columns "M/O/NP").
 *
 * @param sn short name
 * @param type value type
 * @param onCreate whether the attribute must, may or must not appear in a CREATE
 * @param onUpdate whether the attribute may or must not appear in an UPDATE
 * @param nullableOnUpdate whether a JSON null in an UPDATE (which deletes an optional attribute) is allowed
 * @param range the inclusive bounds of an integer value, or null when its value type alone bounds it
 * @param secret whether the value is a secret that is written but never read back: the CSE keeps it apart from the
 *        resource's attributes ({@link Resource#secrets()}), so that no representation, notification, discovery
 *        answer, audit entry or log line can carry it
 * @param linksTo the resource type an address in the value must name, as a resource of this CSE that exists when the
 *        value is written (an AE's {@code nl} names a {@code <node>}); null for a value that is not such a link
 */
public record AttributePolicy(String sn, ValueType type, Presence onCreate, Presence onUpdate,
                              boolean nullableOnUpdate, Range range, boolean secret, Integer linksTo) {

    /** Inclusive bounds of an integer attribute (e.g. a battery level 0 to 100, TS-0004 table D.7.1-2). */
    public record Range(long min, long max) {
        public boolean contains(long v) {
            return v >= min && v <= max;
        }
    }

    public AttributePolicy(String sn, ValueType type, Presence onCreate, Presence onUpdate, boolean nullableOnUpdate) {
        this(sn, type, onCreate, onUpdate, nullableOnUpdate, null, false, null);
    }

    /** This policy with its integer value bounded to {@code min..max}. */
    public AttributePolicy within(long min, long max) {
        return new AttributePolicy(sn, type, onCreate, onUpdate, nullableOnUpdate, new Range(min, max), secret,
                linksTo);
    }

    /** This policy for an address that must name an existing resource of type {@code ty} of this CSE. */
    public AttributePolicy linksTo(int ty) {
        return new AttributePolicy(sn, type, onCreate, onUpdate, nullableOnUpdate, range, secret, ty);
    }

    /**
     * A secret (a symmetric key): optional on CREATE and UPDATE (a new value replaces the old, null removes it), and
     * never read back.
     */
    public static AttributePolicy secret(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.OPTIONAL, Presence.OPTIONAL, true, null, true, null);
    }

    /** Mandatory, optional or not permitted in a request. */
    public enum Presence { MANDATORY, OPTIONAL, NOT_PERMITTED }

    /** Read-only: maintained by the CSE. */
    public static AttributePolicy ro(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.NOT_PERMITTED, Presence.NOT_PERMITTED, false);
    }

    /** Write-once: may be given at creation only. */
    public static AttributePolicy wo(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.OPTIONAL, Presence.NOT_PERMITTED, false);
    }

    /** Mandatory at creation, never updated. */
    public static AttributePolicy woMandatory(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.MANDATORY, Presence.NOT_PERMITTED, false);
    }

    /** Read-write, optional at creation, and removable with null on update. */
    public static AttributePolicy rw(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.OPTIONAL, Presence.OPTIONAL, true);
    }

    /**
     * Read-write but not given at creation (the CSE sets the initial value), never removed: a status the managed
     * entity reports, an action attribute triggered by an UPDATE (TS-0004 Annex D, "NP" on create, "O" on update).
     */
    public static AttributePolicy updateOnly(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.NOT_PERMITTED, Presence.OPTIONAL, false);
    }

    /** Read-write, mandatory at creation; cannot be deleted by an update. */
    public static AttributePolicy rwMandatory(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.MANDATORY, Presence.OPTIONAL, false);
    }
}
