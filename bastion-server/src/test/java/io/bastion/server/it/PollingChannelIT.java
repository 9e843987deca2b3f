package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.time.MutableClock;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.PollingConfig;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <pollingChannel>} over real HTTP (TS-0001 10.2.5.12 to 10.2.5.19, TS-0004 7.4.21, 7.4.22): an AE that is not
 * request-reachable gets its notifications and the requests addressed to it through long polls on {@code pcu}, and
 * nothing at its point of access; it answers through the channel; only it may poll; the channel is bounded and what
 * waits in it expires.
 */
class PollingChannelIT {
    static final AtomicInteger SEQ = new AtomicInteger();
    /** Small bounds, so that filling a channel is cheap: 3 primitives, polls held at most 2 s. */
    static final PollingConfig POLLING = new PollingConfig(3, 4096, Duration.ofSeconds(2), Duration.ofSeconds(300));

    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();
    @RegisterExtension
    static final TestServer cse = new TestServer().configured(c -> c.withPolling(POLLING))
            .registering("Cother", "other");
    static final M2m m2m = cse.client();

    /** A registered AE with rr=false and a poa the receiver watches, with its polling channel {@code ch}. */
    record PollingAe(String id, String path, String poa) {
        String pcu() {
            return path + "/ch/pcu";
        }
    }

    static PollingAe pollingAe() {
        int n = SEQ.incrementAndGet();
        String id = "Cpl" + n;
        String poa = "/poa-pl" + n;
        m2m.registerAe(id, "pl" + n, rx.url(poa)); // rr=false
        m2m.create(id, "/cse-in/pl" + n, 15, "{\"m2m:pch\":{\"rn\":\"ch\"}}").expect(2001);
        return new PollingAe(id, "/cse-in/pl" + n, poa);
    }

    static CompletableFuture<M2m.Rsp> pollAsync(M2m client, PollingAe ae) {
        return CompletableFuture.supplyAsync(() -> client.retrieve(ae.id(), ae.pcu()));
    }

    static JsonNode rqp(M2m.Rsp poll) {
        poll.expect(2000);
        JsonNode rqp = poll.json().path("m2m:rqp");
        assertThat(rqp.isObject()).as("a poll answers m2m:rqp: %s", poll.body()).isTrue();
        return rqp;
    }

