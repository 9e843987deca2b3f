package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.time.MutableClock;
import io.bastion.server.it.NotificationReceiver.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code <crossResourceSubscription>} over real HTTP on a clock the tests move (TS-0001 9.6.58, 10.2.10.22–26; TS-0004
 * 7.4.58, 7.5.1.2.18): one notification only when both targets change within one window, periodic and sliding; the
 * subscriptions it makes and joins; access to the targets; refusals naming the attribute; deletion and its notices.
 */
class CrossResourceSubscriptionIT {
    static final String AE = "Ccrs";
    static final String OTHER = "Ccrsother";
    static final String HOME = "/cse-in/crs";
    static final AtomicInteger SEQ = new AtomicInteger();
    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final TestServer cse = new TestServer().clocked(clock).registering(AE, "crs").registering(OTHER, "other");
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    static String container() {
        String rn = "c" + SEQ.incrementAndGet();
        m2m.createContainer(AE, HOME, rn);
        return HOME + "/" + rn;
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }

    /** The CSE-relative address of a path of the HTTP binding, as a resource's attribute gives it. */
    static String rel(String path) {
        return path.substring(1);
    }

    /** A crossResourceSubscription body over regular targets with one criteria for all (child creation). */
    static String crs(String rn, int twt, String tws, String path, String... rrat) {
        return "{\"m2m:crs\":{\"rn\":" + q(rn) + ",\"rrat\":[" + String.join(",", List.of(rrat).stream()
                .map(p -> q(rel(p))).toList()) + "],\"encs\":{\"encn\":[{\"net\":[3]}]},\"twt\":"
                + twt + ",\"tws\":" + q(tws) + ",\"nu\":[" + q(rx.url(path)) + "],\"su\":" + q(rx.url(path + "-su"))
                + "}}";
    }

    /** Creates it under the AE and waits for the verification of its notification target; its representation. */
    static JsonNode create(String body, String path) {
        JsonNode crs = m2m.create(AE, HOME, 48, body).expect(2001).inner();
        rx.await(path, Received::isVerification);
        return crs;
    }

    static void change(String container) {
        m2m.createCin(AE, container, "x").expect(2001);
    }

    static void advance(double seconds) {
        clock.advance(Duration.ofMillis((long) (seconds * 1000)));
    }

    static List<Received> crossNotifications(String path) {
        return rx.drain(path, Duration.ofMillis(400)).stream().filter(r -> !r.isVerification()).toList();
    }

    // ----------------------------------------------------------------------------------------- periodic

    @Test
    void periodicWindowNotifiesOnlyWhenBothTargetsChangeInTheSameWindow() {
        String a = container();
        String b = container();
        JsonNode crs = create(crs("p", 1, "PT10S", "/periodic", a, b), "/periodic");
        String sur = M2m.CSE_ID + "/" + crs.path("ri").asText();

        change(a);
        assertThat(crossNotifications("/periodic")).as("one target alone").isEmpty();
        advance(2);
        change(b);
        Received n = rx.await("/periodic", r -> !r.isVerification());
        assertThat(n.sgn().path("sur").asText()).isEqualTo(sur);
        assertThat(n.originator()).isEqualTo(M2m.CSE_ID);

        // a late in one window, b early in the next: 3 s apart, but in different periodic windows
        advance(6);   // 8 s after creation
        change(a);
        advance(4);   // 12 s: the window [10 s, 20 s)
        change(b);
        assertThat(crossNotifications("/periodic")).as("changes in different windows").isEmpty();
        advance(3);
        change(a);
        assertThat(rx.await("/periodic", r -> !r.isVerification()).sgn().path("sur").asText()).isEqualTo(sur);
    }

    // ------------------------------------------------------------------------------------------ sliding

    @Test
    void slidingWindowStartsWithTheFirstNotification() {
        String a = container();
        String b = container();
        create(crs("s", 2, "PT10S", "/sliding", a, b), "/sliding");

        advance(8);
        change(a);
        advance(4); // 4 s after a: within the window a opened, whatever the time since creation
        change(b);
        rx.await("/sliding", r -> !r.isVerification());

        change(a);
        advance(11); // a's window has ended: b opens the next
        change(b);
        assertThat(crossNotifications("/sliding")).as("changes further apart than tws").isEmpty();
        advance(3);
        change(a);
        rx.await("/sliding", r -> !r.isVerification());
    }

