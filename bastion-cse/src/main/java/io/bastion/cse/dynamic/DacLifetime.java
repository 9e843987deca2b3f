package io.bastion.cse.dynamic;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import java.time.Instant;

/**
 * {@code dynamicAuthorizationLifetime} ({@code dal}). TS-0004 types it m2m:timestamp, yet it is the "preferred
 * lifetime" that the CSE sends as {@code proposedPrivilegesLifetime} (m2m:absRelTimestamp). Both forms of
 * absRelTimestamp are accepted: an absolute timestamp (privileges until then) or a number of milliseconds (privileges
 * for that long from the request). Bastion also uses it as an upper bound of what a DAS may grant (see
 * {@link DynamicAuthorization}).
 */
public final class DacLifetime {
    private DacLifetime() {
    }

    /** Checks a {@code dal} value (4000 naming it when malformed). */
    public static void validate(String dal) {
        if (dal.isEmpty()) {
            throw OneM2MException.badRequest("dynamicAuthorizationLifetime (dal) must not be empty");
        }
        if (isRelative(dal)) {
            try {
                if (Long.parseLong(dal) <= 0) {
                    throw OneM2MException.badRequest("dynamicAuthorizationLifetime (dal) must be positive");
                }
            } catch (NumberFormatException e) {
                throw OneM2MException.badRequest("dynamicAuthorizationLifetime (dal) '" + Excerpt.of(dal)
                        + "' is too large");
            }
            return;
        }
        Timestamps.parse(dal, "dynamicAuthorizationLifetime (dal)");
    }

    /** The end of privileges granted at {@code now} under this {@code dal}; null when dal is absent or unusable. */
    public static Instant until(String dal, Instant now) {
        if (dal == null || dal.isEmpty()) {
            return null;
        }
        try {
            return Timestamps.parseAbsRel(dal, now, "dal");
        } catch (OneM2MException | ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static boolean isRelative(String v) {
        return v.chars().allMatch(Character::isDigit) || (v.startsWith("-") && v.substring(1).chars()
                .allMatch(Character::isDigit));
    }
}