    static String rsp(int rsc, String rqi, String pc) {
        return "{\"m2m:rsp\":{\"rsc\":" + rsc + ",\"rqi\":\"" + rqi + "\"" + (pc == null ? "" : ",\"pc\":" + pc)
                + "}}";
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static int polls(String ae) {
        return cse.server().cse().pollingChannels().polls(ae);
    }

    static int waiting(String ae) {
        return cse.server().cse().pollingChannels().waiting(ae);
    }

    /** A container of the AE with a subscription that notifies the AE itself (by its AE-ID) of new instances. */
    static String subscribedContainer(PollingAe ae) {
        m2m.createContainer(ae.id(), ae.path(), "box");
        m2m.create(ae.id(), ae.path() + "/box", 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + ae.id()
                + "\"],\"enc\":{\"net\":[3]}}}").expect(2001);
        return ae.path() + "/box";
    }

    // ------------------------------------------------------------------------------------------ notifications

    @Test
    void anAeThatIsNotRequestReachableGetsItsNotificationsByLongPollingAndNoneAtItsPoa() throws Exception {
        PollingAe ae = pollingAe();
        String box = subscribedContainer(ae);

        // a poll waits (held, no worker thread) until the notification arrives
        CompletableFuture<M2m.Rsp> poll = pollAsync(m2m, ae);
        await(() -> polls(ae.id()) == 1, "the poll waits");
        m2m.createCin(ae.id(), box, "by polling").expect(2001);
        JsonNode rqp = rqp(poll.get(10, TimeUnit.SECONDS));
        assertThat(rqp.path("op").asInt()).isEqualTo(5);
        assertThat(rqp.path("to").asText()).isEqualTo(M2m.CSE_ID + "/" + ae.id());
        assertThat(rqp.path("fr").asText()).isEqualTo(M2m.CSE_ID);
        assertThat(rqp.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:cin").path("con").asText())
                .isEqualTo("by polling");

        // one that arrives while nobody polls waits for the next poll, which is answered at once
        m2m.createCin(ae.id(), box, "kept for later").expect(2001);
        await(() -> waiting(ae.id()) == 1, "the notification waits in the channel");
        JsonNode later = rqp(m2m.retrieve(ae.id(), ae.pcu()));
        assertThat(later.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:cin").path("con").asText())
                .isEqualTo("kept for later");

        // the AE answers each one through the channel (TS-0004 7.4.22.2.5); a second answer finds nothing
        m2m.notifyTo(ae.id(), ae.pcu(), rsp(2000, rqp.path("rqi").asText(), null)).expect(2000);
        m2m.notifyTo(ae.id(), ae.pcu(), rsp(2000, later.path("rqi").asText(), null)).expect(2000);
        m2m.notifyTo(ae.id(), ae.pcu(), rsp(2000, later.path("rqi").asText(), null)).expect(4004);

        assertThat(rx.drain(ae.poa(), Duration.ofMillis(300))).as("nothing at the poa of an rr=false AE").isEmpty();
    }

    @Test
    void aNotificationIsNotLostToAPollWhoseConnectionClosed() throws Exception {
        PollingAe ae = pollingAe();
        String box = subscribedContainer(ae);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), m2m.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + ae.pcu() + " HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: " + ae.id()
                    + "\r\nX-M2M-RI: gone\r\nX-M2M-RVI: 3\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(() -> polls(ae.id()) == 1, "the raw poll waits");
        }
        // the closed connection takes its poll out of line ...
        await(() -> polls(ae.id()) == 0, "the closed poll lets go");
        // ... so the next notification waits for the next poll instead of going to nobody
        m2m.createCin(ae.id(), box, "not lost").expect(2001);
        JsonNode rqp = rqp(m2m.retrieve(ae.id(), ae.pcu()));
        assertThat(rqp.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:cin").path("con").asText())
                .isEqualTo("not lost");
    }

    // --------------------------------------------------------------------------------------------- requests

    @Test
    void aRequestAddressedToAPollingAeIsAnsweredThroughItsChannel() throws Exception {
        PollingAe ae = pollingAe();
        m2m.registerAe("Csender" + ae.id(), "sender" + ae.id());
        String sender = "Csender" + ae.id();
        // the AE lets the sender NOTIFY it (TS-0004 7.3.3.9.1: a NOTIFY to an AE needs the NOTIFY privilege)
        String acp = m2m.createAcp(ae.id(), ae.path(), "letSender", rules(rule(16, sender), rule(63, ae.id())),
                rules(rule(63, ae.id())));
        m2m.update(ae.id(), ae.path(), "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);

        String sgn = "{\"m2m:sgn\":{\"nev\":{\"rep\":{\"m2m:cin\":{\"con\":\"ping\"}},\"net\":3},"
                + "\"sur\":\"/id-in/elsewhere\"}}";
        CompletableFuture<M2m.Rsp> sent = CompletableFuture.supplyAsync(() -> m2m.notifyTo(sender, ae.path(), sgn));
        JsonNode rqp = rqp(m2m.retrieve(ae.id(), ae.pcu()));
        assertThat(rqp.path("fr").asText()).isEqualTo(sender);
        assertThat(rqp.path("op").asInt()).isEqualTo(5);
        assertThat(rqp.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:cin").path("con").asText())
                .isEqualTo("ping");
        assertThat(sent).isNotDone(); // the sender waits for the AE's answer

        m2m.notifyTo(ae.id(), ae.pcu(), rsp(2000, rqp.path("rqi").asText(), "{\"m2m:dbg\":\"pong\"}"))
                .expect(2000);
        M2m.Rsp answered = sent.get(10, TimeUnit.SECONDS).expect(2000);
        assertThat(answered.json().path("m2m:dbg").asText()).isEqualTo("pong");
        assertThat(answered.header("X-M2M-RI")).isEqualTo(rqp.path("rqi").asText());
        assertThat(rx.drain(ae.poa(), Duration.ofMillis(300))).isEmpty();

        // an answer must be m2m:rsp naming the request
        m2m.notifyTo(ae.id(), ae.pcu(), "{\"m2m:sgn\":{\"sur\":\"x\"}}").expect(4000);
        m2m.notifyTo(ae.id(), ae.pcu(), "{\"m2m:rsp\":{\"rsc\":2000}}").expect(4000);
        m2m.notifyTo(ae.id(), ae.pcu(), "{\"m2m:rsp\":{\"rsc\":1234,\"rqi\":\"x\"}}").expect(4000);
    }

    // ---------------------------------------------------------------------------------------- who may poll

    @Test
    void onlyTheAeThatCreatedTheChannelMayUseItNotEvenTheAdmin() {
        PollingAe ae = pollingAe();
        for (String who : new String[] {"Cother", M2m.ADMIN}) {
            M2m.Rsp r = m2m.retrieve(who, ae.pcu()).expect(4103);
            assertThat(r.status()).isEqualTo(403);
            m2m.notifyTo(who, ae.pcu(), rsp(2000, "x", null)).expect(4103);
            m2m.retrieve(who, ae.path() + "/ch").expect(4103);
            m2m.update(who, ae.path() + "/ch", "{\"m2m:pch\":{\"lbl\":[\"x\"]}}").expect(4103);
            m2m.delete(who, ae.path() + "/ch").expect(4103);
        }
        // nor may anyone but the AE create one for it (TS-0004 7.4.21.2.1), even where its policies let them create
        PollingAe open = pollingAe();
        m2m.delete(open.id(), open.path() + "/ch").expect(2002);
        String acp = m2m.createAcp(open.id(), open.path(), "all", rules(rule(63, "Cother", open.id())),
                rules(rule(63, open.id())));
        m2m.update(open.id(), open.path(), "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        m2m.create("Cother", open.path(), 15, "{\"m2m:pch\":{\"rn\":\"ch\"}}").expect(4103);
        m2m.create(M2m.ADMIN, open.path(), 15, "{\"m2m:pch\":{\"rn\":\"ch\"}}").expect(4103);
        m2m.create(open.id(), open.path(), 15, "{\"m2m:pch\":{\"rn\":\"ch\"}}").expect(2001);

        // and explain says why, in the operator's words
        JsonNode no = cse.explain("from", "Cother", "op", "retrieve", "to", ae.pcu());
        assertThat(no.path("decision").asText()).isEqualTo("DENY");
        assertThat(no.path("rsc").asInt()).isEqualTo(4103);
        assertThat(no.path("explain").asText()).contains("only the creator of pollingChannel")
                .contains(ae.id());
        JsonNode yes = cse.explain("from", ae.id(), "op", "retrieve", "to", ae.pcu());
        assertThat(yes.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(yes.path("summary").asText()).contains("registree");
    }

    @Test
    void theChannelItselfFollowsItsTypesRules() throws Exception {
        PollingAe ae = pollingAe();
        M2m.Rsp r = m2m.retrieve(ae.id(), ae.path() + "/ch").expect(2000);
        assertThat(r.json().path("m2m:pch").path("ty").asInt()).isEqualTo(15);
        assertThat(r.json().path("m2m:pch").path("pi").asText()).isEqualTo(ae.id());
        m2m.update(ae.id(), ae.path() + "/ch", "{\"m2m:pch\":{\"lbl\":[\"sleepy\"]}}").expect(2004);
        // one per AE (TS-0001 table 9.6.5-2, 0..1), only under an AE, no attributes of its own
        m2m.create(ae.id(), ae.path(), 15, "{\"m2m:pch\":{\"rn\":\"second\"}}").expect(4105);
        m2m.createContainer(ae.id(), ae.path(), "c");
        m2m.create(ae.id(), ae.path() + "/c", 15, "{\"m2m:pch\":{}}").expect(4108);
        assertThat(m2m.update(ae.id(), ae.path() + "/ch", "{\"m2m:pch\":{\"poa\":[\"x\"]}}").expect(4000).dbg())
                .contains("poa");
        // pcu is polled and answered through, nothing else (TS-0004 7.4.22.2.1, .3, .4)
        m2m.update(ae.id(), ae.pcu(), "{\"m2m:pch\":{\"lbl\":[\"x\"]}}").expect(4005);
        m2m.delete(ae.id(), ae.pcu()).expect(4005);
        m2m.create(ae.id(), ae.pcu(), 3, "{\"m2m:cnt\":{}}").expect(4005);
        // discovery finds it for its owner only
        assertThat(m2m.retrieve(ae.id(), ae.path() + "?fu=1&ty=15").expect(2000).uris())
                .containsExactly(ae.path().substring(1) + "/ch");
        assertThat(m2m.retrieve(M2m.ADMIN, ae.path() + "?fu=1&ty=15").expect(2000).uris()).isEmpty();
        // a poll waiting when the channel is deleted is told so
        CompletableFuture<M2m.Rsp> poll = pollAsync(m2m, ae);
        await(() -> polls(ae.id()) == 1, "the poll waits");
        m2m.delete(ae.id(), ae.path() + "/ch").expect(2002);
        assertThat(poll.join().rsc()).isEqualTo(4004);
        // it decides where the AE's requests go: its changes are audited
        String ri = r.ri();
        assertThat(AuditLogIT.entries(cse.server(), cse.dir().resolve("audit.log")).stream()
                .filter(e -> e.has("change") && ri.equals(e.path("target").path("ri").asText()))
                .map(e -> e.path("change").asText()).toList()).containsExactly("CREATED", "UPDATED", "DELETED");
    }

    // --------------------------------------------------------------------------------- bounds and timeouts

    @Test
    void aFullChannelRefusesWith5207AndCountsTheDroppedNotification() throws Exception {
        PollingAe ae = pollingAe();
        String box = subscribedContainer(ae);
        for (int i = 0; i < POLLING.maxQueued(); i++) {
            m2m.createCin(ae.id(), box, "n" + i).expect(2001);
        }
        await(() -> waiting(ae.id()) == POLLING.maxQueued(), "the channel fills");
        long dropped = cse.server().cse().dispatcher().stats().dropped();
        long refused = cse.server().cse().pollingChannels().stats().refused();
        m2m.createCin(ae.id(), box, "one too many").expect(2001);
        await(() -> cse.server().cse().dispatcher().stats().dropped() == dropped + 1, "the notification is dropped");
        assertThat(cse.server().cse().pollingChannels().stats().refused()).isEqualTo(refused + 1);

        // a request that finds it full is refused at once (TS-0004 7.4.7.2.1 answers a full bounded store so)
        String acp = m2m.createAcp(ae.id(), ae.path(), "letOther", rules(rule(16, "Cother"), rule(63, ae.id())),
                rules(rule(63, ae.id())));
        m2m.update(ae.id(), ae.path(), "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        M2m.Rsp full = m2m.notifyTo("Cother", ae.path(), "{\"m2m:sgn\":{\"nev\":{\"net\":3},\"sur\":\"/id-x/s\"}}")
                .expect(5207);
        assertThat(full.dbg()).contains("full").contains("polling.max-queued");

        // the oldest first, then room again
        for (int i = 0; i < POLLING.maxQueued(); i++) {
            JsonNode rqp = rqp(m2m.retrieve(ae.id(), ae.pcu()));
            assertThat(rqp.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:cin").path("con").asText())
                    .isEqualTo("n" + i);
        }
        assertThat(waiting(ae.id())).isZero();
    }

    @Test
    void aPollThatNothingReachesIsAnsweredRequestTimeout() {
        PollingAe ae = pollingAe();
        // its own rqet (1 s, relative) shortens polling.timeout-s (2 s here); TS-0004 7.4.22.2.2: REQUEST_TIMEOUT
        long start = System.nanoTime();
        M2m.Rsp r = m2m.request("GET", ae.pcu()).from(ae.id()).header("X-M2M-RET", "1000").send().expect(4008);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(took).isBetween(900L, 1900L);
        assertThat(r.dbg()).contains("poll again");
        // without rqet, polling.timeout-s bounds it
        start = System.nanoTime();
        m2m.retrieve(ae.id(), ae.pcu()).expect(4008);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1900L, 3500L);
        assertThat(polls(ae.id())).isZero();
    }

    @Test
    void whatWaitsInAChannelExpiresByItsRqetOnTheCsesClock(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        ServerConfig config = M2m.config(dir).withPolling(new PollingConfig(10, 65536, Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
        try (BastionServer s = BastionServer.start(config, clock)) {
            M2m c = new M2m(s.httpPort());
            c.registerAe("Csleepy", "sleepy");
            c.create("Csleepy", "/cse-in/sleepy", 15, "{\"m2m:pch\":{\"rn\":\"ch\"}}").expect(2001);
            c.registerAe("Cwaker", "waker");
            String acp = c.createAcp("Csleepy", "/cse-in/sleepy", "letWaker",
                    rules(rule(16, "Cwaker"), rule(63, "Csleepy")), rules(rule(63, "Csleepy")));
            c.update("Csleepy", "/cse-in/sleepy", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);

            // a request that may wait 30 s by the CSE's clock
            String rqet = Timestamps.format(clock.instant().plusSeconds(30));
            CompletableFuture<M2m.Rsp> sent = CompletableFuture.supplyAsync(() -> c.request("POST", "/cse-in/sleepy")
                    .from("Cwaker").header("X-M2M-RET", rqet)
                    .body("{\"m2m:sgn\":{\"nev\":{\"net\":3},\"sur\":\"/id-x/s\"}}").send());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.cse().pollingChannels().waiting("Csleepy") == 0) {
                assertThat(System.nanoTime()).as("the request waits in the channel").isLessThan(deadline);
                Thread.sleep(20);
            }
            // 31 s later by the clock it is gone: the poll finds nothing, the requester is told at once
            clock.advance(Duration.ofSeconds(31));
            c.retrieve("Csleepy", "/cse-in/sleepy/ch/pcu").expect(4008);
            M2m.Rsp expired = sent.get(5, TimeUnit.SECONDS).expect(4008);
            assertThat(expired.dbg()).contains("expired");
            assertThat(s.cse().pollingChannels().stats().expired()).isEqualTo(1);
        }
    }
}