    // --------------------------------------------------------------------- the subscriptions behind it

    @Test
    void itSubscribesToEachRegularTargetAndRemovesTheSubscriptionsWhenDeleted() {
        String a = container();
        String b = container();
        JsonNode crs = create(crs("own", 1, "PT10S", "/own", a, b), "/own");
        String self = M2m.CSE_ID + "/" + crs.path("ri").asText();
        assertThat(crs.path("twt").asInt()).isEqualTo(1);
        assertThat(crs.path("tws").asText()).isEqualTo("PT10S");
        JsonNode rrats = crs.path("rrats");
        assertThat(rrats).hasSize(2);
        JsonNode sub = m2m.retrieve(AE, "/~" + rrats.get(0).asText()).expect(2000).inner();
        assertThat(sub.path("pi").asText()).isEqualTo(m2m.retrieve(AE, a).expect(2000).ri());
        assertThat(sub.path("nu").get(0).asText()).isEqualTo(self);
        assertThat(sub.path("acrs").get(0).asText()).isEqualTo(self);
        assertThat(sub.path("enc").path("net").get(0).asInt()).isEqualTo(3);
        assertThat(sub.path("et").asText()).isEqualTo(crs.path("et").asText());

        m2m.delete(AE, HOME + "/own").expect(2002);
        m2m.retrieve(AE, "/~" + rrats.get(0).asText()).expect(4004);
        m2m.retrieve(AE, "/~" + rrats.get(1).asText()).expect(4004);
        Received sud = rx.await("/own-su", Received::isDeletionNotice);
        assertThat(sud.sgn().path("sur").asText()).isEqualTo(self);
    }

    @Test
    void deletingATargetDeletesTheCrossResourceSubscription() {
        String a = container();
        String b = container();
        JsonNode crs = create(crs("gone", 2, "PT10S", "/gone", a, b), "/gone");
        m2m.delete(AE, a).expect(2002);
        m2m.retrieve(AE, HOME + "/gone").expect(4004);
        m2m.retrieve(AE, "/~" + crs.path("rrats").get(1).asText()).expect(4004);
        assertThat(rx.await("/gone-su", Received::isDeletionNotice).sgn().path("sur").asText())
                .isEqualTo(M2m.CSE_ID + "/" + crs.path("ri").asText());
    }

    @Test
    void anExistingSubscriptionJoinsAndIsLeftAsItWas() {
        String a = container();
        String b = container();
        m2m.create(AE, b, 23, "{\"m2m:sub\":{\"rn\":\"mine\",\"enc\":{\"net\":[3]},\"nu\":[" + q(rx.url("/mine"))
                + "]}}").expect(2001);
        rx.await("/mine", Received::isVerification);
        String body = "{\"m2m:crs\":{\"rn\":\"mixed\",\"rrat\":[" + q(rel(a)) + "],\"srat\":[" + q(rel(b + "/mine"))
                + "],\"encs\":{\"encn\":[{\"net\":[3]}]},\"twt\":2,\"tws\":\"PT10S\",\"nu\":[" + q(rx.url("/mixed"))
                + "]}}";
        JsonNode crs = create(body, "/mixed");
        String self = M2m.CSE_ID + "/" + crs.path("ri").asText();
        JsonNode joined = m2m.retrieve(AE, b + "/mine").expect(2000).inner();
        assertThat(joined.path("nu").toString()).contains(rx.url("/mine")).contains(self);
        assertThat(joined.path("acrs").get(0).asText()).isEqualTo(self);

        change(a);
        change(b);
        rx.await("/mixed", r -> !r.isVerification());
        rx.await("/mine", r -> r.net() == 3); // its own target is still told

        m2m.delete(AE, HOME + "/mixed").expect(2002);
        JsonNode left = m2m.retrieve(AE, b + "/mine").expect(2000).inner();
        assertThat(left.path("nu")).hasSize(1);
        assertThat(left.has("acrs")).isFalse();
    }

