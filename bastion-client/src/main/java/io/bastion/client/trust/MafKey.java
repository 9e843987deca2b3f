package io.bastion.client.trust;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A symmetric key a MAF holds (TS-0003 8.8.2.7, 8.8.2.8): its RelativeKeyID, the Key Identifier to present as the
 * TLS-PSK identity ({@code RelativeKeyID@MAF-FQDN}, 10.3.5) and the key value Kc. {@link #toString()} never shows the
 * key; {@link #key()} returns a copy.
 *
 * @param sourceId the Source MAF Client ID (who registered the key)
 * @param suid the secured usage (32 SAEF, 33 ESPrim, 34/35 ESData; TS-0003 12.3.2)
 * @param targetIds the Target MAF Client IDs; for a retrieved key, this client only (the MAF does not reveal others)
 */
public record MafKey(String relativeKeyId, String pskIdentity, byte[] key, Instant expires, String sourceId,
                     String adminFqdn, int suid, List<String> targetIds) {
    public MafKey {
        key = key.clone();
        targetIds = List.copyOf(targetIds);
    }

    /** The key value Kc (a copy). */
    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MafKey k && relativeKeyId.equals(k.relativeKeyId) && pskIdentity.equals(k.pskIdentity)
                && Arrays.equals(key, k.key) && expires.equals(k.expires) && sourceId.equals(k.sourceId)
                && adminFqdn.equals(k.adminFqdn) && suid == k.suid && targetIds.equals(k.targetIds);
    }

    @Override
    public int hashCode() {
        return pskIdentity.hashCode();
    }

    @Override
    public String toString() {
        return "MafKey[" + pskIdentity + ", suid " + suid + ", from " + sourceId + " for " + targetIds + ", until "
                + expires + ", key ****]";
    }
}
