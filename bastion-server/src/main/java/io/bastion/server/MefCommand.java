package io.bastion.server;

import static io.bastion.server.CommandOptions.port;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.mef.MefAdmin;
import io.bastion.trust.mef.MefServer;
import io.bastion.trust.mef.MefSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code bastion mef run|enrolee|command|mo|trust-anchor}: runs the M2M Enrolment Function of bastion-trust, or provisions its
 * enrolees and queues their commands (safe while it runs). The keystore (Kpms, Kes, the CA key) is a PKCS#12 file whose
 * password comes only from the environment variable {@value MefSettings#PASSWORD_VARIABLE}.
 */
final class MefCommand {
    static final String USAGE = """
            usage: bastion mef run [--port N] [--bind ADDR] [--data DIR] [--keystore FILE.p12] [--fqdn MEF-FQDN]
                                   [--sp-id SP-ID] [--ca-alias ALIAS] [--tls-alias ALIAS] [--retry SECONDS]
                                   [--dcu devMgmtID:URI]
                   bastion mef enrolee add --kpm-id KPMID --key HEX|- --id AE-ID|CSE-ID|NODE-ID|FQDN [--data DIR]
                                   [--keystore FILE.p12]
                   bastion mef enrolee add --credential-id 31-SHA256|34-NODE-ID|… --id … [--data DIR] [--keystore …]
                   bastion mef enrolee remove --kpm-id KPMID | bastion mef enrolee list   [--data DIR] [--keystore …]
                   bastion mef enrolee revoke --kpm-id KPMID [--data DIR] [--keystore …]
                   bastion mef mo put --kpm-id KPMID --path P --file F | mo list --kpm-id KPMID
                                   | mo remove --kpm-id KPMID --path P   [--data DIR] [--keystore …]
                   bastion mef trust-anchor add --file CA.pem [--fqdn MEF-FQDN] [--port N] [--data DIR] [--keystore …]
                   bastion mef command add --kpm-id KPMID (--cert-prov | --dev-cfg devMgmtID:URI
                                   | --mo-node PATH --object-type 1|2|3 [--suid N]) [--data DIR] [--keystore …]
              run      start the MEF (defaults: 127.0.0.1:8095, data in ./data, keystore DIR/mef/mef.p12, FQDN
                       mef.bastion.example, SP-ID bastion.example); prints "listening mef=PORT". Every connection is
                       TLS 1.2 PSK with a provisioned KpmID and Kpm (TS-0003 8.3.2.1), then oneM2M over HTTP
                       (/mef: <MEFBase>) and EST (/.well-known/est/cacerts, simpleenroll); --ca-alias names the key
                       of the MEF CA in the keystore (without it CERT_PROV commands cannot be served); --tls-alias
                       the MEF's certificate key: devices may then enrol with a certificate instead of a Kpm
                       (TS-0003 8.3.2.2), one chaining to a CA of DIR/credentials/trust
                       (bastion credentials --data DIR cert trust FILE)
              enrolee  provision (--key - reads the hex Kpm from standard input), withdraw or list enrolees; --id is
                       the SP-relative AE-ID (/id-in/Cdev1), CSE-ID (/id-mn) or Node-ID URN the device is given;
                       --credential-id: an enrolee with a certificate, named by the Credential-ID of TS-0003
                       8.2.2.2 (31-<sha256 of the certificate>, 34-<Node-ID>, …); remove it as cert:<Credential-ID>;
                       a Target MEF Client that only retrieves keys (e.g. a CSE) is an enrolee too; a MAF is one
                       named by its FQDN (--id maf.example), retrieving only the keys of SUID 21 naming it; list
                       prints the enrolees, then the keys they registered (TS-0003 8.3.5.2.7;
                       "key <RelativeKeyID> source=…")
              revoke   the enrolee can no longer enrol (its Kpm is deleted, its registration, Ke and the keys it
                       registered too); prints the
                       SHA-256 fingerprints of the certificates issued to it, one a line, for
                       bastion credentials --data CSE-DATA cert revoke --fingerprint F
              mo       the enrolee's MO tree (TS-0003 8.3.9.9.1), which its MEF Client fetches when an MO_NODE
                       command names a path: F holds one TS-0022 object, {"dcfg:reg":{"poa":[…],"csi":…,"cb":…}},
                       {"dcfg:autp":{"suid":42,"tlcs":[…]}}, {"dcfg:tac":{"uri":…,"cfp":…}}, {"dcfg:macrc":{…}};
                       P is e.g. reg1, reg1/autp1, tac1; put prints P; remove takes the nodes below P too
              trust-anchor  serve a CA certificate to the enrolees for their trustAnchorCred nodes; prints
                       "<cfp> <uri>" (uri https://MEF-FQDN[:PORT]/mef/ta/<cfp>) to put into a dcfg:tac node
              command  queue a MEF Client Command: CERT_PROV (EST), DEV_CFG, or MO_NODE (objectTypeID 1
                       authenticationProfile with --suid, 2 trustAnchorCred, 3 MAFClientRegCfg); prints its cmdID
            exit code 0 done, 1 refused, 2 usage error
            """;
    private static final Set<String> FLAGS = Set.of("--cert-prov");
    private static final Set<String> SUBCOMMANDS = Set.of("run", "enrolee add", "enrolee remove", "enrolee list",
            "enrolee revoke", "command add", "mo put", "mo list", "mo remove", "trust-anchor add");
    private static final ObjectMapper JSON = new ObjectMapper();

    private MefCommand() {
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws InterruptedException {
        return run(args, in, out, err, System::getenv);
    }

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err,
                   Function<String, String> environment) throws InterruptedException {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> words = new ArrayList<>();
        Map<String, String> o = new LinkedHashMap<>();
        MefSettings settings;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) {
                    words.add(a);
                } else if (FLAGS.contains(a)) {
                    o.put(a, "");
                } else if (o.put(a, CommandOptions.value(args, ++i, a)) != null) {
                    throw new IllegalArgumentException(a + " given twice");
                }
            }
            settings = settings(o);
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        String sub = String.join(" ", words);
        if (!SUBCOMMANDS.contains(sub)) {
            err.println("bastion: unknown mef command '" + sub + "'");
            err.print(USAGE);
            return 2;
        }
        try (Pkcs12Environment env = Pkcs12Environment.openOrCreate(settings.keystore(),
                MefSettings.PASSWORD_VARIABLE, environment)) {
            if (sub.equals("run")) {
                return serve(settings, env, out);
            }
            MefAdmin admin = MefAdmin.open(settings.dataDir(), env, Clock.systemUTC());
            switch (sub) {
                case "enrolee add" -> {
                    if (o.containsKey("--credential-id")) {
                        admin.addCertificateEnrolee(o.get("--credential-id"), need(o, "--id"));
                        out.println("enrolee cert:" + o.get("--credential-id") + " added");
                        return 0;
                    }
                    String key = need(o, "--key");
                    admin.addEnrolee(need(o, "--kpm-id"), PreSharedKey.fromHex(key.equals("-")
                            ? CredentialsCommand.readKey(in) : key.strip()), need(o, "--id"));
                    out.println("enrolee " + o.get("--kpm-id") + " added");
                }
                case "enrolee remove" -> {
                    if (!admin.removeEnrolee(need(o, "--kpm-id"))) {
                        err.println("bastion: no enrolee with KpmID " + o.get("--kpm-id"));
                        return 1;
                    }
                    out.println("enrolee " + o.get("--kpm-id") + " removed");
                }
                case "enrolee list" -> admin.list().forEach(out::println);
                case "enrolee revoke" -> admin.revokeEnrolee(need(o, "--kpm-id")).forEach(out::println);
                case "mo put" -> out.println(admin.putMoNode(need(o, "--kpm-id"), need(o, "--path"),
                        readJson(Path.of(need(o, "--file")))));
                case "mo list" -> admin.moNodes(need(o, "--kpm-id")).forEach((p, n) -> out.println(p + " " + n));
                case "mo remove" -> {
                    List<String> gone = admin.removeMoNode(need(o, "--kpm-id"), need(o, "--path"));
                    if (gone.isEmpty()) {
                        err.println("bastion: no MO node " + o.get("--path") + " for " + o.get("--kpm-id"));
                        return 1;
                    }
                    gone.forEach(out::println);
                }
                case "trust-anchor add" -> {
                    String cfp = admin.addTrustAnchor(certificate(Path.of(need(o, "--file"))));
                    out.println(cfp + " https://" + settings.fqdn() + (o.containsKey("--port") ? ":"
                            + settings.port() : "") + "/mef/ta/" + cfp);
                }
                default -> out.println(queue(admin, o));
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        }
    }

    private static String queue(MefAdmin admin, Map<String, String> o) {
        String kpmId = need(o, "--kpm-id");
        int given = (o.containsKey("--cert-prov") ? 1 : 0) + (o.containsKey("--dev-cfg") ? 1 : 0)
                + (o.containsKey("--mo-node") ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("give one of --cert-prov, --dev-cfg or --mo-node");
        }
        if (o.containsKey("--cert-prov")) {
            return admin.queueCertificate(kpmId);
        }
        if (o.containsKey("--dev-cfg")) {
            return admin.queueDeviceConfiguration(kpmId, o.get("--dev-cfg"));
        }
        Integer suid = o.containsKey("--suid") ? number(o.get("--suid"), "--suid") : null;
        return admin.queueMoNode(kpmId, o.get("--mo-node"), number(need(o, "--object-type"), "--object-type"), suid);
    }

    private static MefSettings settings(Map<String, String> o) {
        Path data = Path.of(o.getOrDefault("--data", "data"));
        MefSettings s = MefSettings.defaults(data);
        for (Map.Entry<String, String> e : o.entrySet()) {
            String v = e.getValue();
            s = switch (e.getKey()) {
                case "--data", "--kpm-id", "--key", "--id", "--credential-id", "--cert-prov", "--dev-cfg", "--mo-node",
                     "--object-type", "--suid", "--path", "--file" -> s;
                case "--port" -> s.withPort(port(v, "--port"));
                case "--bind" -> s.withBind(v);
                case "--keystore" -> s.withKeystore(Path.of(v));
                case "--fqdn" -> s.withFqdn(v);
                case "--sp-id" -> s.withSpId(v);
                case "--ca-alias" -> s.withCaAlias(v);
                case "--tls-alias" -> s.withTlsAlias(v);
                case "--retry" -> s.withRetry(Duration.ofSeconds(number(v, "--retry")));
                case "--dcu" -> s.withDeviceConfigUri(v);
                default -> throw new IllegalArgumentException("unknown option " + e.getKey());
            };
        }
        return s;
    }

    private static int serve(MefSettings settings, Pkcs12Environment env, PrintStream out)
            throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        MefServer mef = MefServer.start(settings, env, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mef.close();
            stopped.countDown();
        }, "bastion-mef-shutdown"));
        out.println("listening mef=" + mef.port());
        out.flush();
        stopped.await();
        return 0;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not readable JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
    }

    private static X509Certificate certificate(Path file) {
        try {
            List<X509Certificate> certs = Certificates.parse(Files.readAllBytes(file));
            if (certs.size() != 1) {
                throw new IllegalArgumentException(file + ": give exactly one certificate, not " + certs.size());
            }
            return certs.get(0);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(file + ": not a PEM or DER certificate");
        }
    }

    private static String need(Map<String, String> o, String option) {
        String v = o.get(option);
        if (v == null) {
            throw new IllegalArgumentException(option + " is missing");
        }
        return v;
    }

    private static int number(String v, String option) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a non-negative number, not '" + v + "'");
        }
    }
}
