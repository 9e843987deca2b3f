package io.bastion.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The command line of DESIGN.md section 5: {@code run} starts the CSE; the other commands arrive with their issues. */
public final class Main {
    private static final String USAGE = """
            usage: bastion run [--config FILE] [--data DIR] [--bind ADDR] [--http-port N]
              run   start the CSE (defaults: HTTP on 127.0.0.1:8080, data in ./data, CSE-ID /id-in, CSEBase cse-in)
            """;

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
        BastionServer server = BastionServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bastion-shutdown"));
        out.println("listening http=" + server.httpPort());
        out.flush();
        stopped.await();
        return 0;
    }

    static ServerConfig parseRun(List<String> args) throws java.io.IOException {
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
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return c;
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
