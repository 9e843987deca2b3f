package io.bastion.server;

import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PskFile;
import io.bastion.security.environment.AliasNamespace;
import io.bastion.security.environment.EnvironmentPskStore;
import io.bastion.security.environment.Pkcs11Environment;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.server.environment.Pkcs11KeySettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the TLS-PSK and DTLS-PSK doors (and {@code ./bastion credentials psk …}) keep pre-shared keys: the
 * {@code psk.source} key and the keys that go with it. The bindings (KpsaID → AE-IDs / CSE-IDs, created and rotated
 * times) are always in {@code <data>/credentials/psk.json}.
 *
 * <ul>
 *   <li>{@code file} (the default, nothing changes for existing installs): the keys are in {@code psk.json} too, as
 *       hexadecimal text.</li>
 *   <li>{@code keystore}: the keys are secret-key entries of a PKCS#12 file, {@code psk.keystore} (default
 *       {@code <data>/credentials/psk.p12}, created by the first {@code psk add}), encrypted with the password in the
 *       environment variable {@code psk.keystore-password-env} (default: the variable of
 *       {@code https.keystore-password-env}, itself {@code BASTION_KEYSTORE_PASSWORD} by default, so one secret can
 *       serve both). The file is its own, not the HTTPS server's keystore: the command line rewrites it, and a server
 *       key is better left alone. Changes to either file reach a running CSE within the recheck interval (0.2 s).</li>
 *   <li>{@code pkcs11}: the keys are generic-secret objects on a PKCS#11 token, {@code psk.pkcs11-config} (a SunPKCS11
 *       configuration file), with the user PIN in the variable {@code psk.pkcs11-pin-env} (default: the variable of
 *       {@code https.pkcs11-pin-env}, itself {@code BASTION_PKCS11_PIN} by default). The configuration must be a file
 *       of its own, even for the token of the HTTPS key: SunPKCS11 installs one provider per configuration
 *       {@code name}. TLS-PSK computes the handshake in the JVM, so the token must let the CSE read the keys
 *       (extractable, not sensitive: {@code attributes(import, CKO_SECRET_KEY, *)}); the token protects them at rest,
 *       not from the CSE. The token's objects are listed again whenever {@code psk.json} changes (every
 *       {@code psk add|rotate|remove} rewrites it); keys are cached in between.</li>
 * </ul>
 *
 * @param source where the keys are
 * @param keystore the PKCS#12 file for {@code keystore}, or null for {@code <data>/credentials/psk.p12}
 * @param keystorePasswordEnv the environment variable holding the keystore's password
 * @param pkcs11Config the SunPKCS11 configuration file for {@code pkcs11}, or null
 * @param pkcs11PinEnv the environment variable holding the token's user PIN
 */
