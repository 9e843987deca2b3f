package io.bastion.trust.mef;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a MEF runs: where it listens, its FQDN (MEF-FQDN of KeIDs and of the URIs in its commands), the SP-ID that
 * makes its enrolees' IDs absolute, its data folder, its keystore (the secure environment holding Kpms, Kes and the CA
 * key) and the CA key's alias, and the lifetimes it assigns.
 *
 * @param keystore the PKCS#12 secure environment; its password is read from {@value #PASSWORD_VARIABLE}
 * @param caAlias the key of the MEF CA in the keystore, or null for a MEF that provisions no certificates
 * @param retry the retryDuration of NO_MORE_COMMANDS (TS-0003 8.3.9.6)
 * @param deviceConfigUri the {@code dcu} of the {@code <MEFBase>} (sec:deviceConfigURI, "devMgmtID:URI"), or null
 * @param tlsAlias the MEF's certificate key in the keystore for the Certificate-Based RSPF (TS-0003 8.3.2.2), or
 *        null for the pre-provisioned symmetric key RSPF only; enrolees' certificates must chain to a CA trusted in
 *        {@code DATA/credentials/trust} ({@code bastion credentials --data DATA cert trust FILE})
 */
public record MefSettings(String bind, int port, String fqdn, String spId, Path dataDir, Path keystore, String caAlias,
                          Duration certificateValidity, Duration retry, Duration longestRegistration,
                          String deviceConfigUri, String tlsAlias) {
    public static final String PASSWORD_VARIABLE = "BASTION_MEF_KEYSTORE_PASSWORD";

    public static MefSettings defaults(Path dataDir) {
        return new MefSettings("127.0.0.1", 8095, "mef.bastion.example", "bastion.example", dataDir,
                dataDir.resolve("mef").resolve("mef.p12"), null, Duration.ofDays(365), Duration.ofHours(1),
                Duration.ofDays(365), null, null);
    }

    public MefSettings withPort(int p) {
        return new MefSettings(bind, p, fqdn, spId, dataDir, keystore, caAlias, certificateValidity, retry,
                longestRegistration, deviceConfigUri, tlsAlias);
    }

    public MefSettings withBind(String b) {
        return new MefSettings(b, port, fqdn, spId, dataDir, keystore, caAlias, certificateValidity, retry,
                longestRegistration, deviceConfigUri, tlsAlias);
    }

    public MefSettings withFqdn(String f) {
        return new MefSettings(bind, port, f, spId, dataDir, keystore, caAlias, certificateValidity, retry,
                longestRegistration, deviceConfigUri, tlsAlias);
    }

    public MefSettings withSpId(String s) {
        return new MefSettings(bind, port, fqdn, s, dataDir, keystore, caAlias, certificateValidity, retry,
                longestRegistration, deviceConfigUri, tlsAlias);
    }

    public MefSettings withKeystore(Path k) {
        return new MefSettings(bind, port, fqdn, spId, dataDir, k, caAlias, certificateValidity, retry,
                longestRegistration, deviceConfigUri, tlsAlias);
    }

    public MefSettings withCaAlias(String a) {
        return new MefSettings(bind, port, fqdn, spId, dataDir, keystore, a, certificateValidity, retry,
                longestRegistration, deviceConfigUri, tlsAlias);
    }

    public MefSettings withRetry(Duration r) {
        return new MefSettings(bind, port, fqdn, spId, dataDir, keystore, caAlias, certificateValidity, r,
                longestRegistration, deviceConfigUri, tlsAlias);
    }

    public MefSettings withDeviceConfigUri(String d) {
        return new MefSettings(bind, port, fqdn, spId, dataDir, keystore, caAlias, certificateValidity, retry,
                longestRegistration, d, tlsAlias);
    }

    public MefSettings withTlsAlias(String a) {
        return new MefSettings(bind, port, fqdn, spId, dataDir, keystore, caAlias, certificateValidity, retry,
                longestRegistration, deviceConfigUri, a);
    }

    /** The folder of the MEF's state and audit log. */
    public Path mefDir() {
        return dataDir.resolve("mef");
    }
}
