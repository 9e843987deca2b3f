package io.bastion.client.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.core.primitive.OneM2MException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The receiver's answers over real HTTP: verification requests checked as TS-0004 7.5.1.2.3 says and never handed on,
 * notifications handed on and answered 2000, every malformed or unexpected NOTIFY answered with its code and a
 * reason, the request identifier echoed.
 */
class NotificationReceiverTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final List<Notification> handed = new CopyOnWriteArrayList<>();
    static NotificationReceiver rx;
    static volatile boolean handlerFails;

    @BeforeAll
    static void start() {
        rx = NotificationReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "/notify", n -> {
            if (handlerFails) {
                throw new IllegalStateException("the application is broken");
            }
            handed.add(n);
        });
        rx.expect("/id-in", "Cmyapp");
        rx.respond("m2m:seci", (fr, rqi, content) -> {
            int sit = content.path("m2m:seci").path("sit").asInt();
            if (sit == 99) {
                throw new IllegalStateException("the responder is broken");
            }
            if (sit != 3) {
                throw OneM2MException.badRequest("sit " + sit + " is not answered here");
            }
            return JsonNodeFactory.instance.objectNode().set("m2m:seci", JsonNodeFactory.instance.objectNode()
                    .put("sit", 4).put("to", fr).put("rqi", rqi));
        });
    }

    @AfterAll
    static void stop() {
        rx.close();
    }

    @BeforeEach
    void clear() {
        handed.clear();
        handlerFails = false;
    }

    static final String VERIFY = "{\"m2m:sgn\":{\"vrq\":true,\"sur\":\"/id-in/sub1\",\"cr\":\"%s\"}}";
    static final String EVENT = "{\"m2m:sgn\":{\"sur\":\"/id-in/sub1\",\"nev\":{\"net\":3,\"rep\":{\"m2m:cin\":"
            + "{\"con\":\"21.5\"}}}}}";

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("verification by the expected creator", "POST", "/id-in", "application/json",
                        VERIFY.formatted("Cmyapp"), 2000),
                Arguments.of("its SP-relative form counts too", "POST", "/id-in", "application/json",
                        VERIFY.formatted("/id-in/Cmyapp"), 2000),
                Arguments.of("verification by another creator", "POST", "/id-in", "application/json",
                        VERIFY.formatted("Cother"), 4101),
                Arguments.of("verification sent by another CSE", "POST", "/id-mn", "application/json",
                        VERIFY.formatted("Cmyapp"), 5205),
                Arguments.of("verification without a creator", "POST", "/id-in", "application/json",
                        "{\"m2m:sgn\":{\"vrq\":true,\"sur\":\"x\"}}", 4000),
                Arguments.of("notification from an unexpected CSE", "POST", "/id-mn", "application/json", EVENT,
                        4103),
                Arguments.of("no originator", "POST", null, "application/json", EVENT, 4000),
                Arguments.of("not a notification", "POST", "/id-in", "application/json", "{\"m2m:cin\":{}}", 4000),
                Arguments.of("not JSON", "POST", "/id-in", "application/json", "{\"m2m:sgn\":", 4000),
                Arguments.of("no content", "POST", "/id-in", "application/json", "", 4000),
                Arguments.of("a CREATE", "POST", "/id-in", "application/json;ty=4", EVENT, 4000),
                Arguments.of("XML without the oneM2M root", "POST", "/id-in", "application/xml", "<sgn/>", 4000),
                Arguments.of("YAML", "POST", "/id-in", "application/yaml", "sgn: {}", 4015),
                Arguments.of("too large", "POST", "/id-in", "application/json",
                        "{\"m2m:sgn\":{\"x\":\"" + "a".repeat(NotificationReceiver.MAX_BODY_BYTES) + "\"}}", 4000),
                Arguments.of("a GET", "GET", "/id-in", null, null, 4005));
    }

    @ParameterizedTest(name = "{0}: {5}")
    @MethodSource("answers")
    void answersWithTheCodeTheRequestDeserves(String name, String method, String fr, String ct, String body, int rsc)
            throws Exception {
        HttpResponse<String> r = send(method, fr, "rq-" + name.hashCode(), ct, body);
        assertThat(r.headers().firstValue("X-M2M-RSC")).hasValue(Integer.toString(rsc));
        assertThat(r.headers().firstValue("X-M2M-RI")).hasValue("rq-" + name.hashCode());
        if (rsc != 2000) {
            // in the request's serialization when it is read here, else JSON
            assertThat(r.body()).startsWith(ct != null && ct.endsWith("xml") ? "<?xml" : "{\"m2m:dbg\":\"")
                    .contains("m2m:dbg").doesNotContain("Exception");
        }
        assertThat(handed).as("nothing reaches the application").isEmpty();
    }

    @Test
    void aNotificationIsHandedOnAndAnswered2000() throws Exception {
        HttpResponse<String> r = send("POST", "/id-in", "n1", "application/json", EVENT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-M2M-RSC")).hasValue("2000");
        assertThat(handed).singleElement().satisfies(n -> {
            assertThat(n.originator()).isEqualTo("/id-in");
            assertThat(n.rqi()).isEqualTo("n1");
            assertThat(n.subscription()).isEqualTo("/id-in/sub1");
            assertThat(n.eventType()).isEqualTo(3);
            assertThat(n.representation().path("m2m:cin").path("con").asText()).isEqualTo("21.5");
            assertThat(n.isDeletionNotice()).isFalse();
        });
    }

    @Test
    void anotherObjectGoesToItsResponderWhoseResultIsTheAnswer() throws Exception {
        HttpResponse<String> r = send("POST", "Cpeer", "s1", "application/json", "{\"m2m:seci\":{\"sit\":3}}");
        assertThat(r.headers().firstValue("X-M2M-RSC")).hasValue("2000");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"m2m:seci\":{\"sit\":4,\"to\":\"Cpeer\",\"rqi\":\"s1\"}}");
        HttpResponse<String> refused = send("POST", "Cpeer", "s2", "application/json", "{\"m2m:seci\":{\"sit\":5}}");
        assertThat(refused.headers().firstValue("X-M2M-RSC")).hasValue("4000");
        assertThat(refused.body()).contains("sit 5");
        HttpResponse<String> broken = send("POST", "Cpeer", "s3", "application/json", "{\"m2m:seci\":{\"sit\":99}}");
        assertThat(broken.headers().firstValue("X-M2M-RSC")).hasValue("5000");
        assertThat(broken.body()).doesNotContain("broken");
        assertThat(handed).isEmpty();
    }

    @Test
    void aRequestWithoutRequestIdentifierIs4000() throws Exception {
        HttpResponse<String> r = send("POST", "/id-in", null, "application/json", EVENT);
        assertThat(r.headers().firstValue("X-M2M-RSC")).hasValue("4000");
        assertThat(r.body()).contains("X-M2M-RI");
    }

    @Test
    void aFailingHandlerIs5000WithoutItsDetails() throws Exception {
        handlerFails = true;
        HttpResponse<String> r = send("POST", "/id-in", "n2", "application/json", EVENT);
        assertThat(r.headers().firstValue("X-M2M-RSC")).hasValue("5000");
        assertThat(r.body()).doesNotContain("broken");
    }

    @Test
    void aReceiverNobodySubscribedRefusesEverything() throws Exception {
        try (NotificationReceiver fresh = NotificationReceiver.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), n -> handed.add(n))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(fresh.url()))
                    .header("X-M2M-Origin", "/id-in").header("X-M2M-RI", "v").header("Content-Type",
                            "application/json").POST(HttpRequest.BodyPublishers.ofString(VERIFY.formatted("Cmyapp")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("X-M2M-RSC")).hasValue("4101");
        }
        assertThat(handed).isEmpty();
    }

    static HttpResponse<String> send(String method, String fr, String rqi, String ct, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rx.url())).timeout(Duration.ofSeconds(10));
        if (fr != null) {
            b.header("X-M2M-Origin", fr);
        }
        if (rqi != null) {
            b.header("X-M2M-RI", rqi);
        }
        if (ct != null) {
            b.header("Content-Type", ct);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
