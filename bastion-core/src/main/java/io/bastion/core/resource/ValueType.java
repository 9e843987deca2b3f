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
    /** m2m:absRelTimestamp: a timestamp or an xs:long ({@link io.bastion.core.time.AbsRelTimestamp}). */
    ABS_REL_TIMESTAMP,
    LIST_OF_STRING,
    LIST_OF_URI,
    LIST_OF_INTEGER,
    LIST_OF_BOOLEAN,
    /** m2m:eventCat: an integer, one of m2m:stdEventCats (2, 3, 4) or user-defined 100-999 (TS-0004 table 6.3.3-1). */
    EVENT_CAT,
    /** m2m:labels: a list of xs:token ({@link ValueFormats#isToken}). */
    LABELS,
    /** m2m:serializations: a non-empty list of serialization media types ({@link ValueFormats#SERIALIZATIONS}). */
    SERIALIZATIONS,
    /** m2m:contentInfo: {@code type/subtype:encoding[:security]} ({@link ValueFormats#isContentInfo}). */
    CONTENT_INFO,
    /** A JSON object whose structure a type-specific hook validates (setOfAcrs, eventNotificationCriteria…). */
    OBJECT,
    /** A list of JSON objects of one complex type (e.g. the notificationStatsInfo a subscription keeps). */
    LIST_OF_OBJECT,
    /**
     * m2m:geoCoordinates (Release 4 {@code loc}): {@code {typ, crd}}, a GeoJSON geometry in [longitude, latitude]
     * order, read by {@code io.bastion.core.geo.GeoCoordinates#parse}.
     */
    GEO_COORDINATES,
    /**
     * m2m:e2eSecInfo (TS-0004 6.3.5.52, the {@code esi} of CSEBase, AE, remoteCSE): {@code esf} a list of m2m:suid,
     * optional {@code escert} (base64) and {@code esro} (a receiverESPrimRandObject).
     */
    E2E_SEC_INFO,
    /** Any JSON value (contentInstance content). */
    ANY,
    /** m2m:actionStatus (TS-0004 6.3.5.14): an object of {@code acn} (xs:anyURI) and {@code sus} (m2m:status 0-3). */
    ACTION_STATUS,
    /** A symmetric key as xs:base64Binary, 16 to 64 bytes (the bounds of the CSE's pre-shared keys). */
    SYMMETRIC_KEY,
    /**
     * One or more X.509 certificates: PEM ({@code -----BEGIN CERTIFICATE-----} blocks) or the base64 of one DER
     * certificate; never a private key.
     */
    CERTIFICATES,
    /**
     * A certificate fingerprint: the SHA-256 of the DER certificate as 64 hexadecimal digits (optionally in pairs
     * separated by {@code :}), or as an RFC 6920 name {@code ni:///sha-256;<base64url>}.
     */
    FINGERPRINT
}