    @Test
    void theExpirationCounterDeletesItAfterItsLastNotification() {
        String a = container();
        String b = container();
        String body = crs("once", 2, "PT10S", "/once", a, b).replace("\"twt\"", "\"exc\":1,\"twt\"");
        create(body, "/once");
        change(a);
        change(b);
        rx.await("/once", r -> !r.isVerification());
        rx.await("/once-su", Received::isDeletionNotice);
        m2m.retrieve(AE, HOME + "/once").expect(4004);
    }

    @Test
    void changingTheWindowRestartsIt() {
        String a = container();
        String b = container();
        create(crs("upd", 2, "PT10S", "/upd", a, b), "/upd");
        change(a);
        m2m.update(AE, HOME + "/upd", "{\"m2m:crs\":{\"tws\":\"PT30S\"}}").expect(2004);
        change(b);
        assertThat(crossNotifications("/upd")).as("what the old window held is gone").isEmpty();
        advance(20);
        change(a);
        rx.await("/upd", r -> !r.isVerification());
    }

    // ----------------------------------------------------------------------------------- access control

    @Test
    void aTargetTheOriginatorCannotRetrieveIsRefusedWith4103AndExplained() {
        String a = container();
        String mine = "/cse-in/other/mine" + SEQ.incrementAndGet();
        m2m.create(OTHER, "/cse-in/other", 3, "{\"m2m:cnt\":{\"rn\":" + q(mine.substring(mine.lastIndexOf('/') + 1))
                + "}}").expect(2001);
        M2m.Rsp r = m2m.create(OTHER, "/cse-in/other", 48, crs("peek", 1, "PT10S", "/peek", mine, a)).expect(4103);
        assertThat(r.dbg()).contains("RETRIEVE").contains("rrat[1]");
        m2m.retrieve(OTHER, "/cse-in/other/peek").expect(4004);
        assertThat(m2m.retrieve(AE, a + "?rcn=6").expect(2000).body()).doesNotContain("m2m:sub");
        JsonNode explained = cse.explain("from", OTHER, "op", "retrieve", "to", a);
        assertThat(explained.path("decision").asText()).isEqualTo("DENY");
        // the originator's own crossResourceSubscription is its own: another AE may not read, discover or delete it
        create(crs("private", 1, "PT10S", "/private", a), "/private");
        m2m.retrieve(OTHER, HOME + "/private").expect(4103);
        m2m.delete(OTHER, HOME + "/private").expect(4103);
        assertThat(m2m.retrieve(OTHER, HOME + "?fu=1&ty=48").body()).doesNotContain("private");
        assertThat(m2m.retrieve(AE, HOME + "?fu=1&ty=48").expect(2000).body()).contains("private");
    }

    @Test
    void aTargetTheOriginatorMayReadButNotSubscribeToFailsWith5221() {
        int n = SEQ.incrementAndGet();
        String readOnly = m2m.createAcp(AE, HOME, "ro" + n, M2m.rules(M2m.rule(63, AE), M2m.rule(2, OTHER)),
                M2m.rules(M2m.rule(63, AE)));
        String both = m2m.createAcp(AE, HOME, "rc" + n, M2m.rules(M2m.rule(63, AE), M2m.rule(3, OTHER)),
                M2m.rules(M2m.rule(63, AE)));
        String shared = HOME + "/shared" + n;
        m2m.create(AE, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"shared" + n + "\",\"acpi\":[" + q(readOnly) + "]}}")
                .expect(2001);
        m2m.retrieve(OTHER, shared).expect(2000);
        M2m.Rsp r = m2m.create(OTHER, "/cse-in/other", 48, crs("sub" + n, 1, "PT10S", "/sub" + n, shared))
                .expect(5221);
        assertThat(r.dbg()).contains("rrat[0]").contains("<subscription>");
        m2m.retrieve(OTHER, "/cse-in/other/sub" + n).expect(4004);

        m2m.update(AE, shared, "{\"m2m:cnt\":{\"acpi\":[" + q(both) + "]}}").expect(2004);
        m2m.create(OTHER, "/cse-in/other", 48, crs("sub" + n, 1, "PT10S", "/sub" + n, shared)).expect(2001);
        rx.await("/sub" + n, Received::isVerification);
    }

