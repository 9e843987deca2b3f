package io.bastion.security.dynamic;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Dynamic Authorization Server's point of access as a {@code dap} entry gives it: an absolute {@code http} or
 * {@code https} URI with a host (the only bindings this CSE consults a DAS over; TS-0009).
 */
public final class DasAddress {
    private DasAddress() {
    }

    /** The URI of a {@code dap} entry; 4000 naming the entry when it is not a well-formed http(s) URI. */
    public static URI parse(String entry) {
        URI u;
        try {
            u = new URI(entry);
        } catch (URISyntaxException e) {
            throw OneM2MException.badRequest("dynamicAuthorizationPoA (dap) entry '" + Excerpt.of(entry)
                    + "' is not a URI");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw OneM2MException.badRequest("dynamicAuthorizationPoA (dap) entry '" + Excerpt.of(entry)
                    + "' must be an http or https URI");
        }
        if (u.getHost() == null || u.getHost().isEmpty() || u.getRawUserInfo() != null || u.getRawFragment() != null) {
            throw OneM2MException.badRequest("dynamicAuthorizationPoA (dap) entry '" + Excerpt.of(entry)
                    + "' needs a host and no user information or fragment");
        }
        return u;
    }

    /** The URI, or null when the entry is not usable (stored under laxer rules); never throws. */
    public static URI tryParse(String entry) {
        try {
            return parse(entry);
        } catch (OneM2MException e) {
            return null;
        }
    }
}
