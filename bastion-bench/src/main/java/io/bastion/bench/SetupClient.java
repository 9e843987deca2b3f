package io.bastion.bench;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Prepares a scenario's resources on the CSE. Every request's X-M2M-RSC is checked against what the scenario
 * needs; anything else stops the scenario with a {@link SetupException} that shows the request and the answer.
 */
final class SetupClient implements AutoCloseable {

    /** What came back: enough to check and to report. */
    record Reply(int httpStatus, String rsc, String body) {
    }

    private static final long TIMEOUT_SECONDS = 30;

    private final HttpClient client;
    private final String host;
    private final int port;
    private final String authority;
    /** Replaced when the CSE closed it (it closes connections idle for a minute, e.g. during long scenarios). */
    private Connection connection;
    private final AtomicInteger requestIds = new AtomicInteger();

    SetupClient(HttpClient client, String host, int port) throws InterruptedException {
        this.client = client;
        this.host = host;
        this.port = port;
        this.authority = host + ":" + port;
        this.connection = client.connect(host, port);
    }

    String authority() {
        return authority;
    }

    String nextRequestId() {
        return "bench-setup-" + requestIds.incrementAndGet();
    }

    /** CREATE; fails unless the CSE answers 2001 CREATED. Returns the response body. */
    String create(String parent, String originator, int ty, String json) throws InterruptedException {
        return expect(M2m.create(authority, parent, originator, nextRequestId(), ty, json), "2001",
                "CREATE ty=" + ty + " under " + parent + " as " + originator + " " + json);
    }

    /** RETRIEVE; fails unless the CSE answers 2000 OK. Returns the response body. */
    String retrieve(String uri, String originator) throws InterruptedException {
        return expect(M2m.retrieve(authority, uri, originator, nextRequestId()), "2000",
                "RETRIEVE " + uri + " as " + originator);
    }

    String expect(FullHttpRequest request, String expectedRsc, String what) throws InterruptedException {
        Reply reply = send(request, what);
        check(reply, expectedRsc, what);
        return reply.body();
    }

    private static void check(Reply reply, String expectedRsc, String what) {
        if (!expectedRsc.equals(reply.rsc())) {
            throw new SetupException(what + ": expected X-M2M-RSC " + expectedRsc + ", got "
                    + (reply.rsc() == null ? "no X-M2M-RSC" : reply.rsc()) + " (HTTP " + reply.httpStatus() + ")"
                    + (reply.body().isEmpty() ? "" : ", body: " + LoadRun.abbreviate(reply.body())));
        }
    }

    private Reply send(FullHttpRequest request, String what) throws InterruptedException {
        if (!connection.isOpen()) {
            connection.close();
            connection = client.connect(host, port);
        }
        CompletableFuture<Reply> result = new CompletableFuture<>();
        connection.send(request, new ResponseListener() {
            @Override
            public void onResponse(FullHttpResponse response) {
                result.complete(new Reply(response.status().code(), M2m.rsc(response), M2m.body(response)));
            }

            @Override
            public void onFailure(Throwable cause) {
                result.completeExceptionally(cause);
            }
        });
        try {
            return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new SetupException(what + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new SetupException(what + ": no answer within " + TIMEOUT_SECONDS + " s");
        }
    }

    /**
     * Sends {@code count} requests made by {@code request} over {@code parallel} connections (each one at a time)
     * and fails on the first answer that is not {@code expectedRsc}.
     */
    void sendAll(int count, IntFunction<FullHttpRequest> request, String expectedRsc, String what, int parallel)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < Math.min(parallel, count); i++) {
                Connection c = client.connect(host, port);
                connections.add(c);
                new ResponseListener() {
                    int current = -1;

                    void sendNext() {
                        if (all.isDone()) {
                            return;
                        }
                        current = next.getAndIncrement();
                        if (current < count) {
                            c.send(request.apply(current), this);
                        }
                    }

                    @Override
                    public void onResponse(FullHttpResponse response) {
                        Reply reply = new Reply(response.status().code(), M2m.rsc(response), M2m.body(response));
                        try {
                            check(reply, expectedRsc, what + " #" + current);
                        } catch (SetupException e) {
                            all.completeExceptionally(e);
                            return;
                        }
                        if (done.incrementAndGet() == count) {
                            all.complete(null);
                        } else {
                            sendNext();
                        }
                    }

                    @Override
                    public void onFailure(Throwable cause) {
                        if (!all.isDone()) {
                            all.completeExceptionally(new SetupException(what + " #" + current + ": " + cause));
                        }
                    }
                }.sendNext();
            }
            if (count == 0) {
                return;
            }
            try {
                all.get(Math.max(60, count / 10L), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof SetupException s ? s : new SetupException(what + ": " + e.getCause());
            } catch (TimeoutException e) {
                throw new SetupException(what + ": only " + done.get() + " of " + count + " done in time");
            }
        } finally {
            all.complete(null);
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
