package io.bastion.server;

import io.bastion.security.credential.PskCredential;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The MEF this CSE resolves MEF-based SAEF identities with (TS-0003 8.2.2.2): a TLS-PSK {@code psk_identity}
 * {@code RelativeKeyID@MEF-FQDN} naming this MEF's FQDN is answered by a MEF Key Retrieval (8.3.5.2.8) there, the CSE
 * being an enrolee of the MEF (a Target MEF Client).
 *
 * <ul>
 *   <li>{@code mef.url}: the MEF's address, {@code https://host:port} (its TLS-PSK bootstrap door); absent: no
 *       MEF.</li>
 *   <li>{@code mef.psk-identity}: this CSE's KpmID with the MEF, of the PSK store's form {@code relative@fqdn} (the
 *       MEF takes any printable KpmID; the CSE's store, TS-0003 10.5's KpsaID form), whose Kpm is in this CSE's PSK
 *       store bound to the
 *       CSE-ID ({@code ./bastion credentials psk add --identity KPMID --key HEX --ae CSE-ID}), so that no peer can
 *       present it at the CSE's own doors (InboundPskStore). The bootstrap session is TLS-PSK with it (8.3.2.1).</li>
 *   <li>{@code mef.fqdn}: the MEF-FQDN of its Key Identifiers (a KpmID, unlike a KmID, does not name it).</li>
 *   <li>{@code mef.originator}: this CSE's ID at the MEF (the target the keys name), default the CSE-ID.</li>
 *   <li>{@code mef.recheck-ms} (30000), {@code mef.timeout-ms} (5000): as {@code maf.*} ({@link MafClientSettings}).
 *   </li>
 * </ul>
 *
 * @param url the MEF's address, or null for none
 */
public record MefClientSettings(String url, String pskIdentity, String fqdn, String originator, Duration recheck,
                                Duration timeout) {
    static final Set<String> KEYS = Set.of("mef.url", "mef.psk-identity", "mef.fqdn", "mef.originator",
            "mef.recheck-ms", "mef.timeout-ms");

    public MefClientSettings {
        if (url != null) {
            if (!url.startsWith("https://")) {
                throw new IllegalArgumentException("mef.url must be https://host:port (the MEF's TLS-PSK door)");
            }
            if (pskIdentity == null || !PskCredential.isIdentity(pskIdentity)) {
                throw new IllegalArgumentException("mef.url needs mef.psk-identity, this CSE's KpmID with the MEF, of "
                        + "the PSK store's form relative@fqdn (e.g. kpm-cse@mef.example)");
            }
            if (fqdn == null || !fqdn.matches("[a-z0-9.-]{1,253}")) {
                throw new IllegalArgumentException("mef.url needs mef.fqdn, the MEF-FQDN of its Key Identifiers "
                        + "(lower case)");
            }
        }
        if (recheck == null || recheck.toMillis() < 50 || timeout == null || timeout.toMillis() < 50) {
            throw new IllegalArgumentException("mef.recheck-ms and mef.timeout-ms must be at least 50");
        }
    }

    public static MefClientSettings none() {
        return new MefClientSettings(null, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    static MefClientSettings load(Properties p) {
        return new MefClientSettings(MafClientSettings.trimmed(p.getProperty("mef.url")),
                MafClientSettings.trimmed(p.getProperty("mef.psk-identity")),
                MafClientSettings.trimmed(p.getProperty("mef.fqdn")),
                MafClientSettings.trimmed(p.getProperty("mef.originator")),
                Duration.ofMillis(Long.parseLong(p.getProperty("mef.recheck-ms", "30000").trim())),
                Duration.ofMillis(Long.parseLong(p.getProperty("mef.timeout-ms", "5000").trim())));
    }
}
