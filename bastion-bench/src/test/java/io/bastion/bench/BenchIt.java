package io.bastion.bench;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
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

    /** Closes, in order, those of {@code resources} that were opened (not null). */
    static void closeAll(AutoCloseable... resources) throws Exception {
        for (AutoCloseable r : resources) {
            if (r != null) {
                r.close();
            }
        }
    }
}
