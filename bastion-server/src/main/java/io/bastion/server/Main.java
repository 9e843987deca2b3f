package io.bastion.server;

import static io.bastion.server.CommandOptions.port;
import static io.bastion.server.CommandOptions.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of DESIGN.md section 5: {@code run} starts the CSE, {@code explain} asks a running one why it would
 * permit or deny a request; the other commands arrive with their issues.
 */
public final class Main {
    private static final String USAGE = """
            usage: bastion run [--config FILE] [--data DIR] [--bind ADDR] [--http-port N] [--https-port N] [--psk-port N]
                               [--coap-port N] [--coaps-port N] [--admin-port N]
                   bastion credentials [--config FILE] [--data DIR] psk add --identity KPSAID --key HEX|- --ae AE-ID [--ae AE-ID…]
                   bastion credentials [--config FILE] [--data DIR] psk rotate --identity KPSAID --key HEX|-
                   bastion credentials [--config FILE] [--data DIR] psk list | psk remove --identity KPSAID
                   bastion credentials [--data DIR] cert trust FILE | cert untrust --fingerprint SHA256 | cert list
                   bastion credentials [--data DIR] cert bind --subject CREDENTIAL-ID --ae AE-ID [--ae AE-ID…]
                   bastion credentials [--data DIR] cert revoke|unrevoke --fingerprint SHA256
                   bastion das run [--port N] [--rules FILE] [--data DIR] [--bind ADDR] [--id DAS-ID] (see: bastion das help)
                   bastion explain --from ORIGINATOR --op OPERATION --to TARGET [--ty TYPE] [--ip ADDR] [--at TIME]
                                   [--rids ROLE-ID[,…]] [--tids TOKEN-ID[,…]] [--token FILE|- …]
                                   [--admin-port N | --admin URL | --config FILE]
              run      start the CSE (defaults: HTTP on 127.0.0.1:8080, admin endpoint on 127.0.0.1:8079 (-1 = none),
                       data in ./data, CSE-ID /id-in, CSEBase cse-in)
              explain  print the access decision the running CSE would make, and its reasons; OPERATION is create
                       (with --ty N), retrieve, update, delete, notify or discovery; TIME like 20261123T120000 (UTC);
                       --token reads compact tokens (one, or several joined by '+') from FILE or stdin (-);
                       they are verified as a request's would be, no DAS is consulted and nothing is cached;
                       exit code 0 PERMIT, 1 DENY, 2 usage or connection error
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
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
            return explain(args.subList(1, args.size()), out, err);
        }
        if (cmd.equals("credentials")) {
            return CredentialsCommand.run(args.subList(1, args.size()), System.in, out, err);
        }
        if (cmd.equals("das")) {
            return DasCommand.run(args.subList(1, args.size()), out, err);
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
                + (server.adminPort() >= 0 ? " admin=" + server.adminPort() : ""));
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
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------- explain

    /**
     * {@code explain}: asks the admin endpoint of the running CSE and prints the decision with its trail.
     *
     * @return 0 for PERMIT, 1 for DENY, 2 for a usage error, a refused query or no endpoint to ask
     */
    static int explain(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> query = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        String admin;
        try {
            Integer adminPort = null;
            String adminUrl = null;
            Path config = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--rids", "--tids" -> query.merge(a.substring(2), value(args, ++i, a),
                            (x, y) -> x + "," + y);
                    case "--token" -> tokens.addAll(readTokens(value(args, ++i, a)));
                    case "--from", "--op", "--to", "--ty", "--ip", "--at" -> {
                        if (query.put(a.substring(2), value(args, ++i, a)) != null) {
                            throw new IllegalArgumentException(a + " given twice");
                        }
                    }
                    case "--admin-port" -> adminPort = port(value(args, ++i, a), a);
                    case "--admin" -> adminUrl = value(args, ++i, a);
                    case "--config" -> config = Path.of(value(args, ++i, a));
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            for (String required : List.of("from", "op", "to")) {
                if (!query.containsKey(required)) {
                    throw new IllegalArgumentException("explain needs --" + required);
                }
            }
            admin = adminBase(adminPort, adminUrl, config);
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("bastion: cannot read the configuration: " + e.getMessage());
            return 2;
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri;
        try {
            uri = URI.create(admin + "/explain?" + q);
        } catch (IllegalArgumentException e) {
            err.println("bastion: not a usable admin URL: " + admin);
            return 2;
        }
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder rq = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
            if (!tokens.isEmpty()) {
                rq.header("Authorization", "Bearer " + String.join("+", tokens)); // never in the URL
            }
            r = client.send(rq.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("bastion: no Bastion admin endpoint at " + admin + " — is the CSE running? (its admin port "
                    + "is in the 'listening … admin=PORT' line; pass --admin-port N or --admin URL)");
            return 2;
        } catch (HttpTimeoutException e) {
            err.println("bastion: the admin endpoint at " + admin + " did not answer in time");
            return 2;
        } catch (IOException e) {
            err.println("bastion: cannot reach the admin endpoint at " + admin + ": " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bastion: interrupted");
            return 2;
        }
        if (r.statusCode() != 200) {
            err.println("bastion: " + r.body().strip() + " (HTTP " + r.statusCode() + " from " + admin + ")");
            return 2;
        }
        JsonNode e;
        try {
            e = JSON.readTree(r.body());
        } catch (IOException ex) {
            err.println("bastion: " + admin + " answered something that is not an explanation");
            return 2;
        }
        print(e, out);
        out.flush();
        return "PERMIT".equals(e.path("decision").asText()) ? 0 : 1;
    }

    /** The admin endpoint's base URL: --admin, else loopback with --admin-port, admin.port of --config, or 8079. */
    private static String adminBase(Integer port, String url, Path config) throws IOException {
        if (url != null) {
            if (port != null || config != null) {
                throw new IllegalArgumentException("--admin excludes --admin-port and --config");
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("--admin must be an http:// URL, e.g. http://127.0.0.1:8079");
            }
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        int p = ServerConfig.DEFAULT_ADMIN_PORT;
        if (port != null) {
            p = port;
        } else if (config != null) {
            p = ServerConfig.load(config).adminPort();
            if (p < 0) {
                throw new IllegalArgumentException("the admin endpoint is disabled in " + config + " (admin.port=-1)");
            }
        }
        if (p == 0) {
            throw new IllegalArgumentException("the admin port was chosen at start-up: pass --admin-port with the "
                    + "admin=PORT of the 'listening' line");
        }
        return "http://127.0.0.1:" + p;
    }

    /** The explanation as text: the decision and its trail, then the context, one labelled line each. */
    static void print(JsonNode e, PrintStream out) {
        out.println(e.path("explain").asText());
        if (e.hasNonNull("rsc")) {
            out.println(label("answer") + e.path("rsc").asText() + " " + e.path("status").asText()
                    + " (decided at " + e.path("step").asText() + ")");
        }
        String ty = e.hasNonNull("ty") ? " (ty " + e.path("ty").asText() + ")" : "";
        out.println(label("request") + (e.path("originator").asText().isEmpty() ? "(no originator)"
                : e.path("originator").asText()) + " " + e.path("op").asText() + ty + " " + e.path("to").asText());
        JsonNode t = e.path("target");
        if (t.isObject()) {
            out.println(label("target") + t.path("path").asText() + (t.hasNonNull("virtual")
                    ? "/" + t.path("virtual").asText() : "") + " (ri " + t.path("ri").asText() + ")");
        }
        out.println(label("rules") + e.path("rules").asText());
        out.println(label("time") + e.path("time").asText());
        out.println(label("source") + (e.hasNonNull("ip") ? e.path("ip").asText() : "(none given)"));
        for (JsonNode n : e.path("credentials")) {
            out.println(label("proof") + n.asText());
        }
        for (JsonNode n : e.path("refused")) {
            out.println(label("refused") + n.asText());
        }
        for (JsonNode n : e.path("dynamic")) {
            out.println(label("dynamic") + n.asText());
        }
        for (JsonNode n : e.path("notes")) {
            out.println(label("note") + n.asText());
        }
    }

    /**
     * The compact tokens in {@code FILE}, or on standard input for {@code -}: one or several, joined by {@code +} or
     * on separate lines. A missing or empty source is a usage error; the tokens themselves are checked by the CSE.
     */
    static List<String> readTokens(String source) {
        String text;
        try {
            text = source.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("--token: cannot read " + (source.equals("-") ? "standard input"
                    : source));
        }
        List<String> out = new ArrayList<>();
        for (String t : text.trim().split("[+\\s]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--token: " + (source.equals("-") ? "standard input" : source)
                    + " holds no token");
        }
        return out;
    }

    private static String label(String s) {
        return String.format("%-9s", s + ":");
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
