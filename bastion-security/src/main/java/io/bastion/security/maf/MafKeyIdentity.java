package io.bastion.security.maf;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Key Identifier of the MAF Security Framework as a TLS-PSK {@code psk_identity} (TS-0003 8.2.2.3 step 6a, 10.3.5):
 * {@code RelativeKeyID@MAF-FQDN}, RelativeKeyID being hexBinary(KcID), the 16 bytes of KcID as 32 hex digits.
 *
 * @param relativeKeyId the hex digits, lower case
 * @param mafFqdn the MAF's FQDN
 */
public record MafKeyIdentity(String relativeKeyId, String mafFqdn) {
    private static final Pattern FORM = Pattern.compile("([0-9A-Fa-f]{32})@([a-z0-9.-]{1,253})");

    /** The identity when {@code pskIdentity} has the MAF form, else empty (another kind of KpsaID). */
    public static Optional<MafKeyIdentity> parse(String pskIdentity) {
        if (pskIdentity == null) {
            return Optional.empty();
        }
        var m = FORM.matcher(pskIdentity);
        return m.matches() ? Optional.of(new MafKeyIdentity(m.group(1).toLowerCase(java.util.Locale.ROOT),
                m.group(2))) : Optional.empty();
    }

    @Override
    public String toString() {
        return relativeKeyId + "@" + mafFqdn;
    }
}
