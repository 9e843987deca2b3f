package io.bastion.server;

import static io.bastion.server.CommandOptions.value;

import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskEntry;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code bastion credentials [--config FILE] [--data DIR] e2e …}: the provisioned pairwiseESPrimKeys of this CSE as an
 * ESPrim receiver (TS-0003 8.4.2 A, SUID 13). Each has an ID ({@code kid} of the ESPrim objects, of the KpsaID form
 * {@code relative@issuer-fqdn}: TS-0003 leaves the form of a provisioned key's ID open), a key of 16 to 64 bytes, and
 * the one AE-ID or CSE-ID it belongs to: the inner originator of every object it protects must be that entity (else
 * 4116). They are kept like the PSKs ({@link PskSettings#openE2e}: {@code psk.source}, bindings in
 * {@code credentials/e2e.json}, keys in the PSKs' keystore or token under their own alias namespace) and a running
 * CSE sees changes within the recheck interval. Keys are never printed. Exit codes: 0 done, 1 refused, 2 usage error.
 */
final class E2eCredentialsCommand {
    static final String USAGE = """
            usage: bastion credentials [--config FILE] [--data DIR] e2e add --key-id ID --key HEX|- --entity AE-ID|CSE-ID|/CSE-ID/AE-ID
                   bastion credentials [--config FILE] [--data DIR] e2e list
                   bastion credentials [--config FILE] [--data DIR] e2e remove --key-id ID
              e2e add     provision a pairwiseESPrimKey (ESPrim, SUID 13): ID relative@issuer-fqdn, 16..64 bytes,
                          bound to the one AE-ID (C…, S…), CSE-ID (/…) or AE of another CSE (/id-mn/C…) that
                          protects requests with it
              e2e list    show the key IDs, their entity and where each key is (never the keys)
              e2e remove  withdraw a key: the next ESPrim object naming it is refused (4112)
            """;

    private E2eCredentialsCommand() {
    }

    /** Runs {@code e2e ACTION OPTIONS}; usage errors are IllegalArgumentException (exit 2, by the caller). */
    static int run(PskSettings settings, Path data, Function<String, String> environment, List<String> args,
                   InputStream in, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("e2e needs an action: add, list or remove");
        }
        List<String> opts = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "add" -> add(settings, data, environment, opts, in, out, err);
            case "list" -> list(settings, data, environment, opts, out);
            case "remove" -> remove(settings, data, environment, opts, out, err);
            default -> throw new IllegalArgumentException("unknown e2e action '" + args.get(0)
                    + "' (add, list, remove)");
        };
    }

    private static int add(PskSettings settings, Path data, Function<String, String> environment, List<String> opts,
                           InputStream in, PrintStream out, PrintStream err) {
        String keyId = null;
        String keyArg = null;
        String entity = null;
        for (int i = 0; i < opts.size(); i++) {
            String a = opts.get(i);
            switch (a) {
                case "--key-id" -> keyId = CredentialsCommand.once(keyId, value(opts, ++i, a), a);
                case "--key" -> keyArg = CredentialsCommand.once(keyArg, value(opts, ++i, a), a);
                case "--entity" -> entity = CredentialsCommand.once(entity, value(opts, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option " + a + " for e2e add");
            }
        }
        if (keyId == null || keyArg == null || entity == null) {
            throw new IllegalArgumentException("e2e add needs --key-id, --key and --entity");
        }
        checkKeyId(keyId);
        PskCredential.checkBindableId(entity);
        PreSharedKey key = PreSharedKey.fromHex(keyArg.equals("-") ? CredentialsCommand.readKey(in) : keyArg.strip());
        try (EditablePskStore store = open(settings, data, environment)) {
            store.add(new PskCredential(keyId, key, Set.of(entity)));
            out.println("added pairwiseESPrimKey " + keyId + " (" + key.length() * 8 + "-bit key) for " + entity
                    + " in " + store.describe());
            return 0;
        } catch (IllegalStateException e) {
            err.println("bastion: " + e.getMessage().replace("PSK identity", "pairwiseESPrimKey")
                    .replace("psk rotate", "e2e remove and e2e add"));
            return 1;
        } finally {
            key.destroy();
        }
    }

    private static int list(PskSettings settings, Path data, Function<String, String> environment, List<String> opts,
                            PrintStream out) {
        if (!opts.isEmpty()) {
            throw new IllegalArgumentException("e2e list takes no options (--data comes before e2e)");
        }
        try (EditablePskStore store = open(settings, data, environment)) {
            List<PskEntry> all = store.entries();
            if (all.isEmpty()) {
                out.println("no pairwiseESPrimKeys in " + store.describe());
                return 0;
            }
            for (PskEntry e : all) {
                String place = e.key() instanceof PskEntry.Held h ? h.holder() : "e2e.json";
                String served = store.lookup(e.identity()).map(c -> c.key().length() * 8 + "-bit key in " + place)
                        .orElse("key missing from " + place);
                out.println(e.identity() + "  entity " + String.join(",", e.allowedIds()) + "  (" + served + ")"
                        + (e.created() != null ? "  created " + e.created() : ""));
            }
            return 0;
        }
    }

    private static int remove(PskSettings settings, Path data, Function<String, String> environment,
                              List<String> opts, PrintStream out, PrintStream err) {
        if (opts.size() != 2 || !opts.get(0).equals("--key-id")) {
            throw new IllegalArgumentException("e2e remove needs --key-id ID");
        }
        String keyId = opts.get(1);
        try (EditablePskStore store = open(settings, data, environment)) {
            if (!store.remove(keyId)) {
                err.println("bastion: no pairwiseESPrimKey " + keyId + " in " + store.describe());
                return 1;
            }
            out.println("removed pairwiseESPrimKey " + keyId);
            return 0;
        } catch (IllegalStateException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        }
    }

    private static EditablePskStore open(PskSettings settings, Path data, Function<String, String> environment) {
        try {
            return settings.openE2e(data, environment);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void checkKeyId(String keyId) {
        try {
            PskCredential.checkIdentity(keyId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-id: a pairwiseESPrimKeyID is relative@issuer-fqdn (the KpsaID "
                    + "form of TS-0003 10.5): " + e.getMessage().replace("KpsaID", "key ID"));
        }
    }
}
