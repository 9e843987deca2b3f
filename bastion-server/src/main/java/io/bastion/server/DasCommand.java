package io.bastion.server;

import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.das.DasServer;
import io.bastion.trust.das.DasSettings;
import io.bastion.trust.das.IssuerEntry;
import io.bastion.trust.das.JwsTokenIssuer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code bastion das run|export-key}: runs the Dynamic Authorization Server of bastion-trust, or prints the entry a
 * CSE adds to its {@code token-issuers.json} to trust the DAS's tokens. The signing key is an EC P-256 key in a
 * PKCS#12 file whose password comes only from the environment variable {@value #PASSWORD_VARIABLE}.
 */
final class DasCommand {
    static final String PASSWORD_VARIABLE = "BASTION_DAS_KEYSTORE_PASSWORD";
    static final String USAGE = """
            usage: bastion das run [--port N] [--rules FILE] [--data DIR] [--bind ADDR] [--id DAS-ID]
                                   [--token-domain FQDN] [--keystore FILE.p12 --key-alias ALIAS [--key-id KID]]
                   bastion das export-key --keystore FILE.p12 --key-alias ALIAS [--key-id KID] [--id DAS-ID]
              run         start the DAS (defaults: 127.0.0.1:8090, ID CDas, no rules = deny all, audit log in
                          DIR/das/audit.jsonl); prints "listening das=PORT"; Hosting CSEs POST to /das,
                          Originators to /das/token
              export-key  print the {"issuer":…,"keys":[JWK]} entry for a CSE's credentials/token-issuers.json
            The keystore password is read from the environment variable BASTION_DAS_KEYSTORE_PASSWORD.
            """;

    private DasCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        return run(args, out, err, System::getenv);
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Function<String, String> environment)
            throws InterruptedException {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String sub = args.get(0);
        DasSettings settings = DasSettings.defaults();
        Path keystore = null;
        String alias = null;
        String keyId = null;
        try {
            List<String> rest = args.subList(1, args.size());
            for (int i = 0; i < rest.size(); i++) {
                String a = rest.get(i);
                switch (a) {
                    case "--port" -> settings = settings.withPort(port(value(rest, ++i, a), a));
                    case "--rules" -> settings = settings.withRules(Path.of(value(rest, ++i, a)));
                    case "--data" -> settings = settings.withDataDir(Path.of(value(rest, ++i, a)));
                    case "--bind" -> settings = settings.withBind(value(rest, ++i, a));
                    case "--id" -> settings = settings.withId(value(rest, ++i, a));
                    case "--token-domain" -> settings = settings.withTokenDomain(value(rest, ++i, a));
                    case "--keystore" -> keystore = Path.of(value(rest, ++i, a));
                    case "--key-alias" -> alias = value(rest, ++i, a);
                    case "--key-id" -> keyId = value(rest, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if ((keystore == null) != (alias == null)) {
                throw new IllegalArgumentException("--keystore and --key-alias go together");
            }
            if (!sub.equals("run") && !sub.equals("export-key")) {
                throw new IllegalArgumentException("unknown das command '" + sub + "'");
            }
            if (sub.equals("export-key") && keystore == null) {
                throw new IllegalArgumentException("export-key needs --keystore and --key-alias");
            }
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (keyId == null) {
            keyId = alias;
        }
        Pkcs12Environment env = null;
        try {
            if (keystore != null) {
                env = Pkcs12Environment.open(keystore, PASSWORD_VARIABLE, environment);
            }
            if (sub.equals("export-key")) {
                out.println(IssuerEntry.es256(settings.dasId(), env, alias, keyId).toPrettyString());
                return 0;
            }
            return serve(settings, env == null ? null : JwsTokenIssuer.es256(env, alias, keyId), out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        } finally {
            if (env != null) {
                env.close();
            }
        }
    }

    private static int serve(DasSettings settings, JwsTokenIssuer issuer, PrintStream out)
            throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        DasServer das = DasServer.start(settings, issuer, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            das.close();
            stopped.countDown();
        }, "bastion-das-shutdown"));
        out.println("listening das=" + das.port());
        out.flush();
        stopped.await();
        return 0;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int port(String v, String option) {
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number 0..65535");
        }
    }
}
