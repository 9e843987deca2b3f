package io.bastion.server;

import io.bastion.bindings.https.ClientCertificates;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.das.DasTls;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The TLS options of {@code bastion das run}: {@code --tls-key-alias} makes {@code --port} serve TLS with that key of
 * {@code --tls-keystore} (default: the signing keystore {@code --keystore}; the password comes from the same
 * environment variable); {@code --trust} and {@code --client-auth} ask Hosting CSEs for client certificates;
 * {@code --sp-id} is the M2M-SP-ID their certificates name CSE-IDs in.
 */
final class DasTlsOptions {
    Path keystore;
    String alias;
    Path trust;
    ClientCertificates clientAuth;
    String spId;

    /** Whether any TLS option was given. */
    boolean enabled() {
        return alias != null;
    }

    static ClientCertificates clientAuth(String v) {
        try {
            return ClientCertificates.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--client-auth must be none, optional or required, not '" + v + "'");
        }
    }

    /**
     * Refuses options that make no sense together.
     *
     * @param signingKeystore {@code --keystore}, or null
     */
    void check(Path signingKeystore) {
        if (alias == null) {
            if (keystore != null || trust != null || clientAuth != null || spId != null) {
                throw new IllegalArgumentException("--tls-keystore, --trust, --client-auth and --sp-id need "
                        + "--tls-key-alias (the DAS's TLS server key)");
            }
            return;
        }
        if (keystore == null && signingKeystore == null) {
            throw new IllegalArgumentException("--tls-key-alias needs --tls-keystore (or the signing --keystore)");
        }
        if (clientAuth == ClientCertificates.NONE && trust != null) {
            throw new IllegalArgumentException("--trust is for client certificates: not with --client-auth none");
        }
    }

    /**
     * The DAS's TLS settings, or null without {@code --tls-key-alias}.
     *
     * @param signing the open signing keystore (reused when the TLS key is in the same file), or null
     * @param opened receives a keystore this opens, for the caller to close
     */
    DasTls open(Path signingKeystore, Pkcs12Environment signing, String passwordVariable,
                Function<String, String> environment, java.util.List<AutoCloseable> opened) {
        if (alias == null) {
            return null;
        }
        Path file = keystore != null ? keystore : signingKeystore;
        Pkcs12Environment env;
        if (signing != null && file.toAbsolutePath().normalize().equals(
                signingKeystore.toAbsolutePath().normalize())) {
            env = signing;
        } else {
            env = Pkcs12Environment.open(file, passwordVariable, environment);
            opened.add(env);
        }
        ClientCertificates auth = clientAuth != null ? clientAuth
                : trust != null ? ClientCertificates.REQUIRED : ClientCertificates.NONE;
        return new DasTls(env.serverCredentials(alias), auth, trust, spId);
    }
}
