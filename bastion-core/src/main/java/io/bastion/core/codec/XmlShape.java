package io.bastion.core.codec;

import io.bastion.core.resource.ValueType;

/**
 * What the XML serialization of one element looks like and which JSON value it stands for (TS-0004 8.3 and 8.4.2):
 * the kind of its text or content, and whether the element repeats (XSD {@code maxOccurs} above 1, a JSON array of
 * occurrences) rather than carrying an {@code xs:list} (one element, values separated by spaces, also a JSON array).
 *
 * @param kind what one occurrence holds
 * @param repeated whether the element occurs once per array item
 */
record XmlShape(Kind kind, boolean repeated) {

    /** What one occurrence of an element holds. */
    enum Kind {
        /** xs:string and the types derived from it: the text as it is. */
        STRING,
        /** An integer type or a oneM2M enumeration: a JSON number. */
        INTEGER,
        /** xs:float, xs:double, xs:decimal: a JSON number. */
        DECIMAL,
        /** xs:boolean ({@code true}, {@code false}, {@code 1}, {@code 0}). */
        BOOLEAN,
        /** m2m:absRelTimestamp: a number when the text is an xs:long, else a timestamp string. */
        ABS_REL,
        /** An xs:list of strings (xs:anyURI, xs:token, m2m:ID…): a JSON array of strings. */
        LIST_STRING,
        /** An xs:list of integers or enumerations. */
        LIST_INTEGER,
        /** An xs:list of xs:float (m2m:locationRegion's circRegion). */
        LIST_DECIMAL,
        /** An xs:list of xs:boolean. */
        LIST_BOOLEAN,
        /** A complex type: child elements, XML attributes. */
        OBJECT,
        /** xs:anyType (a contentInstance's content): text, or child elements read without a schema. */
        ANY,
        /** A value XML has no form for, written as its JSON text (GeoJSON coordinates, {@code crd}). */
        JSON_TEXT
    }

    static final XmlShape STRING = new XmlShape(Kind.STRING, false);
    static final XmlShape INTEGER = new XmlShape(Kind.INTEGER, false);
    static final XmlShape DECIMAL = new XmlShape(Kind.DECIMAL, false);
    static final XmlShape BOOLEAN = new XmlShape(Kind.BOOLEAN, false);
    static final XmlShape ABS_REL = new XmlShape(Kind.ABS_REL, false);
    static final XmlShape LIST_STRING = new XmlShape(Kind.LIST_STRING, false);
    static final XmlShape LIST_INTEGER = new XmlShape(Kind.LIST_INTEGER, false);
    static final XmlShape LIST_DECIMAL = new XmlShape(Kind.LIST_DECIMAL, false);
    static final XmlShape LIST_BOOLEAN = new XmlShape(Kind.LIST_BOOLEAN, false);
    static final XmlShape OBJECT = new XmlShape(Kind.OBJECT, false);
    static final XmlShape ANY = new XmlShape(Kind.ANY, false);
    static final XmlShape JSON_TEXT = new XmlShape(Kind.JSON_TEXT, false);
    static final XmlShape REPEATED_STRING = new XmlShape(Kind.STRING, true);
    static final XmlShape REPEATED_INTEGER = new XmlShape(Kind.INTEGER, true);
    static final XmlShape REPEATED_OBJECT = new XmlShape(Kind.OBJECT, true);

    /** Whether one occurrence carries an xs:list, several values separated by white space. */
    boolean isList() {
        return switch (kind) {
            case LIST_STRING, LIST_INTEGER, LIST_DECIMAL, LIST_BOOLEAN -> true;
            default -> false;
        };
    }

    /** The shape of an attribute of a resource type, from its descriptor's value type. */
    static XmlShape of(ValueType t) {
        return switch (t) {
            case STRING, NCNAME, ANY_URI, TIMESTAMP, CONTENT_INFO, SYMMETRIC_KEY, CERTIFICATES, FINGERPRINT -> STRING;
            case BOOLEAN -> BOOLEAN;
            case NON_NEG_INTEGER, POSITIVE_INTEGER, INTEGER, EVENT_CAT -> INTEGER;
            case ABS_REL_TIMESTAMP -> ABS_REL;
            case LIST_OF_STRING, LIST_OF_URI, LABELS, SERIALIZATIONS -> LIST_STRING;
            case LIST_OF_INTEGER -> LIST_INTEGER;
            case LIST_OF_BOOLEAN -> LIST_BOOLEAN;
            case OBJECT, GEO_COORDINATES, ACTION_STATUS, E2E_SEC_INFO -> OBJECT;
            case LIST_OF_OBJECT -> REPEATED_OBJECT;
            case ANY -> ANY;
        };
    }
}
