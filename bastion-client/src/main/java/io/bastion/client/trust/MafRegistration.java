package io.bastion.client.trust;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The MAF Client Registration made by processing a [MAFClientRegCfg] MO node (TS-0003 8.3.9.9.8), with what opens a
 * {@link MafClient} to that MAF again: its address, the MAF-FQDN, the KmID and Km (the key of SUID 21 the MEF
 * established for that MAF, 8.3.9.9.4) and the MAF Client ID. Kept in memory only, like every key of
 * {@link DeviceConfiguration}; {@code toString()} never shows the Km.
 *
 * @param host where the MAF's {@code fq} led (the MEF Client's host resolver; DNS by default)
 * @param port the node's {@code hpt} (httpPort)
 */
public record MafRegistration(String host, int port, String mafFqdn, String kmId, byte[] km, String clientId,
                              MafClientRegistration registration) {
    public MafRegistration {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mafFqdn, "mafFqdn");
        Objects.requireNonNull(kmId, "kmId");
        km = Objects.requireNonNull(km, "km").clone();
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(registration, "registration");
    }

    @Override
    public byte[] km() {
        return km.clone();
    }

    /** A MAF Handshake with this KmID (TS-0003 8.8.2.2), for the procedures of 8.8.2 over the registration. */
    public MafClient open(Duration timeout) throws IOException {
        byte[] k = km();
        try {
            return MafClient.connect(host, port, mafFqdn, kmId, k, clientId, timeout);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MafRegistration r && host.equals(r.host) && port == r.port && mafFqdn.equals(r.mafFqdn)
                && kmId.equals(r.kmId) && Arrays.equals(km, r.km) && clientId.equals(r.clientId)
                && registration.equals(r.registration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, mafFqdn, kmId, clientId, registration);
    }

    @Override
    public String toString() {
        return "MafRegistration[" + registration.id() + " of " + clientId + " at " + mafFqdn + " (" + host + ":" + port
                + "), KmID " + kmId + "]";
    }
}
