package io.bastion.server;

import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
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
import java.util.Set;

/**
 * {@code bastion credentials}: provisions the credentials of a data folder (DESIGN.md section 5). A running CSE with
 * the same data folder picks the changes up without a restart. Nothing this command prints contains a key.
 *
 * <p>Exit codes: 0 done, 1 refused (identity already provisioned or not found, file not writable), 2 usage error.
 */
public final class CredentialsCommand {
    static final String USAGE = """
            usage: bastion credentials [--data DIR] psk add --identity KPSAID --key HEX|- --ae AE-ID [--ae AE-ID…]
                   bastion credentials [--data DIR] psk list
                   bastion credentials [--data DIR] psk remove --identity KPSAID
              psk add     provision a pre-shared key for TLS-PSK, bound to the AE-IDs (C…, S…) or CSE-IDs (/…) it may
                          use; KPSAID is relative@issuer-fqdn (TS-0003 10.5), HEX 16..64 bytes (32..128 hex digits);
                          --key - reads the hex key from standard input (keeps it out of the shell history)
              psk list    show the provisioned identities and their IDs (never the keys)
              psk remove  withdraw a key: the next handshake with that identity fails
              --data DIR  the data folder of the CSE (default ./data); the file is DIR/credentials/psk.json
            """;

    private CredentialsCommand() {
    }

    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        Path data = Path.of("data");
        List<String> rest = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--data")) {
                    data = Path.of(value(args, ++i, a));
                } else if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                    out.print(USAGE);
                    out.print(CertCredentialsCommand.USAGE);
                    return 0;
                } else {
                    rest.add(a);
                }
            }
            if (!rest.isEmpty() && rest.get(0).equals("cert")) {
                return CertCredentialsCommand.run(data, rest.subList(1, rest.size()), out, err);
            }
            if (rest.isEmpty() || !rest.get(0).equals("psk")) {
                throw new IllegalArgumentException(rest.isEmpty() ? "credentials needs a kind: psk or cert"
                        : "unknown credential kind '" + rest.get(0) + "' (available: psk, cert)");
            }
            if (rest.size() < 2) {
                throw new IllegalArgumentException("psk needs an action: add, list or remove");
            }
            FilePskStore store = new FilePskStore(FilePskStore.fileIn(data), FilePskStore.DEFAULT_RECHECK);
            List<String> opts = rest.subList(2, rest.size());
            return switch (rest.get(1)) {
                case "add" -> add(store, opts, in, out, err);
                case "list" -> list(store, opts, out);
                case "remove" -> remove(store, opts, out, err);
                default -> throw new IllegalArgumentException("unknown psk action '" + rest.get(1)
                        + "' (add, list, remove)");
            };
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            err.print(CertCredentialsCommand.USAGE);
            return 2;
        } catch (UncheckedIOException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        }
    }

    private static int add(FilePskStore store, List<String> opts, InputStream in, PrintStream out, PrintStream err) {
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
        PskCredential.checkIdentity(identity);
        PreSharedKey key = PreSharedKey.fromHex(keyArg.equals("-") ? readKey(in) : keyArg.strip());
        try {
            store.add(new PskCredential(identity, key, ids));
        } catch (IllegalStateException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        } finally {
            key.destroy();
        }
        out.println("added PSK identity " + identity + " (" + key.length() * 8 + "-bit key) for "
                + String.join(", ", ids) + " in " + store.file());
        return 0;
    }

    private static int list(FilePskStore store, List<String> opts, PrintStream out) {
        if (!opts.isEmpty()) {
            throw new IllegalArgumentException("psk list takes no options (--data comes before psk)");
        }
        List<PskCredential> all = store.list();
        if (all.isEmpty()) {
            out.println("no PSK credentials in " + store.file());
            return 0;
        }
        for (PskCredential c : all) {
            out.println(c.identity() + "  ids " + String.join(",", c.allowedIds().stream().sorted().toList())
                    + "  (" + c.key().length() * 8 + "-bit key)");
        }
        return 0;
    }

    private static int remove(FilePskStore store, List<String> opts, PrintStream out, PrintStream err) {
        if (opts.size() != 2 || !opts.get(0).equals("--identity")) {
            throw new IllegalArgumentException("psk remove needs --identity KPSAID");
        }
        String identity = opts.get(1);
        if (!store.remove(identity)) {
            err.println("bastion: no PSK identity " + identity + " in " + store.file());
            return 1;
        }
        out.println("removed PSK identity " + identity);
        return 0;
    }

    private static String readKey(InputStream in) {
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

    private static String once(String previous, String v, String option) {
        if (previous != null) {
            throw new IllegalArgumentException(option + " given twice");
        }
        return v;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