    @Test
    void aSubscriptionTargetTheOriginatorCannotReadIsRefused() {
        String b = container();
        m2m.create(AE, b, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[" + q(rx.url("/hidden")) + "]}}").expect(2001);
        rx.await("/hidden", Received::isVerification);
        String body = "{\"m2m:crs\":{\"srat\":[" + q(rel(b + "/s")) + "],\"twt\":1,\"tws\":\"PT10S\",\"nu\":["
                + q(rx.url("/x")) + "]}}";
        assertThat(m2m.create(OTHER, "/cse-in/other", 48, body).expect(4103).dbg()).contains("srat[0]");
        assertThat(m2m.retrieve(AE, b + "/s").expect(2000).inner().has("acrs")).isFalse();
    }

    // --------------------------------------------------------------------------------------- bad input

    @Test
    void badAttributesAreRefusedWith4000NamingThem() {
        String a = container();
        String good = crs("bad", 1, "PT10S", "/bad", a);
        assertThat(m2m.create(AE, HOME, 48, good.replace("\"twt\":1", "\"twt\":3")).expect(4000).dbg())
                .contains("twt");
        assertThat(m2m.create(AE, HOME, 48, good.replace("PT10S", "ten seconds")).expect(4000).dbg())
                .contains("tws");
        assertThat(m2m.create(AE, HOME, 48, good.replace("PT10S", "P3D")).expect(4000).dbg()).contains("tws");
        assertThat(m2m.create(AE, HOME, 48, good.replace("\"rrat\":[" + q(rel(a)) + "],", "")).expect(4000).dbg())
                .contains("rrat");
        assertThat(m2m.create(AE, HOME, 48, good.replace(q(rel(a)), q(rel(HOME + "/nothing")))).expect(4000).dbg())
                .contains("rrat[0]");
        m2m.createCin(AE, a, "v").expect(2001);
        assertThat(m2m.create(AE, HOME, 48, good.replace(q(rel(a)), q(rel(a + "/la")))).expect(4000).dbg())
                .contains("rrat[0]");
        assertThat(m2m.create(AE, HOME, 48, good.replace(",\"encs\":{\"encn\":[{\"net\":[3]}]}", "")).expect(4000)
                .dbg()).contains("encs");
        String two = crs("bad", 1, "PT10S", "/bad", a, container()).replace("[{\"net\":[3]}]",
                "[{\"net\":[3]},{\"net\":[1]},{\"net\":[4]}]");
        assertThat(m2m.create(AE, HOME, 48, two).expect(4000).dbg()).contains("encs");
        assertThat(m2m.create(AE, HOME, 48, good.replace("{\"net\":[3]}", "{\"net\":[9]}")).expect(4000).dbg())
                .contains("encs.encn[0]");
        assertThat(m2m.create(AE, HOME, 48, good.replace("\"twt\"", "\"rrats\":[\"x\"],\"twt\"")).expect(4000)
                .dbg()).contains("rrats");
        assertThat(m2m.create(AE, HOME, 48, good.replace("\"twt\"", "\"zz\":1,\"twt\"")).expect(4000).dbg())
                .contains("zz");
        m2m.create(AE, a, 48, good).expect(4108);
        m2m.update(AE, HOME, "{\"m2m:ae\":{\"lbl\":[\"x\"]}}").expect(2004);
        // a client cannot name a crossResourceSubscription in a subscription's acrs: only the CSE writes it
        assertThat(m2m.create(AE, a, 23, "{\"m2m:sub\":{\"nu\":[" + q(rx.url("/y")) + "],\"acrs\":[\"/id-in/x\"]}}")
                .expect(4000).dbg()).contains("acrs");
        assertThat(m2m.retrieve(AE, HOME + "/bad").rsc()).isEqualTo(4004);
    }

    @Test
    void rratAndEncsCannotBeUpdated() {
        String a = container();
        create(crs("fixed", 1, "PT10S", "/fixed", a), "/fixed");
        assertThat(m2m.update(AE, HOME + "/fixed", "{\"m2m:crs\":{\"rrat\":[" + q(rel(a)) + "]}}").expect(4000).dbg())
                .contains("rrat");
        assertThat(m2m.update(AE, HOME + "/fixed", "{\"m2m:crs\":{\"twt\":5}}").expect(4000).dbg()).contains("twt");
    }
}
