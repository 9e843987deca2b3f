package io.bastion.server;

import static io.bastion.server.CommandOptions.port;
import static io.bastion.server.CommandOptions.value;

import io.bastion.trust.maf.MafMefSettings;
import io.bastion.trust.maf.MafServer;
import io.bastion.trust.maf.MafSettings;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code ./bastion maf run}: starts the M2M Authentication Function ({@link MafServer}). */
final class MafCommand {
    static final String USAGE = """
            usage: bastion maf run --fqdn MAF-FQDN --admin-fqdn FQDN [--admin-fqdn FQDN…] [--port N] [--bind ADDR]
                                   [--data DIR] [--max-lifetime-s N] [--keystore-password-env VAR]
                                   [--keystore FILE.p12 --tls-alias ALIAS]
                                   [--mef-url https://HOST:PORT --mef-fqdn MEF-FQDN --mef-psk-identity KPMID]
              run    start the MAF (TS-0003 8.8) on its TLS-PSK port (default 8094; 0 picks one); prints
                     "listening maf=PORT". Its clients' KmIDs (relative@MAF-FQDN) are provisioned with
                     bastion credentials --data DIR psk add --identity KMID --key HEX --ae CLIENT-ID
                     and taken up without a restart. Records in DIR/maf/registrations.db, key values in the PKCS#12
                     key store DIR/maf/keys.p12 (password in VAR, default BASTION_KEYSTORE_PASSWORD), audit in
                     DIR/maf/audit.jsonl. --admin-fqdn names the administrating stakeholders served; --max-lifetime-s
                     caps every registration's and key's lifetime (default 86400).
                     --keystore/--tls-alias: the same port also serves the MAF Handshake with certificates (TLS 1.2,
                     ECDHE_ECDSA suites of TS-0003 10.2.3): the MAF's certificate and P-256 key are ALIAS in
                     FILE.p12 (password in BASTION_MAF_KEYSTORE_PASSWORD); a client's chain must lead to a CA added
                     with bastion credentials --data DIR cert trust CA.pem, and its Credential-ID is bound to its
                     IDs with bastion credentials --data DIR cert bind --subject CREDENTIAL-ID --ae CLIENT-ID
                     (cert revoke --fingerprint SHA256 refuses it, open sessions included).
                     --mef-*: KmIDs RelativeKeyID@MEF-FQDN, which MEF-enrolled clients registered at that MEF for
                     this MAF (SUID 21, TS-0003 8.3.9.9.5), are retrieved from the MEF (8.3.5.2.8), the MAF being
                     its enrolee --id MAF-FQDN; KPMID (relative@fqdn) and its Kpm are in DIR's PSK store bound to
                     /MAF-FQDN: bastion credentials --data DIR psk add --identity KPMID --key HEX --ae /MAF-FQDN
            """;

    private MafCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.isEmpty() || !args.get(0).equals("run")) {
            (args.isEmpty() || args.get(0).equals("help") ? out : err).print(USAGE);
            return args.isEmpty() || !args.get(0).equals("help") ? 2 : 0;
        }
        MafSettings s;
        try {
            s = parse(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            err.println("bastion maf: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        MafServer maf;
        try {
            maf = MafServer.start(s, System::getenv, Clock.systemUTC());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("bastion maf: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            maf.close();
            stopped.countDown();
        }, "maf-shutdown"));
        out.println("listening maf=" + maf.port());
        out.flush();
        stopped.await();
        return 0;
    }

    static MafSettings parse(List<String> args) {
        MafSettings s = MafSettings.defaults();
        Set<String> admins = new LinkedHashSet<>();
        Path keystore = null;
        String tlsAlias = null;
        String mefUrl = null;
        String mefFqdn = null;
        String mefIdentity = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--fqdn" -> s = s.withFqdn(value(args, ++i, a));
                case "--admin-fqdn" -> admins.add(value(args, ++i, a));
                case "--port" -> s = s.withPort(port(value(args, ++i, a), a));
                case "--bind" -> s = s.withBind(value(args, ++i, a));
                case "--data" -> s = s.withDataDir(Path.of(value(args, ++i, a)));
                case "--max-lifetime-s" -> s = s.withMaxLifetime(Duration.ofSeconds(seconds(value(args, ++i, a))));
                case "--keystore-password-env" -> s = s.withKeystorePasswordEnv(value(args, ++i, a));
                case "--keystore" -> keystore = Path.of(value(args, ++i, a));
                case "--tls-alias" -> tlsAlias = value(args, ++i, a);
                case "--mef-url" -> mefUrl = value(args, ++i, a);
                case "--mef-fqdn" -> mefFqdn = value(args, ++i, a);
                case "--mef-psk-identity" -> mefIdentity = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (admins.isEmpty()) {
            throw new IllegalArgumentException("name at least one administrating stakeholder with --admin-fqdn");
        }
        if (mefUrl == null && (mefFqdn != null || mefIdentity != null)) {
            throw new IllegalArgumentException("--mef-fqdn and --mef-psk-identity need --mef-url");
        }
        return s.withAdminFqdns(admins).withCertificates(keystore, tlsAlias).withMef(mefUrl == null ? null
                : new MafMefSettings(mefUrl, mefFqdn, mefIdentity));
    }

    private static long seconds(String v) {
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--max-lifetime-s must be a positive number of seconds");
    }
}
