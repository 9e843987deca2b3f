package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.it.NotificationReceiver.Received;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subscriber sees what became of its notifications (issue #6): with {@code notificationStatsEnable} ({@code nse})
 * true, the subscription's {@code notificationStatsInfo} ({@code nsi}) counts per target the NOTIFY requests issued
 * ({@code rqs}) and the responses received ({@code rsr}), so a target that did not get them shows more requests than
 * responses.
 */
class NotificationStatsIT {

    @RegisterExtension
    static final TestServer cse = new TestServer();
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    /**
     * Registers the AE {@code aeId} (not request-reachable unless changed) with a container; it subscribes there
     * itself, so it may name itself in nu. Returns the container's path.
     */
    static String home(String aeId, String rn) {
        m2m.registerAe(aeId, rn, rx.url("/" + rn));
        m2m.createContainer(aeId, "/cse-in/" + rn, "box");
        return "/cse-in/" + rn + "/box";
    }

    /** Creates {@code <container>/s} of {@code aeId} for child creations; returns its path. */
    static String subscribe(String aeId, String cnt, String nu, String extra) {
        m2m.create(aeId, cnt, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":" + nu + ",\"enc\":{\"net\":[3]}" + extra
                + "}}").expect(2001);
        return cnt + "/s";
    }

    /** The {@code nsi} entry of {@code tg} in a representation of the subscription, or a missing node. */
    static JsonNode entry(JsonNode sub, String tg) {
        for (JsonNode e : sub.path("nsi")) {
            if (e.path("tg").asText().equals(tg)) {
                return e;
            }
        }
        return sub.path("nsi").path(tg);
    }

    static void cins(String aeId, String cnt, int n) {
        for (int i = 0; i < n; i++) {
            m2m.createCin(aeId, cnt, "v" + i).expect(2001);
        }
    }

    /** Waits until the stored counts of {@code tg} are {@code rqs} and {@code rsr}; returns the subscription. */
    static JsonNode awaitCounts(String aeId, String sub, String tg, long rqs, long rsr) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s = m2m.retrieve(aeId, sub).expect(2000).inner();
        while (!(entry(s, tg).path("rqs").asLong(-1) == rqs && entry(s, tg).path("rsr").asLong(-1) == rsr)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = m2m.retrieve(aeId, sub).expect(2000).inner();
        }
        assertThat(entry(s, tg).path("rqs").asLong(-1)).as("rqs of %s in %s", tg, s.path("nsi")).isEqualTo(rqs);
        assertThat(entry(s, tg).path("rsr").asLong(-1)).as("rsr of %s in %s", tg, s.path("nsi")).isEqualTo(rsr);
        return s;
    }

    @Test
    void aTargetThatIsNotRequestReachableShowsRequestsWithoutResponses() throws InterruptedException {
        String cnt = home("Cstpoll", "stpoll"); // rr=false: it polls, nothing is sent to its poa
        JsonNode created = m2m.create("Cstpoll", cnt, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"Cstpoll\"],"
                + "\"enc\":{\"net\":[3]},\"nse\":true}}").expect(2001).inner();
        assertThat(entry(created, "Cstpoll").path("rqs").asLong(-1)).as("collecting from the start").isZero();
        assertThat(entry(created, "Cstpoll").path("rsr").asLong(-1)).isZero();

        cins("Cstpoll", cnt, 3);
        awaitCounts("Cstpoll", cnt + "/s", "Cstpoll", 3, 0);
        assertThat(rx.drain("/stpoll", Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aReachableReceiverAnswersEveryRequestWhileAnotherTargetGetsNothing() throws InterruptedException {
        String cnt = home("Cstxml", "stxml");
        // request-reachable, but nothing listens at its point of access
        m2m.update("Cstxml", "/cse-in/stxml", "{\"m2m:ae\":{\"rr\":true,\"poa\":[\"http://127.0.0.1:1/closed\"]}}")
                .expect(2004);
        String url = rx.url("/stats-ok");
        String sub = subscribe("Cstxml", cnt, "[\"" + url + "\",\"Cstxml\"]", ",\"nse\":true");
        rx.await("/stats-ok", Received::isVerification);

        cins("Cstxml", cnt, 4);
        for (int i = 0; i < 4; i++) {
            rx.await("/stats-ok", r -> r.net() == 3);
        }
        JsonNode s = awaitCounts("Cstxml", sub, url, 4, 4);
        awaitCounts("Cstxml", sub, "Cstxml", 4, 0);
        assertThat(s.path("nsi")).as("one entry per target, as nu gives it").hasSize(2);
        assertThat(rx.drain("/stxml", Duration.ofMillis(200))).isEmpty();

        // A response is a response whatever its status code: the receiver got the request.
        rx.answer("/stats-ok", 4004);
        cins("Cstxml", cnt, 1);
        awaitCounts("Cstxml", sub, url, 5, 5);
    }

    @Test
    void settingNseFromFalseToTrueRestartsTheStatisticsAndFalseKeepsTheLastValues() throws Exception {
        String cnt = home("Cstreset", "streset");
        String sub = subscribe("Cstreset", cnt, "[\"Cstreset\"]", ",\"nse\":true");
        cins("Cstreset", cnt, 2);
        awaitCounts("Cstreset", sub, "Cstreset", 2, 0);

        // Stopped: the last values stay, nothing more is counted.
        JsonNode stopped = m2m.update("Cstreset", sub, "{\"m2m:sub\":{\"nse\":false}}").expect(2004).inner();
        assertThat(entry(stopped, "Cstreset").path("rqs").asLong()).isEqualTo(2);
        cins("Cstreset", cnt, 2);
        Thread.sleep(600);
        awaitCounts("Cstreset", sub, "Cstreset", 2, 0);

        // Started again: afresh.
        JsonNode restarted = m2m.update("Cstreset", sub, "{\"m2m:sub\":{\"nse\":true}}").expect(2004).inner();
        assertThat(entry(restarted, "Cstreset").path("rqs").asLong(-1)).isZero();
        cins("Cstreset", cnt, 1);
        awaitCounts("Cstreset", sub, "Cstreset", 1, 0);

        // Setting it true while true changes nothing.
        m2m.update("Cstreset", sub, "{\"m2m:sub\":{\"nse\":true}}").expect(2004);
        awaitCounts("Cstreset", sub, "Cstreset", 1, 0);
    }

    @Test
    void whileCollectingTheEntriesFollowTheNotificationTargets() throws InterruptedException {
        String cnt = home("Cstone", "stone");
        String url = rx.url("/stats-two");
        String sub = subscribe("Cstone", cnt, "[\"Cstone\"]", ",\"nse\":true");
        cins("Cstone", cnt, 1);
        awaitCounts("Cstone", sub, "Cstone", 1, 0);

        JsonNode both = m2m.update("Cstone", sub, "{\"m2m:sub\":{\"nu\":[\"Cstone\",\"" + url + "\"]}}")
                .expect(2004).inner();
        assertThat(entry(both, "Cstone").path("rqs").asLong()).as("kept").isEqualTo(1);
        assertThat(entry(both, url).path("rqs").asLong(-1)).as("added").isZero();
        cins("Cstone", cnt, 1);
        awaitCounts("Cstone", sub, url, 1, 1);
        awaitCounts("Cstone", sub, "Cstone", 2, 0);

        JsonNode one = m2m.update("Cstone", sub, "{\"m2m:sub\":{\"nu\":[\"" + url + "\"]}}").expect(2004).inner();
        assertThat(one.path("nsi")).hasSize(1);
        assertThat(entry(one, url).path("rqs").asLong()).isEqualTo(1);
    }

    @Test
    void withoutNseNothingIsCollectedAndNsiIsTheCsesToWrite() throws InterruptedException {
        String cnt = home("Cstnone", "stnone");
        String sub = subscribe("Cstnone", cnt, "[\"Cstnone\"]", "");
        cins("Cstnone", cnt, 2);
        Thread.sleep(600);
        JsonNode s = m2m.retrieve("Cstnone", sub).expect(2000).inner();
        assertThat(s.has("nse")).isFalse();
        assertThat(s.has("nsi")).isFalse();

        assertThat(m2m.update("Cstnone", sub, "{\"m2m:sub\":{\"nsi\":[]}}").expect(4000).dbg()).contains("nsi");
        assertThat(m2m.update("Cstnone", sub, "{\"m2m:sub\":{\"nse\":\"yes\"}}").expect(4000).dbg())
                .contains("nse");
        assertThat(m2m.create("Cstnone", cnt, 23, "{\"m2m:sub\":{\"nu\":[\"Cstnone\"],\"nsi\":[{\"tg\":"
                + "\"Cstnone\",\"rqs\":0,\"rsr\":0}]}}").expect(4000).dbg()).contains("nsi");
    }
}
