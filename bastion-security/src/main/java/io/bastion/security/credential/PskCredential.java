package io.bastion.security.credential;

import io.bastion.core.text.Fqdn;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A provisioned symmetric key for the PSK security association establishment framework (TS-0003 8.2.2.1): the
 * KpsaID a client sends as {@code psk_identity}, the key Kpsa, and the AE-IDs / CSE-IDs the association may use.
 * {@link #toString()} never shows the key ({@link PreSharedKey} redacts itself).
 *
 * @param identity the KpsaID, {@code Issuer_Relative_KpsaID@Issuer-FQDN} (TS-0003 10.5)
 * @param key the key
 * @param allowedIds the AE-ID-Stems ({@code C…}, {@code S…}) or CSE-IDs ({@code /id-mn}) bound to the key; the
 *     session is bound to these (TS-0003 8.2.2.1: "already provided with the CSE-ID or AE-ID")
 */
public record PskCredential(String identity, PreSharedKey key, Set<String> allowedIds) {
    /** Issuer_Relative_KpsaID: "the Roman alphabet, numerals, '.', '_' and '-'" (TS-0003 10.5). */
    private static final Pattern RELATIVE = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** An AE-ID-Stem (TS-0004 6.2.3): C or S, then RFC 3986 unreserved characters. */
    private static final Pattern AE_ID_STEM = Pattern.compile("[CS][A-Za-z0-9._~-]{1,255}");
    /** An SP-relative CSE-ID: "/" and one segment of unreserved characters. */
    private static final Pattern CSE_ID = Pattern.compile("/[A-Za-z0-9._~-]{1,255}");

    /** An SP-relative AE-ID of an AE registered with another CSE: a CSE-ID, "/", an AE-ID-Stem. */
    private static final Pattern SP_RELATIVE_AE_ID = Pattern.compile("/[A-Za-z0-9._~-]{1,255}/[CS][A-Za-z0-9._~-]{1,255}");

    /** The credIDTypeID of a KpsaID Credential-ID (TS-0003 12.3.2.1). */
    public static final String CREDENTIAL_TYPE = "12";

    public PskCredential {
        Objects.requireNonNull(key, "key");
        checkIdentity(identity);
        if (allowedIds == null || allowedIds.isEmpty()) {
            throw new IllegalArgumentException("a PSK needs at least one AE-ID or CSE-ID it may be used for");
        }
        for (String id : allowedIds) {
            checkBindableId(id);
        }
        allowedIds = Set.copyOf(new LinkedHashSet<>(allowedIds));
    }

    /** The Credential-ID of TS-0003 10.4: {@code 12-<KpsaID>}. */
    public String credentialId() {
        return CREDENTIAL_TYPE + "-" + identity;
    }

    /**
     * Checks the KpsaID syntax.
     *
     * @throws IllegalArgumentException with a message that names what is wrong
     */
    public static void checkIdentity(String identity) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("the PSK identity is empty");
        }
        int at = identity.lastIndexOf('@');
        if (at < 0 || identity.indexOf('@') != at) {
            throw new IllegalArgumentException("a PSK identity (KpsaID) is relative@issuer-fqdn with exactly one '@'");
        }
        if (!RELATIVE.matcher(identity.substring(0, at)).matches()) {
            throw new IllegalArgumentException("the part before '@' of a KpsaID is 1..128 letters, digits, '.', '_'"
                    + " or '-' (TS-0003 10.5)");
        }
        if (!Fqdn.isValid(identity.substring(at + 1))) {
            throw new IllegalArgumentException("the part after '@' of a KpsaID is a lower-case FQDN such as "
                    + "issuer.example");
        }
    }

    /** Whether {@code identity} is a well-formed KpsaID. */
    public static boolean isIdentity(String identity) {
        try {
            checkIdentity(identity);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks what a stored binding may hold: what {@link #checkAllowedId} allows, or the SP-relative AE-ID of an AE
     * registered with another CSE ({@code /id-mn/Clight}), which the pairwiseESPrimKeys of {@code credentials e2e}
     * (kept in the same format) need for an end-to-end originator behind another CSE. {@code psk add} still allows
     * only AE-ID-Stems and CSE-IDs ({@link #checkAllowedId}).
     */
    public static void checkBindableId(String id) {
        if (id == null || !(AE_ID_STEM.matcher(id).matches() || CSE_ID.matcher(id).matches()
                || SP_RELATIVE_AE_ID.matcher(id).matches())) {
            throw new IllegalArgumentException("'" + (id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "…"
                    : id) + "' is neither an AE-ID-Stem (C…, S…), a CSE-ID (/…) nor an SP-relative AE-ID (/…/C…)");
        }
    }

    /** Checks that {@code id} is an AE-ID-Stem or an SP-relative CSE-ID. */
    public static void checkAllowedId(String id) {
        if (id == null || !(AE_ID_STEM.matcher(id).matches() || CSE_ID.matcher(id).matches())) {
            throw new IllegalArgumentException("'" + (id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "…"
                    : id) + "' is neither an AE-ID-Stem (C…, S…) nor a CSE-ID (/…)");
        }
    }
}
