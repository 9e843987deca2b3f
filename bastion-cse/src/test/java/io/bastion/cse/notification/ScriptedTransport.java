package io.bastion.cse.notification;

import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A test double of the transport edge: records every send and answers as each target is scripted to. */
final class ScriptedTransport implements NotificationTransport {

    record Call(String poa, Request request, Serialization serialization) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Call> arrivals = new LinkedBlockingQueue<>();
    private final Map<String, Function<Request, CompletableFuture<Response>>> scripts = new ConcurrentHashMap<>();
    private final Set<String> unsupported = ConcurrentHashMap.newKeySet();

    static CompletableFuture<Response> answer(ResponseStatusCode rsc) {
        return CompletableFuture.completedFuture(Response.of(rsc, null));
    }

    /** Every send to {@code poa} is answered by {@code script}; unscripted targets answer 2000 OK at once. */
    ScriptedTransport on(String poa, Function<Request, CompletableFuture<Response>> script) {
        scripts.put(poa, script);
        return this;
    }

    /** Sends to {@code poa} stay unanswered until the test completes the futures it takes from the queue. */
    BlockingQueue<CompletableFuture<Response>> hold(String poa) {
        BlockingQueue<CompletableFuture<Response>> held = new LinkedBlockingQueue<>();
        on(poa, rq -> {
            CompletableFuture<Response> f = new CompletableFuture<>();
            held.add(f);
            return f;
        });
        return held;
    }

    ScriptedTransport unsupported(String poa) {
        unsupported.add(poa);
        return this;
    }

    @Override
    public boolean supports(String poa) {
        return !unsupported.contains(poa);
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request notify, Serialization serialization,
                                            Duration timeout) {
        Call c = new Call(poa, notify, serialization);
        calls.add(c);
        arrivals.add(c);
        return scripts.getOrDefault(poa, rq -> answer(ResponseStatusCode.OK)).apply(notify);
    }

    List<Request> sentTo(String poa) {
        return calls.stream().filter(c -> c.poa().equals(poa)).map(Call::request).toList();
    }

    int sends() {
        return calls.size();
    }

    /** The next send, waiting up to five seconds for it. */
    Call awaitSend() throws InterruptedException {
        Call c = arrivals.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no send within 5 s");
        }
        return c;
    }
}
