package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.time.MutableClock;
import io.bastion.server.BastionServer;
import io.bastion.server.it.NotificationReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <schedule>} (ty 18, TS-0001 9.6.9, TS-0004 7.4.9) over HTTP, with the CSE on a clock the test moves: CRUD,
 * placement and refusals, discovery, access control, and the schedules deciding when notifications go (TS-0004
 * 7.5.1.2.2 steps 3.0 to 6.0): a subscription's notificationSchedule and the reachability schedule of the node an AE
 * links, with pendingNotification deciding what is held outside them.
 */
class ScheduleIT {
    static final String AE = "Csched";
    static final String OTHER = "Cschedother";
    static final String HOME = "/cse-in/sched";
    /** A Monday, 07:59:00 UTC: outside "8 to 20 h". */
    static final Instant MORNING = Instant.parse("2026-03-02T07:59:00Z");
    static final String DAYTIME = "{\"sce\":[\"* * 8-20 * * * *\"]}";
    static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    static Path dir;
    static MutableClock clock;
    static BastionServer server;
    static M2m m2m;
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    @BeforeAll
    static void start() {
        clock = new MutableClock(MORNING);
        server = BastionServer.start(M2m.config(dir), clock);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(AE, "sched");
        m2m.registerAe(OTHER, "schedother");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void morning() {
        clock.set(MORNING);
    }

    static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    static String schedule(String rn, String se, String extra) {
        return "{\"m2m:sch\":{" + (rn == null ? "" : "\"rn\":\"" + rn + "\",") + "\"se\":" + se
                + (extra.isEmpty() ? "" : "," + extra) + "}}";
    }

    /** A container of the AE with a subscription notifying {@code path}; returns the subscription's path. */
    static String subscribed(String path, String extra) {
        String c = unique("c");
        m2m.createContainer(AE, HOME, c);
        m2m.create(AE, HOME + "/" + c, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + rx.url(path) + "\"],"
                + "\"enc\":{\"net\":[3]}" + (extra.isEmpty() ? "" : "," + extra) + "}}").expect(2001);
        rx.await(path, Received::isVerification);
        return HOME + "/" + c + "/s";
    }

    /** As {@link #subscribed}, the subscription notifying between 8:00 and 20:59 only. */
    static String subscribedInDaytime(String path, String extra) {
        String sub = subscribed(path, extra);
        m2m.create(AE, sub, 18, schedule(null, DAYTIME, "")).expect(2001);
        return sub;
    }

    static String containerOf(String sub) {
        return sub.substring(0, sub.lastIndexOf('/'));
    }

    static List<String> contents(List<Received> received) {
        return received.stream().map(r -> r.rep().path("m2m:cin").path("con").asText()).toList();
    }

    // ---------------------------------------------------------------------------------------------- CRUD

    @Test
    void aSubscriptionsScheduleIsItsNotificationScheduleWithCrud() {
        String sub = subscribed(unique("/crud"), "");
        String sch = sub + "/notificationSchedule";
        M2m.Rsp created = m2m.create(AE, sub, 18, schedule(null, DAYTIME, "")).expect(2001);
        assertThat(created.inner().path("rn").asText()).isEqualTo("notificationSchedule");
        assertThat(created.inner().path("ty").asInt()).isEqualTo(18);
        assertThat(created.inner().path("se").path("sce").get(0).asText()).isEqualTo("* * 8-20 * * * *");
        assertThat(m2m.retrieve(AE, sch).expect(2000).inner().path("pi").asText())
                .isEqualTo(m2m.retrieve(AE, sub).expect(2000).ri());
        m2m.update(AE, sch, "{\"m2m:sch\":{\"se\":{\"sce\":[\"* * 9 * * * *\",\"* * 17 * * 1-5 *\"]}}}")
                .expect(2004);
        assertThat(m2m.retrieve(AE, sch).expect(2000).inner().path("se").path("sce")).hasSize(2);
        // one notificationSchedule per subscription (TS-0004 table 7.4.8.1-4: 0..1)
        m2m.create(AE, sub, 18, schedule(null, DAYTIME, "")).expect(4105);
        m2m.delete(AE, sch).expect(2002);
        m2m.retrieve(AE, sch).expect(4004);
    }

    @Test
    void aScheduleUnderTheCseBaseIsOneAndUnderANodeMany() {
        String rn = unique("cseHours");
        m2m.create(M2m.ADMIN, "/cse-in", 18, schedule(rn, DAYTIME, "")).expect(2001);
        m2m.create(M2m.ADMIN, "/cse-in", 18, schedule(unique("again"), DAYTIME, "")).expect(4105);
        String node = unique("n");
        m2m.create(M2m.ADMIN, "/cse-in", 14, "{\"m2m:nod\":{\"rn\":\"" + node + "\",\"ni\":\"urn:dev:" + node
                + "\"}}").expect(2001);
        m2m.create(M2m.ADMIN, "/cse-in/" + node, 18, schedule("wlan", DAYTIME, "\"nco\":true")).expect(2001);
        m2m.create(M2m.ADMIN, "/cse-in/" + node, 18, schedule("cellular", "{\"sce\":[\"* 0-5 2 * * * *\"]}", ""))
                .expect(2001);
        m2m.delete(M2m.ADMIN, "/cse-in/" + rn).expect(2002);
    }

    @Test
    void badSchedulesAreRefusedNamingWhatIsWrong() {
        String sub = subscribed(unique("/bad"), "");
        assertThat(m2m.create(AE, sub, 18, schedule(null, "{\"sce\":[\"* * 25 * * * *\"]}", "")).expect(4000)
                .dbg()).contains("se.sce[0]").contains("hour");
        assertThat(m2m.create(AE, sub, 18, schedule(null, "{\"sce\":[]}", "")).expect(4000).dbg()).contains("se.sce");
        assertThat(m2m.create(AE, sub, 18, schedule(null, "{\"sce\":[\"* * * * * *\"]}", "")).expect(4000).dbg())
                .contains("7 fields");
        assertThat(m2m.create(AE, sub, 18, schedule(null, "{\"sce\":[\"* * * * * * *\"],\"x\":1}", "")).expect(4000)
                .dbg()).contains("se.x");
        assertThat(m2m.create(AE, sub, 18, "{\"m2m:sch\":{\"lbl\":[\"a\"]}}").expect(4000).dbg()).contains("se");
        assertThat(m2m.create(AE, sub, 18, schedule(null, DAYTIME, "\"foo\":1")).expect(4000).dbg()).contains("foo");
        assertThat(m2m.create(AE, sub, 18, schedule(null, DAYTIME, "\"ri\":\"x\"")).expect(4000).dbg()).contains("ri");
        assertThat(m2m.create(AE, sub, 18, schedule(null, DAYTIME, "\"nco\":\"yes\"")).expect(4000).dbg())
                .contains("nco");
        // networkCoordinated belongs to a node's schedule only (TS-0004 7.4.9.2.1)
        m2m.create(AE, sub, 18, schedule(null, DAYTIME, "\"nco\":false")).expect(4102);
        assertThat(m2m.create(AE, sub, 18, schedule("other", DAYTIME, "")).expect(4000).dbg())
                .contains("notificationSchedule");
        // a schedule is no child of a container or an AE (TS-0001 table 9.6.1.1-1)
        m2m.create(AE, containerOf(sub), 18, schedule("x", DAYTIME, "")).expect(4108);
        m2m.create(AE, HOME, 18, schedule("x", DAYTIME, "")).expect(4108);
        m2m.create(AE, sub, 18, schedule(null, DAYTIME, "")).expect(2001);
        m2m.update(AE, sub + "/notificationSchedule", "{\"m2m:sch\":{\"se\":{\"sce\":[\"61 * * * * * *\"]}}}")
                .expect(4000);
        m2m.update(AE, sub + "/notificationSchedule", "{\"m2m:sch\":{\"nco\":true}}").expect(4102);
        m2m.update(AE, sub + "/notificationSchedule", "{\"m2m:sch\":{\"se\":null}}").expect(4000);
    }

    @Test
    void onlyThoseThePoliciesAllowSeeOrChangeASchedule() {
        String sub = subscribed(unique("/acl"), "");
        String sch = sub + "/notificationSchedule";
        m2m.create(AE, sub, 18, schedule(null, DAYTIME, "")).expect(2001);
        m2m.retrieve(OTHER, sch).expect(4103);
        m2m.update(OTHER, sch, "{\"m2m:sch\":{\"se\":{\"sce\":[\"* * * * * * *\"]}}}").expect(4103);
        m2m.delete(OTHER, sch).expect(4103);
        m2m.create(OTHER, sub, 18, schedule(null, DAYTIME, "")).expect(4103);
        assertThat(m2m.retrieve(OTHER, "/cse-in?fu=1&ty=18").expect(2000).uris()).doesNotContain(sch.substring(1));
        assertThat(m2m.retrieve(AE, HOME + "?fu=1&ty=18").expect(2000).uris()).contains(sch.substring(1));
        // a policy opens it for RETRIEVE only
        String acp = m2m.createAcp(AE, HOME, unique("readSchedule"), rules(rule(2, OTHER)), rules(rule(63, AE)));
        m2m.update(AE, sch, "{\"m2m:sch\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        m2m.retrieve(OTHER, sch).expect(2000);
        m2m.update(OTHER, sch, "{\"m2m:sch\":{\"lbl\":[\"x\"]}}").expect(4103);
    }

    // ------------------------------------------------------------------------- notification schedule

    @Test
    void aNotificationOutsideTheScheduleIsHeldAndSentWhenTheWindowOpens() {
        String path = unique("/held");
        String sub = subscribedInDaytime(path, "\"pn\":2");
        m2m.createCin(AE, containerOf(sub), "first").expect(2001);
        m2m.createCin(AE, containerOf(sub), "second").expect(2001);
        assertThat(rx.drain(path, Duration.ofMillis(1500))).as("held before 08:00").isEmpty();
        clock.set(Instant.parse("2026-03-02T08:00:00Z"));
        Received first = rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5));
        Received second = rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5));
        // sendAllPending: all of them, in the order they occurred (TS-0001 10.2.10.7)
        assertThat(contents(List.of(first, second))).containsExactly("first", "second");
        // inside the window the next one goes at once
        m2m.createCin(AE, containerOf(sub), "third").expect(2001);
        assertThat(contents(List.of(rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5)))))
                .containsExactly("third");
    }

    @Test
    void sendLatestKeepsOnlyTheNewest() {
        String path = unique("/latest");
        String sub = subscribedInDaytime(path, "\"pn\":1");
        for (String con : List.of("a", "b", "c")) {
            m2m.createCin(AE, containerOf(sub), con).expect(2001);
        }
        assertThat(rx.drain(path, Duration.ofMillis(1200))).isEmpty();
        clock.set(Instant.parse("2026-03-02T12:30:00Z"));
        assertThat(contents(List.of(rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5))))).containsExactly("c");
        assertThat(rx.drain(path, Duration.ofMillis(1500))).as("only the newest").isEmpty();
    }

    @Test
    void withoutPendingNotificationTheyAreDiscarded() {
        String path = unique("/discarded");
        String sub = subscribedInDaytime(path, "");
        m2m.createCin(AE, containerOf(sub), "lost").expect(2001);
        clock.set(Instant.parse("2026-03-02T08:00:01Z"));
        assertThat(rx.drain(path, Duration.ofMillis(1800))).as("TS-0004 7.5.1.2.2 step 4.0: discarded").isEmpty();
        m2m.createCin(AE, containerOf(sub), "kept").expect(2001);
        assertThat(contents(List.of(rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5)))))
                .containsExactly("kept");
    }

    @Test
    void anImmediateNotificationIgnoresTheNotificationSchedule() {
        String path = unique("/immediate");
        String sub = subscribedInDaytime(path, "\"nec\":2");
        m2m.createCin(AE, containerOf(sub), "now").expect(2001);
        assertThat(contents(List.of(rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5)))))
                .containsExactly("now");
    }

    @Test
    void deletingTheScheduleSendsWhatWasHeld() {
        String path = unique("/unscheduled");
        String sub = subscribedInDaytime(path, "\"pn\":2");
        m2m.createCin(AE, containerOf(sub), "waiting").expect(2001);
        assertThat(rx.drain(path, Duration.ofMillis(1200))).isEmpty();
        m2m.delete(AE, sub + "/notificationSchedule").expect(2002);
        assertThat(contents(List.of(rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5)))))
                .containsExactly("waiting");
    }

    @Test
    void removingPendingNotificationDiscardsWhatIsHeld() {
        String path = unique("/pnremoved");
        String sub = subscribedInDaytime(path, "\"pn\":2");
        m2m.createCin(AE, containerOf(sub), "dropped").expect(2001);
        m2m.update(AE, sub, "{\"m2m:sub\":{\"pn\":null}}").expect(2004);
        clock.set(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(rx.drain(path, Duration.ofMillis(1800))).as("TS-0004 7.4.8.2.3").isEmpty();
    }

    // ---------------------------------------------------------------------- reachability schedule

    @Test
    void anAeIsNotifiedOnlyWhenItsNodeIsReachable() {
        String node = unique("dev");
        m2m.create(M2m.ADMIN, "/cse-in", 14, "{\"m2m:nod\":{\"rn\":\"" + node + "\",\"ni\":\"urn:dev:" + node
                + "\"}}").expect(2001);
        // TS-0004 7.4.9.1 example 1: reachable 2:00-2:05, 6:00-6:05 and 10:00-10:05 every day
        m2m.create(M2m.ADMIN, "/cse-in/" + node, 18, schedule("wake", "{\"sce\":[\"* 0-5 2,6,10 * * * *\"]}", ""))
                .expect(2001);
        String aeId = unique("Cdevice");
        String path = unique("/device");
        String nodeRi = m2m.retrieve(M2m.ADMIN, "/cse-in/" + node).expect(2000).ri();
        m2m.create(aeId, "/cse-in", 2, "{\"m2m:ae\":{\"rn\":\"" + aeId + "\",\"api\":\"Napp\",\"rr\":true,"
                + "\"srv\":[\"3\"],\"poa\":[\"" + rx.url(path) + "\"],\"nl\":\"" + nodeRi + "\"}}").expect(2001);
        String c = "/cse-in/" + aeId + "/data";
        m2m.createContainer(aeId, "/cse-in/" + aeId, "data");
        m2m.create(aeId, c, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + aeId + "\"],\"enc\":{\"net\":[3]},"
                + "\"pn\":2}}").expect(2001);
        m2m.createCin(aeId, c, "asleep").expect(2001);
        assertThat(rx.drain(path, Duration.ofMillis(1500))).as("the node sleeps at 07:59").isEmpty();
        clock.set(Instant.parse("2026-03-02T10:02:00Z"));
        assertThat(contents(List.of(rx.await(path, r -> r.net() == 3, Duration.ofSeconds(5)))))
                .containsExactly("asleep");
    }
}
