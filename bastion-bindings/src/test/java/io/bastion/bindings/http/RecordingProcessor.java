package io.bastion.bindings.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.binding.RequestProcessor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test double of the CSE: records what the binding hands over and answers as the test says. */
final class RecordingProcessor implements RequestProcessor {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Peer> peers = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile Function<Request, Response> answer = RecordingProcessor::ok;

    static Response ok(Request rq) {
        return Response.of(ResponseStatusCode.OK,
                JsonNodeFactory.instance.objectNode().set("m2m:cnt",
                        JsonNodeFactory.instance.objectNode().put("rn", "cnt1")));
    }

    void reset() {
        requests.clear();
        peers.clear();
        threads.clear();
        answer = RecordingProcessor::ok;
    }

    Request last() {
        return requests.isEmpty() ? null : requests.get(requests.size() - 1);
    }

    @Override
    public Response process(Request request, Peer peer) {
        requests.add(request);
        peers.add(peer);
        threads.add(Thread.currentThread().getName());
        return answer.apply(request);
    }
}
