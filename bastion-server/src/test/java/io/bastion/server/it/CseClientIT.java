package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Filter;
import io.bastion.client.Result;
import io.bastion.client.notification.Notification;
import io.bastion.client.notification.NotificationReceiver;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.primitive.ResultContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client library (bastion-client) against a real server over HTTP: registration with a given and an assigned
 * AE-ID, CRUD, discovery, {@code la}/{@code ol}, a subscription whose verification the library's receiver answers and
 * whose notification it hands on, and the server's refusals surfaced as {@link CseException} with their codes.
 */
class CseClientIT {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @RegisterExtension
    static final TestServer server = new TestServer();

    static CseClient client(String originator) {
        return CseClient.builder("http://127.0.0.1:" + server.server().httpPort()).cseId(M2m.CSE_ID)
                .spId(M2m.SP_ID).originator(originator).build();
    }

    @Test
    void registersAndKeepsTheAeIdTheCseAssigned() {
        try (CseClient cse = client("C")) {
            Result r = cse.registerAe("assigned", "Nassigned");
            assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(cse.originator()).isNotEqualTo("C").startsWith("C").isEqualTo(r.attribute("aei"));
            // the assigned AE-ID is the originator from now on: the AE reads itself and owns what it creates
            assertThat(cse.retrieve("cse-in/assigned").attribute("aei")).isEqualTo(cse.originator());
            cse.createContainer("cse-in/assigned", "c");
            assertThat(cse.retrieve("cse-in/assigned/c").rsc()).isEqualTo(ResponseStatusCode.OK);
        }
    }

