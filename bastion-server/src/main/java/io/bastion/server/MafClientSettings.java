package io.bastion.server;

import io.bastion.security.credential.PskCredential;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The MAF this CSE resolves MAF-based SAEF identities with (TS-0003 8.2.2.3): a TLS-PSK {@code psk_identity}
 * {@code RelativeKeyID@MAF-FQDN} naming this MAF's FQDN is answered by a Key Retrieval (8.8.2.8) there.
 *
 * <ul>
 *   <li>{@code maf.url}: the MAF's address, {@code https://host:port} (its TLS-PSK door); absent: no MAF, and such
 *       identities are unknown like any other.</li>
 *   <li>{@code maf.psk-identity}: this CSE's KmID with the MAF ({@code relative@MAF-FQDN}, TS-0003 10.6), whose key is in
 *       this CSE's PSK store ({@code ./bastion credentials psk add --identity KMID --key HEX --ae CSE-ID}); the
 *       MAF-FQDN is its part after '@'. The MAF Handshake is TLS-PSK with it (8.8.2.2); a certificate handshake with
 *       the MAF ({@code maf.trust}) is not offered yet.</li>
 *   <li>{@code maf.originator}: this CSE's ID at the MAF (a target of the keys), default the CSE-ID.</li>
 *   <li>{@code maf.recheck-ms} (default 30000): how often cached keys are retrieved again (a de-registered key ends
 *       its associations within it) and how long a failed retrieval is remembered.</li>
 *   <li>{@code maf.timeout-ms} (default 5000): the bound of one Key Retrieval; the handshake waits at most that long.
 *   </li>
 * </ul>
 *
 * @param url the MAF's address, or null for none
 */
public record MafClientSettings(String url, String pskIdentity, String originator, Duration recheck,
                                Duration timeout) {
    static final Set<String> KEYS = Set.of("maf.url", "maf.psk-identity", "maf.originator", "maf.recheck-ms",
            "maf.timeout-ms");

    public MafClientSettings {
        if (url != null) {
            if (!url.startsWith("https://")) {
                throw new IllegalArgumentException("maf.url must be https://host:port (the MAF's TLS-PSK door)");
            }
            if (pskIdentity == null || !PskCredential.isIdentity(pskIdentity)) {
                throw new IllegalArgumentException("maf.url needs maf.psk-identity, this CSE's KmID with the MAF "
                        + "(relative@maf-fqdn)");
            }
        }
        if (recheck == null || recheck.toMillis() < 50 || timeout == null || timeout.toMillis() < 50) {
            throw new IllegalArgumentException("maf.recheck-ms and maf.timeout-ms must be at least 50");
        }
    }

    public static MafClientSettings none() {
        return new MafClientSettings(null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    static MafClientSettings load(Properties p) {
        String url = p.getProperty("maf.url");
        return new MafClientSettings(url == null || url.isBlank() ? null : url.trim(),
                trimmed(p.getProperty("maf.psk-identity")), trimmed(p.getProperty("maf.originator")),
                Duration.ofMillis(Long.parseLong(p.getProperty("maf.recheck-ms", "30000").trim())),
                Duration.ofMillis(Long.parseLong(p.getProperty("maf.timeout-ms", "5000").trim())));
    }

    static String trimmed(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The MAF-FQDN: the part after '@' of the KmID. */
    public String mafFqdn() {
        return pskIdentity.substring(pskIdentity.indexOf('@') + 1);
    }
}
