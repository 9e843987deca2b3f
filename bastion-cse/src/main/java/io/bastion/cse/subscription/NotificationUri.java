package io.bastion.cse.subscription;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code notificationURI} (or {@code subscriberURI}) entry split into the target and its notification serialization
 * (TS-0004 table 7.4.8.1-3): a URL target may carry {@code ct=json}, {@code ct=cbor} or {@code ct=xml} as a query
 * parameter ("?" or "&amp;" before it, lower case, once), which is removed from the address the NOTIFY goes to
 * (TS-0004 7.5.1.2.2 step 2.5). The indication "shall be applied only for the URL formatted target", so a resource
 * ID is left as it is.
 *
 * @param target where to send, without the indication
 * @param ct the serialization asked for, or null when the entry gives none
 */
record NotificationUri(String target, Serialization ct) {
    private static final String KEY = "ct=";

    /** Splits an entry; a malformed indication (unknown value, given twice) is 4000. */
    static NotificationUri parse(String nu) {
        int q = nu.indexOf('?');
        if (!NotificationTargets.isUrl(nu) || q < 0) {
            return new NotificationUri(nu, null);
        }
        int hash = nu.indexOf('#', q);
        int end = hash < 0 ? nu.length() : hash;
        List<String> kept = new ArrayList<>();
        Serialization ct = null;
        for (String param : nu.substring(q + 1, end).split("&", -1)) {
            if (!param.startsWith(KEY)) {
                kept.add(param);
                continue;
            }
            if (ct != null) {
                throw OneM2MException.badRequest("notification target " + Excerpt.of(nu)
                        + " gives its serialization (ct) more than once");
            }
            ct = switch (param.substring(KEY.length())) {
                case "json" -> Serialization.JSON;
                case "cbor" -> Serialization.CBOR;
                case "xml" -> Serialization.XML;
                default -> throw OneM2MException.badRequest("notification target " + Excerpt.of(nu) + " asks for "
                        + Excerpt.of(param) + ": the serialization (ct) is json, cbor or xml, in lower case");
            };
        }
        if (ct == null) {
            return new NotificationUri(nu, null);
        }
        String target = nu.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept))
                + nu.substring(end);
        return new NotificationUri(target, ct);
    }
}
