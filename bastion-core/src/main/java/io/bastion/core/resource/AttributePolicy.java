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
 */
public record AttributePolicy(String sn, ValueType type, Presence onCreate, Presence onUpdate,
                              boolean nullableOnUpdate) {

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

    /** Read-write, mandatory at creation; cannot be deleted by an update. */
    public static AttributePolicy rwMandatory(String sn, ValueType t) {
        return new AttributePolicy(sn, t, Presence.MANDATORY, Presence.OPTIONAL, false);
    }
}
