package io.bastion.server;

import static io.bastion.server.CommandOptions.port;
import static io.bastion.server.CommandOptions.value;

import io.bastion.security.certificate.Certificates;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.das.DasServer;
import io.bastion.trust.das.DasSettings;
import io.bastion.trust.das.DasTls;
import io.bastion.trust.das.IssuerEntry;
import io.bastion.trust.das.JwsTokenIssuer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code bastion das run|export-key}: runs the Dynamic Authorization Server of bastion-trust (plain HTTP, or TLS
 * with {@link DasTlsOptions}), or prints the entry a
 * CSE adds to its {@code token-issuers.json} to trust the DAS's tokens. The signing key is an EC P-256 key in a
 * PKCS#12 file whose password comes only from the environment variable {@value #PASSWORD_VARIABLE}.
 */
final class DasCommand {
    static final String PASSWORD_VARIABLE = "BASTION_DAS_KEYSTORE_PASSWORD";
    static final String USAGE = """
            usage: bastion das run [--port N] [--rules FILE] [--data DIR] [--bind ADDR] [--id DAS-ID]
                                   [--token-domain FQDN] [--keystore FILE.p12 --key-alias ALIAS [--key-id KID]]
                                   [--encrypt-to CSE-ID=FILE ...]
                                   [--tls-key-alias ALIAS [--tls-keystore FILE.p12] [--trust CA.pem|DIR]
                                    [--client-auth none|optional|required] [--sp-id SP-ID]]
                   bastion das export-key --keystore FILE.p12 --key-alias ALIAS [--key-id KID] [--id DAS-ID]
              run         start the DAS (defaults: 127.0.0.1:8090, ID CDas, no rules = deny all, audit log in
                          DIR/das/audit.jsonl); prints "listening das=PORT"; Hosting CSEs POST to /das,
                          Originators to /das/token
              export-key  print the {"issuer":…,"keys":[JWK]} entry for a CSE's credentials/token-issuers.json
            --tls-key-alias  serve TLS (HTTPS) on --port with that key and its certificate chain, from --tls-keystore
                          (default: the --keystore file)
            --trust       CA certificates (a PEM file or a folder) Hosting CSEs' client certificates must chain to
                          (default DIR/credentials/trust); --client-auth defaults to required with --trust, else
                          none; a caller with a certificate must use an X-M2M-Origin it names (e.g. the URI
                          onem2m://SP-ID/id-in) or is bound to (bastion credentials --data DIR cert bind), else 4106
            --encrypt-to  (repeatable) tokens whose audience is that CSE are encrypted to the EC P-256 key in FILE (a
                          PEM/DER certificate or public key; the CSE's tokens.decryption-key): nested JWE
            The keystore passwords are read from the environment variable BASTION_DAS_KEYSTORE_PASSWORD.
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
        Map<String, ECPublicKey> encryptTo = new LinkedHashMap<>();
        DasTlsOptions tls = new DasTlsOptions();
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
                    case "--encrypt-to" -> encryptTo(value(rest, ++i, a), encryptTo);
                    case "--tls-keystore" -> tls.keystore = Path.of(value(rest, ++i, a));
                    case "--tls-key-alias" -> tls.alias = value(rest, ++i, a);
                    case "--trust" -> tls.trust = Path.of(value(rest, ++i, a));
                    case "--client-auth" -> tls.clientAuth = DasTlsOptions.clientAuth(value(rest, ++i, a));
                    case "--sp-id" -> tls.spId = value(rest, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if ((keystore == null) != (alias == null)) {
                throw new IllegalArgumentException("--keystore and --key-alias go together");
            }
            if (!sub.equals("run") && !sub.equals("export-key")) {
                throw new IllegalArgumentException("unknown das command '" + sub + "'");
            }
            if (!encryptTo.isEmpty() && keystore == null) {
                throw new IllegalArgumentException("--encrypt-to needs a signing key (--keystore, --key-alias): "
                        + "encryption-only tokens are refused by CSEs");
            }
            if (sub.equals("export-key") && keystore == null) {
                throw new IllegalArgumentException("export-key needs --keystore and --key-alias");
            }
            tls.check(keystore);
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (keyId == null) {
            keyId = alias;
        }
        Pkcs12Environment env = null;
        List<AutoCloseable> opened = new java.util.ArrayList<>();
        try {
            if (keystore != null) {
                env = Pkcs12Environment.open(keystore, PASSWORD_VARIABLE, environment);
            }
            if (sub.equals("export-key")) {
                out.println(IssuerEntry.es256(settings.dasId(), env, alias, keyId).toPrettyString());
                return 0;
            }
            DasTls dasTls = tls.open(keystore, env, PASSWORD_VARIABLE, environment, opened);
            return serve(settings, env == null ? null
                    : JwsTokenIssuer.es256(env, alias, keyId).encryptingTo(encryptTo), dasTls, out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        } finally {
            if (env != null) {
                env.close();
            }
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception e) {
                    err.println("bastion: " + e.getMessage());
                }
            }
        }
    }

    private static int serve(DasSettings settings, JwsTokenIssuer issuer, DasTls tls, PrintStream out)
            throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        DasServer das = DasServer.start(settings, issuer, Clock.systemUTC(), tls);
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

    /** Adds {@code CSE-ID=FILE} to {@code into}, reading the CSE's EC P-256 public key from FILE. */
    private static void encryptTo(String v, Map<String, ECPublicKey> into) {
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
            throw new IllegalArgumentException("--encrypt-to wants CSE-ID=FILE, not '" + v + "'");
        }
        String cse = v.substring(0, eq);
        Path file = Path.of(v.substring(eq + 1));
        try {
            PublicKey key = Certificates.publicKey(Files.readAllBytes(file));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("--encrypt-to " + cse + ": " + file + " holds no EC P-256 key");
            }
            into.put(cse, ec);
        } catch (IOException e) {
            throw new IllegalArgumentException("--encrypt-to " + cse + ": cannot read " + file);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--encrypt-to " + cse + ": " + file + ": " + e.getMessage());
        }
    }
}
