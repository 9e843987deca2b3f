package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.geo.GeoCoordinates;
import io.bastion.security.e2e.E2eSecInfo;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.AttributePolicy;
import io.bastion.core.resource.AttributePolicy.Presence;
import io.bastion.core.resource.OpenSpecialization;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.RootNames;
import io.bastion.core.resource.ValueFormats;
import io.bastion.core.time.AbsRelTimestamp;
import io.bastion.core.time.Timestamps;
import java.util.Iterator;
import java.util.Map;
import io.bastion.core.text.Excerpt;
import io.bastion.security.credential.PreSharedKey;

/** Checks request content against a resource type's attribute policies; every refusal names the attribute. */
public final class AttributeValidator {
    static final int MAX_NAME = 255;
    private static final int MAX_LIST = 10_000;

    private AttributeValidator() {
    }

    public static void validateCreate(ResourceType type, ObjectNode attrs) {
        validateCreate(type, type.rootName(), attrs);
    }

    /**
     * @param root the root the request named the type by (a flexContainer specialization's own), for messages
     */
    public static void validateCreate(ResourceType type, String root, ObjectNode attrs) {
        for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (isCustom(type, root, e.getKey(), e.getValue(), false)) {
                continue;
            }
            AttributePolicy p = policy(type, e.getKey());
            if (e.getKey().equals("cr")) {
                if (!e.getValue().isNull()) {
                    throw OneM2MException.badRequest("attribute cr must be null in a CREATE (it asks the CSE to "
                            + "record the creator)");
                }
                continue;
            }
            if (p.onCreate() == Presence.NOT_PERMITTED) {
                throw OneM2MException.badRequest("attribute " + e.getKey() + " of " + root
                        + " is read-only");
            }
            if (e.getValue().isNull()) {
                throw OneM2MException.badRequest("attribute " + e.getKey() + " must not be null in a CREATE");
            }
            checkValue(root, p, e.getValue());
        }
        for (AttributePolicy p : type.attributes().values()) {
            if (p.onCreate() == Presence.MANDATORY && !attrs.has(p.sn())) {
                throw OneM2MException.badRequest("missing mandatory attribute " + p.sn() + " of "
                        + root);
            }
        }
        checkCustomBounds(type, root, attrs);
    }

    public static void validateUpdate(ResourceType type, ObjectNode attrs) {
        validateUpdate(type, type.rootName(), attrs);
    }

    /** @param root the root of the resource updated (a flexContainer specialization's own), for messages */
    public static void validateUpdate(ResourceType type, String root, ObjectNode attrs) {
        if (attrs.isEmpty()) {
            throw OneM2MException.badRequest("UPDATE of " + root + " names no attribute");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (isCustom(type, root, e.getKey(), e.getValue(), true)) {
                continue;
            }
            AttributePolicy p = policy(type, e.getKey());
            if (p.onUpdate() == Presence.NOT_PERMITTED) {
                throw OneM2MException.badRequest("attribute " + e.getKey() + " of " + root
                        + " cannot be updated");
            }
            if (e.getValue().isNull()) {
                if (!p.nullableOnUpdate()) {
                    throw OneM2MException.badRequest("attribute " + e.getKey() + " of " + root
                            + " cannot be removed");
                }
                continue;
            }
            checkValue(root, p, e.getValue());
        }
    }

    /**
     * A CSE without a transport to other CSEs announces nothing (TS-0001 10.2.13.2): a request that asks for an
     * announcement ({@code at}) or announced attributes ({@code aa}) is 5001 NOT_IMPLEMENTED rather than stored and
     * silently not acted on. Removing them (null) is accepted.
     */
    static void refuseAnnouncing(String root, ObjectNode attrs) {
        for (String sn : new String[] {"at", "aa"}) {
            JsonNode v = attrs.get(sn);
            if (v != null && !v.isNull()) {
                throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "attribute " + sn + " of " + root
                        + ": this CSE has no transport to other CSEs, so it announces nothing");
            }
        }
    }

    /**
     * The entries of {@code at} this CSE can act on: a CSE-ID ({@code /id-in}, where to announce, 10.2.13.2: "the
     * list of CSE-IDs of the remote CSEs") or the SP-relative address of an announced resource this CSE keeps there
     * ({@code /id-in/cntA1}, what it writes back after the announcement, 10.2.13.5); anything else is 4000 naming
     * the attribute, since this CSE announces within its service provider only.
     */
    static void checkAnnounceTo(String root, ObjectNode attrs) {
        JsonNode at = attrs.get("at");
        if (at == null || at.isNull()) {
            return;
        }
        for (JsonNode e : at) {
            String v = e.asText();
            if (!v.startsWith("/") || v.startsWith("//") || v.endsWith("/") || v.contains("//")) {
                throw OneM2MException.badRequest("attribute at of " + root + ": " + Excerpt.of(v) + " is not a "
                        + "CSE-ID (/id-in) or the SP-relative address of an announced resource on it");
            }
        }
    }

    /**
     * Whether {@code sn} is a custom attribute of an open type ({@link ResourceType#open}), checked: a name its table
     * does not list, not reserved (4000 naming it: it would shadow an attribute with a oneM2M meaning), an NCName of
     * bounded length, a value nested within the bound; null only in an UPDATE, where it removes the attribute.
     */
    private static boolean isCustom(ResourceType type, String root, String sn, JsonNode v, boolean update) {
        OpenSpecialization open = type.open();
        if (open == null || type.attribute(sn) != null) {
            return false;
        }
        if (open.reserved().contains(sn)) {
            throw OneM2MException.badRequest("attribute " + sn + " of " + root + " is a oneM2M attribute this CSE "
                    + "does not support for a " + type.name() + "; it cannot be a custom attribute");
        }
        if (sn.length() > open.maxNameLength() || !RootNames.isNcName(sn)) {
            throw OneM2MException.badRequest("custom attribute name " + Excerpt.of(sn) + " of " + root
                    + " must be an NCName (a letter or '_', then letters, digits, '.', '-', '_') of at most "
                    + open.maxNameLength() + " characters");
        }
        if (v.isNull()) {
            if (!update) {
                throw OneM2MException.badRequest("attribute " + sn + " must not be null in a CREATE");
            }
            return true;
        }
        if (OpenSpecialization.depth(v) > open.maxDepth()) {
            throw OneM2MException.badRequest("custom attribute " + root + "." + sn + " nests arrays and objects "
                    + "more than " + open.maxDepth() + " deep");
        }
        return true;
    }

    /**
     * Refuses custom attributes beyond the open type's bounds in number or total size ({@link OpenSpecialization});
     * called on the content of a CREATE and on the attributes an UPDATE leaves.
     *
     * @return the total size of the custom attributes in bytes (the flexContainer's contentSize), 0 for a type that
     *         is not open
     */
    public static long checkCustomBounds(ResourceType type, String root, ObjectNode attrs) {
        OpenSpecialization open = type.open();
        if (open == null) {
            return 0;
        }
        int count = 0;
        long bytes = 0;
        for (Map.Entry<String, JsonNode> e : OpenSpecialization.customOf(type, attrs)) {
            count++;
            bytes += OpenSpecialization.size(e.getValue());
        }
        if (count > open.maxAttributes()) {
            throw OneM2MException.badRequest(root + " would hold " + count + " custom attributes; at most "
                    + open.maxAttributes() + " are allowed");
        }
        if (bytes > open.maxBytes()) {
            throw OneM2MException.badRequest("the custom attributes of " + root + " would hold " + bytes
                    + " bytes; at most " + open.maxBytes() + " are allowed");
        }
        return bytes;
    }

    private static AttributePolicy policy(ResourceType type, String sn) {
        AttributePolicy p = type.attribute(sn);
        if (p == null) {
            throw OneM2MException.badRequest("unknown attribute " + Excerpt.of(sn) + " for " + type.rootName());
        }
        return p;
    }

    private static void checkValue(String root, AttributePolicy p, JsonNode v) {
        String where = root + "." + p.sn();
        boolean ok = switch (p.type()) {
            case STRING, ANY_URI -> v.isTextual();
            case NCNAME -> v.isTextual() && validName(v.asText());
            case BOOLEAN -> v.isBoolean();
            case INTEGER -> v.isIntegralNumber() && v.canConvertToLong();
            case NON_NEG_INTEGER -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0;
            case POSITIVE_INTEGER -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() > 0;
            case TIMESTAMP -> {
                if (!v.isTextual()) {
                    yield false;
                }
                Timestamps.parse(v.asText(), where);
                yield true;
            }
            case ABS_REL_TIMESTAMP -> {
                AbsRelTimestamp.of(v, where); // 4000 naming the attribute and the form expected
                yield true;
            }
            case LIST_OF_STRING, LIST_OF_URI -> isList(v, JsonNode::isTextual);
            case LIST_OF_INTEGER -> isList(v, JsonNode::isIntegralNumber);
            case LIST_OF_BOOLEAN -> isList(v, JsonNode::isBoolean);
            case EVENT_CAT -> v.isIntegralNumber() && v.canConvertToLong() && ValueFormats.isEventCat(v.asLong());
            case LABELS -> isList(v, e -> e.isTextual() && ValueFormats.isToken(e.asText()));
            case SERIALIZATIONS -> !v.isEmpty()
                    && isList(v, e -> e.isTextual() && ValueFormats.SERIALIZATIONS.contains(e.asText()));
            case CONTENT_INFO -> v.isTextual() && ValueFormats.isContentInfo(v.asText());
            case OBJECT -> v.isObject();
            case LIST_OF_OBJECT -> isList(v, JsonNode::isObject);
            case GEO_COORDINATES -> {
                GeoCoordinates.parse(v, where); // refuses with 4000 naming the member that is wrong
                yield true;
            }
            case E2E_SEC_INFO -> {
                E2eSecInfo.check(v, where); // refuses with 4000 naming the element that is wrong
                yield true;
            }
            case ANY -> true;
            case ACTION_STATUS -> CredentialValues.isActionStatus(v);
            case SYMMETRIC_KEY -> CredentialValues.isSymmetricKey(v);
            case CERTIFICATES -> CredentialValues.isCertificates(v, where);
            case FINGERPRINT -> v.isTextual() && CredentialValues.isFingerprint(v.asText());
        };
        if (ok && p.range() != null) {
            ok = v.canConvertToLong() && p.range().contains(v.asLong());
        }
        if (!ok) {
            // The value itself is never echoed: it may be a key.
            throw OneM2MException.badRequest("attribute " + where + " has a wrong type or value: expected "
                    + describe(p) + (p.range() == null ? "" : " from " + p.range().min() + " to " + p.range().max()));
        }
    }

    private static boolean isList(JsonNode v, java.util.function.Predicate<JsonNode> element) {
        if (!v.isArray() || v.size() > MAX_LIST) {
            return false;
        }
        for (JsonNode e : v) {
            if (!element.test(e)) {
                return false;
            }
        }
        return true;
    }

    /** A resourceName: not empty, no path separator, not "." or "..", bounded, printable. */
    public static boolean validName(String n) {
        if (n.isEmpty() || n.length() > MAX_NAME || n.equals(".") || n.equals("..")) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '%' || c <= ' ' || c == 127) {
                return false;
            }
        }
        return true;
    }

    private static String describe(AttributePolicy p) {
        return switch (p.type()) {
            case STRING, ANY_URI -> "a string";
            case NCNAME -> "a name without '/', '?', '#', '%', spaces, and not '.' or '..'";
            case BOOLEAN -> "a boolean";
            case INTEGER -> "an integer";
            case NON_NEG_INTEGER -> "a non-negative integer";
            case POSITIVE_INTEGER -> "a positive integer";
            case TIMESTAMP -> "a timestamp like 20261231T235959";
            case ABS_REL_TIMESTAMP -> "a timestamp like 20261231T235959 or an integer";
            case LIST_OF_STRING, LIST_OF_URI -> "a list of strings";
            case LIST_OF_INTEGER -> "a list of integers";
            case LIST_OF_BOOLEAN -> "a list of booleans";
            case ACTION_STATUS -> "an action status {\"acn\": a URI, \"sus\": 0 to 3}";
            case SYMMETRIC_KEY -> "a symmetric key: base64 of " + PreSharedKey.MIN_BYTES + " to "
                    + PreSharedKey.MAX_BYTES + " bytes";
            case CERTIFICATES -> "X.509 certificates: PEM blocks or the base64 of one DER certificate, no private key";
            case FINGERPRINT -> "a SHA-256 certificate fingerprint: 64 hexadecimal digits (pairs may be separated by "
                    + "':') or ni:///sha-256;<base64url>";
            case EVENT_CAT -> "an event category: 2, 3, 4 or 100-999";
            case LABELS -> "a list of tokens (no tab or line break, no leading, trailing or double space)";
            case SERIALIZATIONS -> "a non-empty list of serializations: application/json, application/cbor or "
                    + "application/xml";
            case CONTENT_INFO -> "a content information like text/plain:0 (media type, ':', encoding 0-2, optionally "
                    + "':' and content security 0-5)";
            case OBJECT -> "an object";
            case LIST_OF_OBJECT -> "a list of objects";
            case GEO_COORDINATES -> "a location {typ, crd}";
            case E2E_SEC_INFO -> "an m2m:e2eSecInfo {esf, escert, esro}";
            case ANY -> "any value";
        };
    }

}