public record PskSettings(Source source, Path keystore, String keystorePasswordEnv, Path pkcs11Config,
                          String pkcs11PinEnv) {
    static final Set<String> KEYS = Set.of("psk.source", "psk.keystore", "psk.keystore-password-env",
            "psk.pkcs11-config", "psk.pkcs11-pin-env");

    /** The values of {@code psk.source}. */
    public enum Source {
        FILE, KEYSTORE, PKCS11;

        /** The name in the configuration ({@code file}, {@code keystore}, {@code pkcs11}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Source parse(String v) {
            for (Source s : values()) {
                if (s.key().equals(v.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("psk.source must be 'file', 'keystore' or 'pkcs11'");
        }
    }

    public PskSettings {
        if (source == null) {
            source = Source.FILE;
        }
        if (keystorePasswordEnv == null || keystorePasswordEnv.isBlank()) {
            throw new IllegalArgumentException("psk.keystore-password-env must name an environment variable");
        }
        if (pkcs11PinEnv == null || pkcs11PinEnv.isBlank()) {
            throw new IllegalArgumentException("psk.pkcs11-pin-env must name an environment variable");
        }
        if (source == Source.PKCS11 && pkcs11Config == null) {
            throw new IllegalArgumentException("psk.source=pkcs11 needs psk.pkcs11-config (a SunPKCS11 configuration "
                    + "file of its own)");
        }
    }

    public static PskSettings defaults() {
        return new PskSettings(Source.FILE, null, HttpsSettings.DEFAULT_PASSWORD_ENV, null,
                Pkcs11KeySettings.DEFAULT_PIN_ENV);
    }

    static PskSettings load(Properties p) {
        Source source = Source.parse(p.getProperty("psk.source", "file"));
        if (source != Source.KEYSTORE) {
            refuseUnless(p, source, "psk.keystore", "psk.keystore-password-env", Source.KEYSTORE);
        }
        if (source != Source.PKCS11) {
            refuseUnless(p, source, "psk.pkcs11-config", "psk.pkcs11-pin-env", Source.PKCS11);
        }
        String ks = p.getProperty("psk.keystore");
        String cfg = p.getProperty("psk.pkcs11-config");
        Path pkcs11 = cfg == null || cfg.isBlank() ? null : Path.of(cfg.trim());
        String httpsCfg = p.getProperty("https.pkcs11-config");
        if (pkcs11 != null && httpsCfg != null && Path.of(httpsCfg.trim()).toAbsolutePath().normalize()
                .equals(pkcs11.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("psk.pkcs11-config must be a configuration file of its own, with "
                    + "another 'name' than https.pkcs11-config (it may name the same library and slot): SunPKCS11 "
                    + "installs one provider per name");
        }
        return new PskSettings(source, ks == null || ks.isBlank() ? null : Path.of(ks.trim()),
                first(p, "psk.keystore-password-env", "https.keystore-password-env", HttpsSettings.DEFAULT_PASSWORD_ENV),
                pkcs11, first(p, "psk.pkcs11-pin-env", "https.pkcs11-pin-env", Pkcs11KeySettings.DEFAULT_PIN_ENV));
    }

    private static void refuseUnless(Properties p, Source source, String a, String b, Source needed) {
        for (String k : new String[] {a, b}) {
            if (p.containsKey(k)) {
                throw new IllegalArgumentException(k + " is used with psk.source=" + needed.key() + " only (psk.source "
                        + "is " + source.key() + ")");
            }
        }
    }

    private static String first(Properties p, String key, String fallbackKey, String dflt) {
        String v = p.getProperty(key, p.getProperty(fallbackKey, dflt));
        return v.trim();
    }

    /** The bindings of the pairwiseESPrimKeys of a data folder: the PSK file format, one entry per key ID. */
    public static Path e2eFileIn(Path dataDir) {
        return dataDir.resolve("credentials").resolve("e2e.json");
    }

    /** The alias namespace of pairwiseESPrimKeys in the PSKs' keystore or token. */
    public static final String E2E_NAMESPACE = "e2e:";

    /**
     * Opens the store of the pairwiseESPrimKeys ({@code ./bastion credentials e2e}), kept where the PSKs are
     * ({@code psk.source}) in a namespace of their own: bindings (key ID, the entity it belongs to) in
     * {@code credentials/e2e.json}, keys in that file ({@code file}), or in the same keystore or token under aliases
     * prefixed {@value #E2E_NAMESPACE} ({@link AliasNamespace}). A running CSE sees changes as it sees those of PSKs.
     *
     * @throws IllegalArgumentException as {@link #open}
     */
    public EditablePskStore openE2e(Path dataDir, Function<String, String> environment) {
        PskFile bindings = new PskFile(e2eFileIn(dataDir), PskFile.DEFAULT_RECHECK, Clock.systemUTC());
        return switch (source) {
            case FILE -> new FilePskStore(bindings);
            case KEYSTORE -> EnvironmentPskStore.namespaced(bindings, new AliasNamespace(Pkcs12Environment.openOrCreate(
                    keystoreIn(dataDir), keystorePasswordEnv, environment), E2E_NAMESPACE),
                    EnvironmentPskStore.KEYSTORE, PskFile.DEFAULT_RECHECK);
            case PKCS11 -> EnvironmentPskStore.namespaced(bindings, new AliasNamespace(Pkcs11Environment.open(
                    pkcs11Config, pkcs11PinEnv, environment), E2E_NAMESPACE), EnvironmentPskStore.PKCS11,
                    PskFile.DEFAULT_RECHECK);
        };
    }

    /** The PKCS#12 file of the {@code keystore} source for the data folder {@code dataDir}. */
    public Path keystoreIn(Path dataDir) {
        return keystore != null ? keystore : dataDir.resolve("credentials").resolve("psk.p12");
    }

    /**
     * Opens the store of this source for the data folder {@code dataDir}; the caller closes it (a keystore, a token
     * session).
     *
     * @param environment looks environment variables up ({@code System::getenv})
     * @throws IllegalArgumentException when the keystore or token cannot be opened (variable unset, wrong password
     *         or PIN, damaged file, broken configuration)
     */
    public EditablePskStore open(Path dataDir, Function<String, String> environment) {
        PskFile bindings = new PskFile(PskFile.fileIn(dataDir), PskFile.DEFAULT_RECHECK, Clock.systemUTC());
        return switch (source) {
            case FILE -> new FilePskStore(bindings);
            case KEYSTORE -> EnvironmentPskStore.keystore(bindings, Pkcs12Environment.openOrCreate(
                    keystoreIn(dataDir), keystorePasswordEnv, environment), PskFile.DEFAULT_RECHECK);
            case PKCS11 -> EnvironmentPskStore.token(bindings, Pkcs11Environment.open(pkcs11Config, pkcs11PinEnv,
                    environment));
        };
    }
}
