package io.bastion.server;

import io.bastion.client.trust.TrustServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code bastion device enrol|maf-key}: the device side of the trust-enabling functions from the command line, over
 * bastion-client's MefClient (TS-0003 8.3, {@link DeviceEnrolment}) and MafClient (8.8.2, {@link DeviceMafKey}).
 * What a device obtains lands in files an operator or a script hands to curl and OpenSSL; keys are read from
 * standard input and never printed. This class parses, dispatches and maps failures to exit codes.
 */
final class DeviceCommand {
    static final String USAGE = """
            usage: bastion device enrol --mef HOST:PORT --kpm-id KPMID --key HEX|- --admin-fqdn FQDN --out DIR
                                        [--timeout-s N]
                   bastion device maf-key --maf HOST:PORT --km-id KMID --key HEX|- --id CLIENT-ID --target CSE-ID
                                        --admin-fqdn FQDN [--lifetime-s N] --out FILE [--timeout-s N]
              enrol    enrol with a MEF as a device knowing only its KpmID, its Kpm and the MEF's address (TS-0003
                       8.3.2.1): MEF Client Registration for the administrating stakeholder FQDN (adfq) over the
                       bootstrap session, then every queued MEF Client Command until NO_MORE_COMMANDS (CERT_PROV
                       over EST, MO_NODE; DEV_CFG is answered UNACCEPTABLE_ARGUMENTS: no device-management client
                       here). Writes DIR/device.p12 (password
                       from BASTION_DEVICE_PASSWORD, required), DIR/device.pem and DIR/device-key.pem (mode 600, for
                       curl --cert/--key), DIR/trust.pem (the trustAnchorCred anchors) and DIR/configuration.json
                       (the MO nodes), and for each authenticationProfile given a key (SUID 21-23, MO_NODE)
                       DIR/keys/<path with / as _>.key (mode 600, identity=<KeyID>@<MEF-FQDN>, key=<hex>); prints
                       the KeID, the certificate's SHA-256 fingerprint, where the CSE is, each key's identity (never
                       the key) and each command with its cmdStatusCode
              maf-key  as the MAF Client CLIENT-ID (its KmID and Km with the MAF), register a symmetric key for the
                       CSE CSE-ID (TS-0003 8.8.2.7, SUID 32: Kc and KcID exported from the session), after a MAF
                       Client Registration with FQDN when there is none (8.8.2.3); writes FILE (mode 600) with
                       identity=<RelativeKeyID>@<MAF-FQDN> and key=<hex of Kc>, prints the identity only;
                       --lifetime-s: the key's (default 3600; the MAF may shorten it)
              --key - reads the hex key from standard input (keeps it out of the shell history and process list)
            exit code 0 done, 1 refused (by the MEF or MAF, or a failed handshake), 2 usage error or no connection
            """;
    /** Where {@code device enrol} reads the password of DIR/device.p12. */
    static final String PASSWORD_VARIABLE = DeviceEnrolment.PASSWORD_VARIABLE;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> ENROL = Set.of("--mef", "--kpm-id", "--key", "--admin-fqdn", "--out",
            "--timeout-s");
    private static final Set<String> MAF_KEY = Set.of("--maf", "--km-id", "--key", "--id", "--target", "--admin-fqdn",
            "--lifetime-s", "--out", "--timeout-s");

    private DeviceCommand() {
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, System::getenv);
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err,
                   Function<String, String> environment) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String sub = args.get(0);
        Map<String, String> o;
        try {
            o = switch (sub) {
                case "enrol" -> options(args.subList(1, args.size()), ENROL);
                case "maf-key" -> options(args.subList(1, args.size()), MAF_KEY);
                default -> throw new IllegalArgumentException("unknown device command '" + sub + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        byte[] key = null;
        try {
            if (sub.equals("enrol")) {
                DeviceEnrolment e = DeviceEnrolment.of(o, environment);
                key = key(o, in);
                return e.run(key, out);
            }
            DeviceMafKey r = DeviceMafKey.of(o);
            key = key(o, in);
            return r.run(key, out);
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (TrustServiceException e) {
            err.println("bastion: refused (" + e.rsc() + "): " + e.getMessage());
            return 1;
        } catch (ConnectException | UnknownHostException e) {
            err.println("bastion: cannot connect: " + e.getMessage());
            return 2;
        } catch (IOException | IllegalStateException e) {
            // a failed handshake (wrong key, unknown identity) or an answer the device cannot use
            err.println("bastion: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** The options of one sub-command, each at most once; anything else is a usage error. */
    static Map<String, String> options(List<String> args, Set<String> known) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!known.contains(a)) {
                throw new IllegalArgumentException("unknown option " + a);
            }
            if (o.put(a, CommandOptions.value(args, ++i, a)) != null) {
                throw new IllegalArgumentException(a + " given twice");
            }
        }
        return o;
    }

    /** {@code --key HEX} or {@code --key -} (one line of standard input), as bytes. */
    private static byte[] key(Map<String, String> o, InputStream in) {
        String v = need(o, "--key");
        String hex = v.equals("-") ? CredentialsCommand.readKey(in) : v.strip();
        if (hex.isEmpty()) {
            throw new IllegalArgumentException(v.equals("-") ? "--key - found no key on standard input"
                    : "--key: no key given");
        }
        try {
            byte[] k = HexFormat.of().parseHex(hex);
            if (k.length < 16) {
                throw new IllegalArgumentException("--key: a key of at least 16 bytes (32 hex digits) is expected");
            }
            return k;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("--key")) {
                throw e;
            }
            // never echo what was given: it may be a key with a typo
            throw new IllegalArgumentException("--key: hex digits expected");
        }
    }

    // ------------------------------------------------------------------------------------------------------ values

    /** {@code HOST:PORT} of a MEF or MAF ({@code [v6]:PORT} too). */
    record HostPort(String host, int port) {
        static HostPort parse(String v, String option) {
            int colon = v.lastIndexOf(':');
            if (colon <= 0 || colon == v.length() - 1) {
                throw new IllegalArgumentException(option + " must be HOST:PORT, e.g. 127.0.0.1:8095");
            }
            String host = v.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new HostPort(host, CommandOptions.port(v.substring(colon + 1), option));
        }
    }

    static Duration timeout(Map<String, String> o) {
        return o.containsKey("--timeout-s") ? Duration.ofSeconds(positive(o.get("--timeout-s"), "--timeout-s"))
                : DEFAULT_TIMEOUT;
    }

    static long positive(String v, String option) {
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a positive number of seconds, not '" + v + "'");
    }

    static String need(Map<String, String> o, String option) {
        String v = o.get(option);
        if (v == null) {
            throw new IllegalArgumentException(option + " is missing");
        }
        return v;
    }
}
