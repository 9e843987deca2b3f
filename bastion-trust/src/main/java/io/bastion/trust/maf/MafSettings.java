package io.bastion.trust.maf;

import io.bastion.core.text.Fqdn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How a MAF runs ({@code ./bastion maf run}).
 *
 * @param fqdn the MAF-FQDN (MAF-ID): the part after '@' of every Key Identifier it issues (TS-0003 10.3.5) and of the
 *     KmIDs of its clients (10.6)
 * @param bind address to listen on; default loopback
 * @param port the TLS-PSK port; 0 picks a free one; default 8094
 * @param dataDir the MAF's folder: {@code maf/registrations.db} (records), {@code maf/keys.p12} (key values),
 *     {@code maf/audit.jsonl}, and {@code credentials/psk.json} (its clients' KmIDs, provisioned with
 *     {@code ./bastion credentials --data DIR psk add})
 * @param adminFqdns the administrating stakeholders this MAF serves (TS-0003 8.8.1): a registration naming another is
 *     refused (4103)
 * @param maxLifetime the longest expirationTime the MAF grants a registration or key from now; longer proposals are
 *     shortened ("the MAF may assign different values", 8.8.2.3, 8.8.2.7)
 * @param keystorePasswordEnv the environment variable holding the password of {@code maf/keys.p12}
 * @param tlsKeystore the PKCS#12 file holding the MAF's own certificate and P-256 key for the MAF Handshake with
 *     certificates (TS-0003 8.8.2.2, suites of 10.2.3), its password in {@value #TLS_KEYSTORE_PASSWORD_VARIABLE};
 *     null for a MAF that serves TLS-PSK only
 * @param tlsAlias the alias of that key in {@code tlsKeystore}; null exactly when {@code tlsKeystore} is
 * @param mef the MEF whose KmIDs ({@code RelativeKeyID@MEF-FQDN}, SUID 21) this MAF resolves by a MEF Key Retrieval
 *     (TS-0003 8.3.9.9.5, 8.3.5.2.8), or null for KmIDs provisioned in {@code credentials/psk.json} only
 */
public record MafSettings(String fqdn, String bind, int port, Path dataDir, Set<String> adminFqdns,
                          Duration maxLifetime, String keystorePasswordEnv, Path tlsKeystore, String tlsAlias,
                          MafMefSettings mef) {
    public static final int DEFAULT_PORT = 8094;
    /** Where the password of {@link #tlsKeystore} is read from (as the MEF's is from its own variable). */
    public static final String TLS_KEYSTORE_PASSWORD_VARIABLE = "BASTION_MAF_KEYSTORE_PASSWORD";
    /** A lower-case FQDN of at least two labels. */

    public MafSettings {
        if (!Fqdn.isValid(fqdn)) {
            throw new IllegalArgumentException("the MAF-FQDN must be a lower-case FQDN such as maf.example");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        adminFqdns = Set.copyOf(adminFqdns);
        for (String a : adminFqdns) {
            if (!Fqdn.isValid(a)) {
                throw new IllegalArgumentException("an administrating stakeholder is a lower-case FQDN, not '" + a
                        + "'");
            }
        }
        if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("the longest lifetime must be positive");
        }
        if (keystorePasswordEnv == null || keystorePasswordEnv.isBlank()) {
            throw new IllegalArgumentException("name the environment variable holding the key store's password");
        }
        if ((tlsKeystore == null) != (tlsAlias == null || tlsAlias.isBlank())) {
            throw new IllegalArgumentException("certificates need both --keystore FILE.p12 and --tls-alias ALIAS");
        }
        if (mef != null && mef.fqdn().equals(fqdn)) {
            throw new IllegalArgumentException("the MEF-FQDN must differ from the MAF-FQDN: a KmID names one or the "
                    + "other");
        }
    }

    public MafSettings(String fqdn, String bind, int port, Path dataDir, Set<String> adminFqdns, Duration maxLifetime,
                       String keystorePasswordEnv) {
        this(fqdn, bind, port, dataDir, adminFqdns, maxLifetime, keystorePasswordEnv, null, null, null);
    }

    public static MafSettings defaults() {
        return new MafSettings("maf.localhost", "127.0.0.1", DEFAULT_PORT, Path.of("data"), Set.of(),
                Duration.ofDays(1), "BASTION_KEYSTORE_PASSWORD", null, null, null);
    }

    public Path folder() {
        return dataDir.resolve("maf");
    }

    public MafSettings withFqdn(String v) {
        return new MafSettings(v, bind, port, dataDir, adminFqdns, maxLifetime, keystorePasswordEnv, tlsKeystore,
                tlsAlias, mef);
    }

    public MafSettings withBind(String v) {
        return new MafSettings(fqdn, v, port, dataDir, adminFqdns, maxLifetime, keystorePasswordEnv, tlsKeystore,
                tlsAlias, mef);
    }

    public MafSettings withPort(int v) {
        return new MafSettings(fqdn, bind, v, dataDir, adminFqdns, maxLifetime, keystorePasswordEnv, tlsKeystore,
                tlsAlias, mef);
    }

    public MafSettings withDataDir(Path v) {
        return new MafSettings(fqdn, bind, port, v, adminFqdns, maxLifetime, keystorePasswordEnv, tlsKeystore,
                tlsAlias, mef);
    }

    public MafSettings withAdminFqdns(Set<String> v) {
        return new MafSettings(fqdn, bind, port, dataDir, v, maxLifetime, keystorePasswordEnv, tlsKeystore, tlsAlias,
                mef);
    }

    public MafSettings withMaxLifetime(Duration v) {
        return new MafSettings(fqdn, bind, port, dataDir, adminFqdns, v, keystorePasswordEnv, tlsKeystore, tlsAlias,
                mef);
    }

    public MafSettings withKeystorePasswordEnv(String v) {
        return new MafSettings(fqdn, bind, port, dataDir, adminFqdns, maxLifetime, v, tlsKeystore, tlsAlias, mef);
    }

    /** Serves the MAF Handshake with certificates too: the key {@code alias} of the PKCS#12 file {@code keystore}. */
    public MafSettings withCertificates(Path keystore, String alias) {
        return new MafSettings(fqdn, bind, port, dataDir, adminFqdns, maxLifetime, keystorePasswordEnv, keystore,
                alias, mef);
    }

    /** Resolves MEF-provisioned KmIDs with the MEF {@code v} (null: none). */
    public MafSettings withMef(MafMefSettings v) {
        return new MafSettings(fqdn, bind, port, dataDir, adminFqdns, maxLifetime, keystorePasswordEnv, tlsKeystore,
                tlsAlias, v);
    }
}
