package io.bastion.server;

import static io.bastion.server.CommandOptions.value;

import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code bastion credentials}: provisions the credentials of a data folder (DESIGN.md section 5). A running CSE with
 * the same data folder (and, for PSKs, the same {@code psk.source}) picks the changes up without a restart. Nothing
 * this command prints contains a key, a password or a PIN.
 *
 * <p>PSK keys go where {@code psk.source} of the configuration given with {@code --config} says ({@link PskSettings}):
 * {@code psk.json} itself (the default, also without {@code --config}), a PKCS#12 keystore or a PKCS#11 token, whose
 * password or PIN is read from the environment variable the configuration names.
 *
 * <p>Exit codes: 0 done, 1 refused (identity already provisioned or not found, key held by another source, file not
 * writable, keystore or token cannot be opened or refuses the key), 2 usage error.
 */
public final class CredentialsCommand {
    static final String USAGE = """
            usage: bastion credentials [--config FILE] [--data DIR] psk add --identity KPSAID --key HEX|- --ae AE-ID [--ae AE-ID…]
                   bastion credentials [--config FILE] [--data DIR] psk rotate --identity KPSAID --key HEX|-
                   bastion credentials [--config FILE] [--data DIR] psk list
                   bastion credentials [--config FILE] [--data DIR] psk remove --identity KPSAID
              psk add     provision a pre-shared key for TLS-PSK and DTLS-PSK, bound to the AE-IDs (C…, S…) or CSE-IDs
                          (/…) it may use; KPSAID is relative@issuer-fqdn (TS-0003 10.5), HEX 16..64 bytes (32..128 hex
                          digits); --key - reads the hex key from standard input (keeps it out of the shell history)
              psk rotate  replace the key of a provisioned identity, keeping its IDs: the next handshake needs the new
                          key, and sessions made with the old one are refused at their next request
              psk list    show the provisioned identities, their IDs and where each key is (never the keys)
              psk remove  withdraw a key: the next handshake with that identity fails
              --config FILE  the CSE's configuration: psk.source (file, keystore, pkcs11) and its keys say where keys
                          go, data.dir where the data folder is; a password or PIN comes from the environment variable
                          it names (psk.keystore-password-env, psk.pkcs11-pin-env)
              --data DIR  the data folder of the CSE (default ./data, or data.dir of --config); the bindings (and, with
                          psk.source=file, the keys) are in DIR/credentials/psk.json
            """;

    private CredentialsCommand() {
    }

