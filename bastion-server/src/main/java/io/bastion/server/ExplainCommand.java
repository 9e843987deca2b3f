package io.bastion.server;

import static io.bastion.server.CommandOptions.port;
import static io.bastion.server.CommandOptions.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
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

/**
 * {@code bastion explain} (DESIGN.md section 5): asks the admin endpoint of a running CSE ({@code GET /explain}) what
 * it would decide for a request and why, and prints the decision with its trail and context, one labelled line each.
 * Tokens go in the {@code Authorization} header, never in the URL.
 *
 * <p>Exit codes: 0 PERMIT, 1 DENY, 2 usage error, a refused query or no endpoint to ask.
 */
final class ExplainCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainCommand() {
    }

    /**
     * Runs {@code bastion explain ARGS}.
     *
     * @return 0 for PERMIT, 1 for DENY, 2 for a usage error, a refused query or no endpoint to ask
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        Question q;
        try {
            q = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(Main.USAGE);
            return 2;
        } catch (IOException e) {
            err.println("bastion: cannot read the configuration: " + e.getMessage());
            return 2;
        }
        if (q == null) {
            out.print(Main.USAGE);
            return 0;
        }
        JsonNode e = ask(q, err);
        if (e == null) {
            return 2;
        }
        print(e, out);
        out.flush();
        return "PERMIT".equals(e.path("decision").asText()) ? 0 : 1;
    }

    /**
     * What to ask the admin endpoint.
     *
     * @param query the parameters of {@code GET /explain}, in the order given
     * @param tokens the compact tokens for the {@code Authorization} header
     * @param admin the endpoint's base URL, without a trailing slash
     */
    record Question(Map<String, String> query, List<String> tokens, String admin) {
    }

    /** The question the options ask, or null for {@code --help}. */
    static Question parse(List<String> args) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        Integer adminPort = null;
        String adminUrl = null;
        Path config = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--rids", "--tids" -> query.merge(a.substring(2), value(args, ++i, a), (x, y) -> x + "," + y);
                case "--token" -> tokens.addAll(readTokens(value(args, ++i, a)));
                case "--from", "--op", "--to", "--ty", "--ip", "--at", "--via" -> {
                    if (query.put(a.substring(2), value(args, ++i, a)) != null) {
                        throw new IllegalArgumentException(a + " given twice");
                    }
                }
                case "--admin-port" -> adminPort = port(value(args, ++i, a), a);
                case "--admin" -> adminUrl = value(args, ++i, a);
                case "--config" -> config = Path.of(value(args, ++i, a));
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        for (String required : List.of("from", "op", "to")) {
            if (!query.containsKey(required)) {
                throw new IllegalArgumentException("explain needs --" + required);
            }
        }
        return new Question(query, tokens, CommandOptions.adminBase(adminPort, adminUrl, config));
    }

    /** The explanation the endpoint answers, or null after saying on {@code err} why there is none. */
    private static JsonNode ask(Question question, PrintStream err) {
        String admin = question.admin();
        StringBuilder q = new StringBuilder();
        question.query().forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri;
        try {
            uri = URI.create(admin + "/explain?" + q);
        } catch (IllegalArgumentException e) {
            err.println("bastion: not a usable admin URL: " + admin);
            return null;
        }
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder rq = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
            if (!question.tokens().isEmpty()) {
                rq.header("Authorization", "Bearer " + String.join("+", question.tokens())); // never in the URL
            }
            r = client.send(rq.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("bastion: no Bastion admin endpoint at " + admin + " — is the CSE running? (its admin port "
                    + "is in the 'listening … admin=PORT' line; pass --admin-port N or --admin URL)");
            return null;
        } catch (HttpTimeoutException e) {
            err.println("bastion: the admin endpoint at " + admin + " did not answer in time");
            return null;
        } catch (IOException e) {
            err.println("bastion: cannot reach the admin endpoint at " + admin + ": " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bastion: interrupted");
            return null;
        }
        if (r.statusCode() != 200) {
            err.println("bastion: " + r.body().strip() + " (HTTP " + r.statusCode() + " from " + admin + ")");
            return null;
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException ex) {
            err.println("bastion: " + admin + " answered something that is not an explanation");
            return null;
        }
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
        for (JsonNode n : e.path("mcc")) {
            out.println(label("mcc") + n.asText());
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
}
