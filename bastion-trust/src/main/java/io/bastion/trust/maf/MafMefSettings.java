package io.bastion.trust.maf;

import io.bastion.core.text.Fqdn;
import io.bastion.security.credential.PskCredential;
import java.time.Duration;

/**
 * The MEF a MAF takes its clients' KmIDs from ({@code ./bastion maf run --mef-url … --mef-fqdn … --mef-psk-identity
 * …}): a MAF Client enrolled with that MEF registered a key of SUID 21 naming this MAF's FQDN (TS-0003 8.3.9.9.5, an
 * authenticationProfile under a MAFClientRegCfg), whose KmID {@code RelativeKeyID@MEF-FQDN} it presents at the MAF
 * Handshake (8.8.2.2); the MAF, an enrolee of the MEF named by its FQDN, retrieves the Km (8.3.5.2.8).
 *
 * @param url the MEF's bootstrap door, {@code https://host:port}
 * @param fqdn the MEF-FQDN the KmIDs name (lower case)
 * @param pskIdentity the MAF's KpmID with the MEF, of the PSK store's form {@code relative@fqdn}; its Kpm is in the
 *     MAF's {@code credentials/psk.json} bound to the MAF's own ID {@code /MAF-FQDN}
 *     ({@code credentials psk add --identity KPMID --key HEX --ae /maf.example}), which no MAF Client may present
 * @param timeout how long a retrieval may take
 * @param recheck how often a cached Km is retrieved again (and a failure remembered)
 */
public record MafMefSettings(String url, String fqdn, String pskIdentity, Duration timeout, Duration recheck) {
    public MafMefSettings {
        if (url == null || !url.matches("https://[^/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("--mef-url must be https://host:port (the MEF's TLS-PSK door)");
        }
        if (!Fqdn.isValid(fqdn)) {
            throw new IllegalArgumentException("--mef-fqdn must be the lower-case MEF-FQDN its Key Identifiers name");
        }
        if (pskIdentity == null || !PskCredential.isIdentity(pskIdentity)) {
            throw new IllegalArgumentException("--mef-psk-identity must be the MAF's KpmID with the MEF, of the PSK "
                    + "store's form relative@fqdn (e.g. kpm-maf@mef.example)");
        }
        if (timeout == null || timeout.toMillis() < 50 || recheck == null || recheck.toMillis() < 50) {
            throw new IllegalArgumentException("the MEF timeout and recheck must be at least 50 ms");
        }
    }

    /** The defaults of {@code maf.*} at a CSE: 5 s to answer, a recheck every 30 s. */
    public MafMefSettings(String url, String fqdn, String pskIdentity) {
        this(url, fqdn, pskIdentity, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
