package io.bastion.server;

import static io.bastion.server.CommandOptions.port;
import static io.bastion.server.CommandOptions.value;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bastion cse deregister [--admin-port N | --admin URL | --config FILE]} (DESIGN.md section 5): asks the
 * running CSE, through its admin endpoint ({@code POST /cse/deregister}), to de-register from its registrar.
 *
 * <p>Exit codes: 0 de-registered, 1 refused (no registrar, the registrar unreachable or refusing), 2 usage error or no
 * endpoint to ask.
 */
final class CseCommand {
    static final String USAGE = "usage: bastion cse deregister [--admin-port N | --admin URL | --config FILE]\n";

    private CseCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("deregister")) {
            if (!args.isEmpty() && (args.get(0).equals("help") || args.get(0).equals("--help"))) {
                out.print(USAGE);
                return 0;
            }
            err.print(USAGE);
            return 2;
        }
        String admin;
        try {
            Integer adminPort = null;
            String adminUrl = null;
            Path config = null;
            for (int i = 1; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--admin-port" -> adminPort = port(value(args, ++i, a), a);
                    case "--admin" -> adminUrl = value(args, ++i, a);
                    case "--config" -> config = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            admin = CommandOptions.adminBase(adminPort, adminUrl, config);
        } catch (IllegalArgumentException e) {
            err.println("bastion: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("bastion: cannot read the configuration: " + e.getMessage());
            return 2;
        }
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build()) {
            r = client.send(HttpRequest.newBuilder(URI.create(admin + "/cse/deregister"))
                    .timeout(Duration.ofSeconds(60)).header("X-Bastion-Command", "deregister")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("bastion: no Bastion admin endpoint at " + admin + " — is the CSE running? (its admin port "
                    + "is in the 'listening … admin=PORT' line; pass --admin-port N or --admin URL)");
            return 2;
        } catch (HttpTimeoutException e) {
            err.println("bastion: the admin endpoint at " + admin + " did not answer in time");
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("bastion: cannot reach the admin endpoint at " + admin + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bastion: interrupted");
            return 2;
        }
        if (r.statusCode() == 200) {
            out.println(r.body().strip());
            return 0;
        }
        err.println("bastion: " + r.body().strip());
        return r.statusCode() == 409 || r.statusCode() == 502 ? 1 : 2;
    }
}
