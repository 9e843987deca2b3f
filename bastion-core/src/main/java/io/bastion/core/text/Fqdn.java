package io.bastion.core.text;

import java.util.regex.Pattern;

/**
 * The one form of a fully qualified domain name the project accepts wherever an FQDN names something (a PSK identity's
 * realm, a MAF-FQDN or MEF-FQDN, an administrating stakeholder's {@code adminFQDN}, a trust-enabling function as a
 * key's target): lower case (as DNS compares names without case, one spelling keeps IDs comparable by equality), at
 * least two labels, each 1–63 LDH characters without a leading or trailing hyphen, 253 characters at most.
 */
public final class Fqdn {
    private static final Pattern FORM =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Fqdn() {
    }

    /** Whether {@code s} is a lower-case FQDN of two labels or more. */
    public static boolean isValid(String s) {
        return s != null && FORM.matcher(s).matches();
    }
}
