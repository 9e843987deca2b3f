package io.bastion.cse.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.DispatcherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A notification travels over real HTTP to a receiver on a loopback port. */
class HttpDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(String origin, String requestId, String contentType, JsonNode body) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private NotificationDispatcher dispatcher;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/ntfy", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-M2M-Origin"),
                        exchange.getRequestHeaders().getFirst("X-M2M-RI"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), JSON.readTree(in)));
            }
            exchange.getResponseHeaders().add("X-M2M-RSC", "2000");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        dispatcher = new NotificationDispatcher(new MinimalHttpTransport(), DispatcherConfig.defaults());
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        receiver.stop(0);
    }

    @Test
    void theReceiverGetsTheSingleNotificationJson() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/ntfy";
        JsonNode cin = JSON.valueToTree(Map.of("m2m:cin", Map.of("ri", "cin1", "con", "on")));
        Request rq = Notifications.of("/id-in", "3").event(url,
                NotificationEvent.of("cse-in/ae1/cnt1/sub1", NotificationEventType.CREATE_OF_DIRECT_CHILD_RESOURCE,
                        cin).withCreator("Cae1"));

        DeliveryResult r = dispatcher.submit(NotificationJob.of(url, "sub1", rq)).get(10, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(DeliveryResult.Status.DELIVERED);
        assertThat(r.response().rsc()).isEqualTo(ResponseStatusCode.OK);
        Received got = received.poll(5, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.origin()).isEqualTo("/id-in");
        assertThat(got.requestId()).isEqualTo(rq.rqi());
        assertThat(got.contentType()).isEqualTo("application/json");
        assertThat(got.body()).isEqualTo(JSON.readTree(
                "{\"m2m:sgn\":{\"nev\":{\"rep\":{\"m2m:cin\":{\"ri\":\"cin1\",\"con\":\"on\"}},\"net\":3},"
                        + "\"sur\":\"cse-in/ae1/cnt1/sub1\",\"cr\":\"Cae1\"}}"));
    }

    /** Just enough of a TS-0009 NOTIFY over HTTP for this test; the real transport lives in bastion-bindings. */
    private static final class MinimalHttpTransport implements NotificationTransport {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        @Override
        public boolean supports(String poa) {
            return poa.startsWith("http://");
        }

        @Override
        public CompletableFuture<Response> send(String poa, Request notify, Serialization serialization,
                                                Duration timeout) {
            if (serialization != Serialization.JSON) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("JSON only"));
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(poa))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("X-M2M-Origin", notify.fr())
                        .header("X-M2M-RI", notify.rqi())
                        .header("X-M2M-RVI", notify.rvi())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(notify.pc())))
                        .build();
                return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(resp -> Response.of(ResponseStatusCode.fromCode(Integer.parseInt(
                                resp.headers().firstValue("X-M2M-RSC").orElse("5000"))), null));
            } catch (IOException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
