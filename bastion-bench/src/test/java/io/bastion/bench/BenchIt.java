package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.CredentialsCommand;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** What the bench's integration tests share: one request and its answer, and closing what a test class opened. */
final class BenchIt {
    private BenchIt() {
    }

    /**
     * Sends {@code request} over {@code c}, waits up to 30 s for the answer, which {@code verdict} reads while it is
     * alive, and closes the connection.
     */
    static String exchange(Connection c, FullHttpRequest request, Function<FullHttpResponse, String> verdict)
            throws Exception {
        try {
            CompletableFuture<String> answer = new CompletableFuture<>();
            c.send(request, new ResponseListener() {
                @Override
                public void onResponse(FullHttpResponse response) {
                    answer.complete(verdict.apply(response));
                }

                @Override
                public void onFailure(Throwable cause) {
                    answer.completeExceptionally(cause);
                }
            });
            return answer.get(30, TimeUnit.SECONDS);
        } finally {
            c.close();
        }
    }

    /**
     * The server's {@code credentials} command in this JVM, as the bench runs it from the jar ({@code args} start with
     * {@code credentials}); fails unless it exits 0. Returns what it printed.
     */
    static String credentials(List<String> args, String stdin) {
        assertThat(args.get(0)).isEqualTo("credentials");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        InputStream in = stdin == null ? InputStream.nullInputStream()
                : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int rc = CredentialsCommand.run(args.subList(1, args.size()), in, print, print);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text).isZero();
        return text;
    }

    /** Closes, in order, those of {@code resources} that were opened (not null). */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable r : resources) {
            if (r != null) {
                r.close();
            }
        }
    }
}