    /** Runs with the process environment (for the keystore password or token PIN). */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, System::getenv, in, out, err);
    }

    /**
     * Runs {@code bastion credentials ARGS}.
     *
     * @param environment looks environment variables up ({@code System::getenv})
     * @return the exit code
     */
    public static int run(List<String> args, Function<String, String> environment, InputStream in, PrintStream out,
                          PrintStream err) {
        Path data = null;
        Path configFile = null;
        List<String> rest = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--data")) {
                    data = Path.of(value(args, ++i, a));
                } else if (a.equals("--config")) {
                    configFile = Path.of(value(args, ++i, a));
                } else if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                    out.print(USAGE);
                    out.print(CertCredentialsCommand.USAGE);
                    out.print(E2eCredentialsCommand.USAGE);
                    return 0;
                } else {
                    rest.add(a);
                }
            }
            ServerConfig config = ServerConfig.defaults();
            if (configFile != null) {
                try {
                    config = ServerConfig.load(configFile);
                } catch (IOException e) {
                    err.println("bastion: cannot read the configuration " + configFile + ": " + e.getMessage());
                    return 2;
                }
            }
            if (data == null) {
                data = config.dataDir();
            }
            if (!rest.isEmpty() && rest.get(0).equals("cert")) {
                return CertCredentialsCommand.run(data, rest.subList(1, rest.size()), out, err);
            }
            if (!rest.isEmpty() && rest.get(0).equals("e2e")) {
                return E2eCredentialsCommand.run(config.psk(), data, environment, rest.subList(1, rest.size()), in,
                        out, err);
            }
            if (rest.isEmpty() || !rest.get(0).equals("psk")) {
                throw new IllegalArgumentException(rest.isEmpty() ? "credentials needs a kind: psk, cert or e2e"
                        : "unknown credential kind '" + rest.get(0) + "' (available: psk, cert, e2e)");
            }
            if (rest.size() < 2) {
                throw new IllegalArgumentException("psk needs an action: add, rotate, list or remove");
            }
            Store store = new Store(config.psk(), data, environment);
            List<String> opts = rest.subList(2, rest.size());
            return switch (rest.get(1)) {
                case "add" -> add(store, opts, in, out, err);
                case "rotate" -> rotate(store, opts, in, out, err);
                case "list" -> list(store, opts, out);
                case "remove" -> remove(store, opts, out, err);
                default -> throw new IllegalArgumentException("unknown psk action '" + rest.get(1)
                        + "' (add, rotate, list, remove)");
            };
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            err.print(CertCredentialsCommand.USAGE);
            err.print(E2eCredentialsCommand.USAGE);
            return 2;
        } catch (Refused | IllegalStateException | UncheckedIOException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        }
    }

    /** A keystore or token that cannot be opened: not a usage error. */
    private static final class Refused extends RuntimeException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The PSK store of the configured source, opened only once the arguments were found good. */
    private record Store(PskSettings settings, Path data, Function<String, String> environment) {
        EditablePskStore open() {
            try {
                return settings.open(data, environment);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage(), e);
            }
        }
    }

    private static int add(Store where, List<String> opts, InputStream in, PrintStream out, PrintStream err) {
        String identity = null;
        String keyArg = null;
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < opts.size(); i++) {
            String a = opts.get(i);
            switch (a) {
                case "--identity" -> identity = once(identity, value(opts, ++i, a), a);
                case "--key" -> keyArg = once(keyArg, value(opts, ++i, a), a);
                case "--ae" -> {
                    String id = value(opts, ++i, a);
                    PskCredential.checkAllowedId(id);
                    ids.add(id);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " for psk add");
            }
        }
        if (identity == null || keyArg == null || ids.isEmpty()) {
            throw new IllegalArgumentException("psk add needs --identity, --key and at least one --ae");
        }
        String id = identity;
        return withKey(where, identity, keyArg, in, err, (store, key) -> {
            store.add(new PskCredential(id, key, ids));
            out.println("added PSK identity " + id + " (" + key.length() * 8 + "-bit key) for "
                    + String.join(", ", ids) + " in " + store.describe());
        });
    }

    private static int rotate(Store where, List<String> opts, InputStream in, PrintStream out, PrintStream err) {
        String identity = null;
        String keyArg = null;
        for (int i = 0; i < opts.size(); i++) {
            String a = opts.get(i);
            switch (a) {
                case "--identity" -> identity = once(identity, value(opts, ++i, a), a);
                case "--key" -> keyArg = once(keyArg, value(opts, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option " + a + " for psk rotate (the IDs are "
                        + "kept; remove and add the identity to change them)");
            }
        }
        if (identity == null || keyArg == null) {
            throw new IllegalArgumentException("psk rotate needs --identity and --key");
        }
        String id = identity;
        return withKey(where, identity, keyArg, in, err, (store, key) -> {
            store.rotate(id, key);
            out.println("rotated the key of PSK identity " + id + " (now a " + key.length() * 8 + "-bit key) in "
                    + store.describe());
        });
    }

    /**
     * Checks the identity, reads the key ({@code -}: from standard input), applies {@code change} to the opened store
     * and destroys the key.
     *
     * @return 0 done, 1 refused by the store (e.g. the identity is already provisioned, or not found)
     */
    private static int withKey(Store where, String identity, String keyArg, InputStream in, PrintStream err,
                               BiConsumer<EditablePskStore, PreSharedKey> change) {
        PskCredential.checkIdentity(identity);
        PreSharedKey key = PreSharedKey.fromHex(keyArg.equals("-") ? readKey(in) : keyArg.strip());
        try (EditablePskStore store = where.open()) {
            change.accept(store, key);
            return 0;
        } catch (IllegalStateException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        } finally {
            key.destroy();
        }
    }

    private static int list(Store where, List<String> opts, PrintStream out) {
        if (!opts.isEmpty()) {
            throw new IllegalArgumentException("psk list takes no options (--data comes before psk)");
        }
        try (EditablePskStore store = where.open()) {
            List<PskEntry> all = store.entries();
            if (all.isEmpty()) {
                out.println("no PSK credentials in " + store.describe());
                return 0;
            }
            String source = where.settings().source().key();
            for (PskEntry e : all) {
                out.println(e.identity() + "  ids " + String.join(",", e.allowedIds().stream().sorted().toList())
                        + "  (" + keyNote(store, e, source) + ")"
                        + (e.created() != null ? "  created " + e.created() : "")
                        + (e.rotated() != null ? "  rotated " + e.rotated() : ""));
            }
            return 0;
        }
    }

    /** The key's length and place, or why it is not used; never the key. */
    private static String keyNote(EditablePskStore store, PskEntry e, String source) {
        Optional<PskCredential> served = store.lookup(e.identity());
        String place = e.keyPlace();
        boolean here = place.equals(source) || (place.equals("psk.json") && source.equals("file"));
        if (served.isPresent()) {
            String bits = served.get().key().length() * 8 + "-bit key";
            return e.key() instanceof PskEntry.Held ? bits + " in " + place : bits;
        }
        return here ? "key missing from " + place
                : "key in " + place + ", not used with psk.source=" + source
                        + (source.equals("file") ? "" : "; psk rotate moves it");
    }

    private static int remove(Store where, List<String> opts, PrintStream out, PrintStream err) {
        if (opts.size() != 2 || !opts.get(0).equals("--identity")) {
            throw new IllegalArgumentException("psk remove needs --identity KPSAID");
        }
        String identity = opts.get(1);
        try (EditablePskStore store = where.open()) {
            if (!store.remove(identity)) {
                err.println("bastion: no PSK identity " + identity + " in " + store.describe());
                return 1;
            }
            out.println("removed PSK identity " + identity);
            return 0;
        }
    }

    /** The key on the first line of standard input ({@code --key -}). */
    static String readKey(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("--key - found no key on standard input");
            }
            return line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key from standard input", e);
        }
    }

    /** {@code v}, refusing an option given twice. */
    static String once(String previous, String v, String option) {
        if (previous != null) {
            throw new IllegalArgumentException(option + " given twice");
        }
        return v;
    }
}
