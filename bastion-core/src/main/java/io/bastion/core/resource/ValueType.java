package io.bastion.core.resource;

/** The value types an attribute policy can declare; validation checks the JSON form against them. */
public enum ValueType {
    STRING,
    /** A name without path separators (resourceName): no "/", no "..". */
    NCNAME,
    ANY_URI,
    BOOLEAN,
    /** xs:nonNegativeInteger. */
    NON_NEG_INTEGER,
    /** xs:positiveInteger. */
    POSITIVE_INTEGER,
    INTEGER,
    /** m2m:timestamp: ISO 8601 basic format. */
    TIMESTAMP,
    LIST_OF_STRING,
    LIST_OF_URI,
    LIST_OF_INTEGER,
    /** A JSON object whose structure a type-specific hook validates (setOfAcrs, eventNotificationCriteria…). */
    OBJECT,
    /** Any JSON value (contentInstance content). */
    ANY
}