    @Test
    void createRetrieveUpdateDeleteInEveryAddressForm() {
        try (CseClient cse = client("Ccrud")) {
            cse.registerAe("crud", "Ncrud");
            Result cnt = cse.createContainer("cse-in/crud", "box");
            assertThat(cnt.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(cnt.root()).isEqualTo("m2m:cnt");
            cse.createContentInstance("cse-in/crud/box", "one");
            cse.createContentInstance("cse-in/crud/box", "two");
            assertThat(cse.latest("cse-in/crud/box").attribute("con")).isEqualTo("two");
            assertThat(cse.oldest("cse-in/crud/box").attribute("con")).isEqualTo("one");
            // the same resource, CSE-relative, SP-relative (/~) and absolute (/_), structured and by its ri
            assertThat(cse.retrieve(cse.spRelative("cse-in/crud/box")).ri()).isEqualTo(cnt.ri());
            assertThat(cse.retrieve(cse.absolute("cse-in/crud/box")).ri()).isEqualTo(cnt.ri());
            assertThat(cse.retrieve(cse.spRelative(cnt.ri())).ri()).isEqualTo(cnt.ri());
            Result children = cse.retrieve("cse-in/crud/box", ResultContent.ATTRIBUTES_AND_CHILD_RESOURCES);
            assertThat(children.resource().path("m2m:cin")).hasSize(2);
            Result updated = cse.update("cse-in/crud/box", NODES.objectNode().set("m2m:cnt",
                    NODES.objectNode().put("mni", 1)));
            assertThat(updated.rsc()).isEqualTo(ResponseStatusCode.UPDATED);
            assertThat(cse.retrieve("cse-in/crud/box").attribute("cni")).isEqualTo("1");
            assertThat(cse.delete("cse-in/crud/box").rsc()).isEqualTo(ResponseStatusCode.DELETED);
            assertThatThrownBy(() -> cse.retrieve("cse-in/crud/box")).isInstanceOfSatisfying(CseException.class,
                    e -> assertThat(e.code()).isEqualTo(4004));
        }
    }

    @Test
    void discoversWhatTheFilterAsks() {
        try (CseClient cse = client("Cfinder")) {
            cse.registerAe("finder", "Nfinder");
            cse.createContainer("cse-in/finder", "a");
            cse.create("cse-in/finder", 3, NODES.objectNode().set("m2m:cnt", NODES.objectNode().put("rn", "b")
                    .set("lbl", NODES.arrayNode().add("room:1"))));
            cse.createContentInstance("cse-in/finder/a", "x");
            assertThat(cse.discover("cse-in/finder", Filter.any().label("room:1"))).containsExactly("cse-in/finder/b");
            String cin = cse.latest("cse-in/finder/a").attribute("rn");
            assertThat(cse.discover("cse-in/finder", Filter.any().type(4))).containsExactly("cse-in/finder/a/" + cin);
            assertThat(cse.discover("cse-in/finder", Filter.any().type(3).limit(1))).hasSize(1);
        }
    }

    @Test
    void aSubscriptionIsVerifiedAndItsNotificationsArrive() throws Exception {
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        try (CseClient cse = client("Cwatcher");
             NotificationReceiver rx = NotificationReceiver.start(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "/watch", got::add)) {
            cse.registerAe("watcher", "Nwatcher");
            cse.createContainer("cse-in/watcher", "temp");
            // the CSE verifies the receiver before it creates the subscription (TS-0004 7.5.1.2.3): a 2001 here
            // means the receiver answered the verification request with 2000
            Result sub = cse.subscribe("cse-in/watcher/temp", "sub", rx, 3);
            assertThat(sub.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            cse.createContentInstance("cse-in/watcher/temp", "22.0");
            Notification n = got.poll(20, TimeUnit.SECONDS);
            assertThat(n).as("a notification of the new contentInstance").isNotNull();
            assertThat(n.originator()).isEqualTo(M2m.CSE_ID);
            assertThat(n.eventType()).isEqualTo(3);
            assertThat(n.representation().path("m2m:cin").path("con").asText()).isEqualTo("22.0");
            assertThat(n.subscription()).endsWith(sub.ri());
            // deleting the subscription notifies the subscriber, not the receiver (no su was given): nothing more
            cse.delete("cse-in/watcher/temp/sub");
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aReceiverThatDoesNotExpectTheSubscriberFailsTheSubscription() {
        try (CseClient cse = client("Cintruder");
             NotificationReceiver rx = NotificationReceiver.start(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), n -> { })) {
            cse.registerAe("intruder", "Nintruder");
            cse.createContainer("cse-in/intruder", "c");
            // someone else's receiver: created by hand, not through subscribe, so it answers the verification 4101
            String body = "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + rx.url() + "\"]}}";
            assertThatThrownBy(() -> cse.create("cse-in/intruder/c", 23, M2m.JSON.readTree(body)))
                    .isInstanceOfSatisfying(CseException.class, e -> assertThat(e.code()).isEqualTo(4101));
        }
    }

    @Test
    void refusalsCarryTheirCodeAndReason() {
        try (CseClient owner = client("Cowner1"); CseClient other = client("Cother1")) {
            owner.registerAe("owner1", "Nowner");
            other.registerAe("other1", "Nother");
            owner.createContainer("cse-in/owner1", "private");
            assertThatThrownBy(() -> other.retrieve("cse-in/owner1/private"))
                    .isInstanceOfSatisfying(CseException.class, e -> {
                        assertThat(e.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
                        assertThat(e.answered()).isTrue();
                        assertThat(e.dbg()).contains("RETRIEVE");
                    });
            assertThatThrownBy(() -> owner.retrieve("cse-in/owner1/nothing"))
                    .isInstanceOfSatisfying(CseException.class, e -> assertThat(e.code()).isEqualTo(4004));
            assertThatThrownBy(() -> owner.create("cse-in/owner1", 3, NODES.objectNode().set("m2m:cnt",
                    NODES.objectNode().put("mni", "many")))).isInstanceOfSatisfying(CseException.class, e -> {
                        assertThat(e.code()).isEqualTo(4000);
                        assertThat(e.dbg()).contains("mni");
                    });
            // the raw answer, for a caller that reads the code itself
            assertThat(other.send(other.request(Operation.DELETE, "cse-in/owner1/private").build()).rsc())
                    .isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        }
    }
}
