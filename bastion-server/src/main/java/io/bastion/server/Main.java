package io.bastion.server;

import static io.bastion.server.CommandOptions.port;
import static io.bastion.server.CommandOptions.value;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of DESIGN.md section 5: {@code run} starts the CSE; the other commands have their own classes
 * ({@link ExplainCommand}, {@link CredentialsCommand}, {@link DasCommand}, {@link MefCommand}, {@link DeviceCommand}, {@link CseCommand}), to which this one dispatches.
 */
public final class Main {
    static final String USAGE = """
            usage: bastion run [--config FILE] [--data DIR] [--bind ADDR] [--http-port N] [--https-port N] [--psk-port N]
                               [--coap-port N] [--coaps-port N] [--admin-port N] [--mqtt-url tcp://HOST:PORT|ssl://…]
                   bastion credentials [--config FILE] [--data DIR] psk add --identity KPSAID --key HEX|- --ae AE-ID [--ae AE-ID…]
                   bastion credentials [--config FILE] [--data DIR] psk rotate --identity KPSAID --key HEX|-
                   bastion credentials [--config FILE] [--data DIR] psk list | psk remove --identity KPSAID
                   bastion credentials [--data DIR] cert trust FILE | cert untrust --fingerprint SHA256 | cert list
                   bastion credentials [--data DIR] cert bind --subject CREDENTIAL-ID --ae AE-ID [--ae AE-ID…]
                   bastion credentials [--data DIR] cert revoke|unrevoke --fingerprint SHA256
                   bastion credentials [--config FILE] [--data DIR] e2e add --key-id ID --key HEX|- --entity AE-ID|CSE-ID
                   bastion credentials [--config FILE] [--data DIR] e2e list | e2e remove --key-id ID
                   bastion das run [--port N] [--rules FILE] [--data DIR] [--bind ADDR] [--id DAS-ID] (see: bastion das help)
                   bastion maf run --fqdn MAF-FQDN --admin-fqdn FQDN [--port N] [--data DIR] (see: bastion maf help)
                   bastion mef run|enrolee|command … (the M2M Enrolment Function; see: bastion mef help)
                   bastion device enrol|maf-key … (a device enrols with a MEF, gets a MAF key; see: bastion device help)
                   bastion cse deregister [--admin-port N | --admin URL | --config FILE]
                   bastion explain --from ORIGINATOR --op OPERATION --to TARGET [--ty TYPE] [--ip ADDR] [--at TIME]
                                   [--rids ROLE-ID[,…]] [--tids TOKEN-ID[,…]] [--token FILE|- …] [--via CSE-ID]
                                   [--admin-port N | --admin URL | --config FILE]
              run      start the CSE (defaults: HTTP on 127.0.0.1:8080, admin endpoint on 127.0.0.1:8079 (-1 = none),
                       data in ./data, CSE-ID /id-in, CSEBase cse-in)
              cse deregister  de-register the running CSE from its registrar (registrar.*): DELETE of its remoteCSE
                       there, then of the registrar's remoteCSE here; exit code 0 done, 1 refused, 2 usage or
                       connection error
              explain  print the access decision the running CSE would make, and its reasons; OPERATION is create
                       (with --ty N), retrieve, update, delete, notify or discovery; TIME like 20261123T120000 (UTC);
                       --token reads compact tokens (one, or several joined by '+') from FILE or stdin (-);
                       they are verified as a request's would be, no DAS is consulted and nothing is cached;
                       --via CSE-ID: as arriving over a security association proving that CSE (another CSE handing
                       it over): whether the registrar's handover check accepts the originator from it, and the route;
                       exit code 0 PERMIT, 1 DENY, 2 usage or connection error
            """;
    /** The slf4j-simple level of Californium's per-datagram "ban" logger. */
    static final String CALIFORNIUM_BAN_LEVEL = "org.slf4j.simpleLogger.log.org.eclipse.californium.ban";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String cmd = args.get(0);
        if (cmd.equals("explain")) {
            return ExplainCommand.run(args.subList(1, args.size()), out, err);
        }
        if (cmd.equals("credentials")) {
            return CredentialsCommand.run(args.subList(1, args.size()), System.in, out, err);
        }
        if (cmd.equals("cse")) {
            return CseCommand.run(args.subList(1, args.size()), out, err);
        }
        if (cmd.equals("das")) {
            return DasCommand.run(args.subList(1, args.size()), out, err);
        }
        if (cmd.equals("maf")) {
            return MafCommand.run(args.subList(1, args.size()), out, err);
        }
        if (cmd.equals("mef")) {
            return MefCommand.run(args.subList(1, args.size()), System.in, out, err);
        }
        if (cmd.equals("device")) {
            return DeviceCommand.run(args.subList(1, args.size()), System.in, out, err);
        }
        if (!cmd.equals("run")) {
            err.println("bastion: unknown or not yet available command '" + cmd + "'");
            err.print(USAGE);
            return 2;
        }
        ServerConfig config;
        try {
            config = parseRun(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        // Californium writes one line per malformed datagram (with its sender, for fail2ban), which lets garbage
        // flood the log; the CoAP doors write rate-limited lines instead. A -D option of the same name restores it.
        if (System.getProperty(CALIFORNIUM_BAN_LEVEL) == null) {
            System.setProperty(CALIFORNIUM_BAN_LEVEL, "warn");
        }
        BastionServer server;
        try {
            server = BastionServer.start(config);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bastion-shutdown"));
        out.println("listening http=" + server.httpPort()
                + (server.httpsPort() >= 0 ? " https=" + server.httpsPort() : "")
                + (server.pskPort() >= 0 ? " psk=" + server.pskPort() : "")
                + (server.coapPort() >= 0 ? " coap=" + server.coapPort() : "")
                + (server.coapsPort() >= 0 ? " coaps=" + server.coapsPort() : "")
                + (server.adminPort() >= 0 ? " admin=" + server.adminPort() : "")
                + (server.mqtt() != null ? " mqtt=" + server.mqtt().settings().pointOfAccess() : ""));
        out.flush();
        stopped.await();
        return 0;
    }

    static ServerConfig parseRun(List<String> args) throws IOException {
        ServerConfig c = ServerConfig.defaults();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--config")) {
                c = ServerConfig.load(Path.of(value(args, ++i, "--config")));
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--config" -> i++;
                case "--data" -> c = c.withDataDir(Path.of(value(args, ++i, a)));
                case "--bind" -> c = c.withBind(value(args, ++i, a));
                case "--http-port" -> c = c.withHttpPort(port(value(args, ++i, a), a));
                case "--admin-port" -> c = c.withAdminPort(adminPort(value(args, ++i, a), a));
                case "--psk-port" -> c = c.withPskPort(port(value(args, ++i, a), a));
                case "--https-port" -> c = c.withHttps(c.https().withPort(port(value(args, ++i, a), a)));
                case "--coap-port" -> c = c.withCoap(c.coap().withPort(port(value(args, ++i, a), a)));
                case "--coaps-port" -> c = c.withCoap(c.coap().withSecurePort(port(value(args, ++i, a), a)));
                case "--mqtt-url" -> c = c.withMqtt(c.mqtt().withUrl(value(args, ++i, a)));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return c;
    }

    private static int adminPort(String v, String option) {
        if (v.equals("-1")) {
            return -1;
        }
        try {
            return port(v, option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be a port number 0..65535, or -1 for none");
        }
    }
}
