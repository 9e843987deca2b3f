package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.time.MutableClock;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.OperationTimeConfig;
import io.bastion.server.BastionServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time parameters of a request over HTTP (TS-0001 8.1.2, TS-0004 6.4.1 and 7.3): {@code oet} holds a blocking
 * request until the CSE's (injected) clock reaches it, then the request expiration and the access decision are checked
 * again; {@code rqet}, {@code rset}, {@code oet} and {@code ec} are checked on receipt, a malformed value refused with
 * 4000 naming the parameter; the wait is bounded in length and in number. No test sleeps: a held request is seen
 * through {@code OperationTimer.waiting()}, and released by moving the clock and waking the timer.
 */
class RequestTimingIT {
    static final String OWNER = "Ctimeowner";
    static final String OTHER = "Ctimeother";
    static final String HOME = "/cse-in/timeowner";
    static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    static Path dir;
    static MutableClock clock;
    static BastionServer server;
    static M2m m2m;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
        server = BastionServer.start(M2m.config(dir).withOperationTime(
                new OperationTimeConfig(Duration.ofSeconds(120), 1)), clock);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "timeowner");
        m2m.registerAe(OTHER, "timeother");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A test that failed while a request was held releases it, so that the next test starts with none held. */
    @AfterEach
    void releaseHeld() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.cse().operationTimer().waiting() > 0 && System.nanoTime() < until) {
            advance(Duration.ofMinutes(5));
            Thread.onSpinWait();
        }
    }

    static String name(String p) {
        return p + SEQ.incrementAndGet();
    }

    static String at(Duration fromNow) {
        return Timestamps.format(clock.instant().plus(fromNow));
    }

    static String cnt(String rn) {
        return "{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}";
    }

    /** Sends on another thread, and returns once the CSE holds the request. */
    static CompletableFuture<M2m.Rsp> held(Supplier<M2m.Rsp> send) throws Exception {
        CompletableFuture<M2m.Rsp> r = CompletableFuture.supplyAsync(send);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.cse().operationTimer().waiting() == 0) {
            assertThat(r).as("the request was answered instead of held").isNotDone();
            assertThat(System.nanoTime()).as("the request is held within 20 s").isLessThan(until);
            Thread.onSpinWait();
        }
        return r;
    }

    static void advance(Duration d) {
        clock.advance(d);
        server.cse().operationTimer().wake();
    }

    @Test
    void aCreateWithOetIsExecutedAtOetNotBefore() throws Exception {
        String rn = name("later");
        String oet = at(Duration.ofSeconds(30));
        CompletableFuture<M2m.Rsp> r = held(() -> m2m.request("POST", HOME).from(OWNER).ty(3)
                .header("X-M2M-OET", oet).body(cnt(rn)).send());
        m2m.retrieve(OWNER, HOME + "/" + rn).expect(4004);
        advance(Duration.ofSeconds(10));
        assertThat(server.cse().operationTimer().waiting()).as("still held before oet").isEqualTo(1);
        assertThat(r).isNotDone();
        advance(Duration.ofSeconds(20));
        M2m.Rsp created = r.get(20, TimeUnit.SECONDS).expect(2001);
        assertThat(created.attr("ct")).as("created at oet").isEqualTo(oet);
        m2m.retrieve(OWNER, HOME + "/" + rn).expect(2000);
    }

    @Test
    void aRelativeOetCountsFromReceiptAndRetrieveAndDeleteWaitToo() throws Exception {
        String rn = name("rel");
        m2m.create(OWNER, HOME, 3, cnt(rn)).expect(2001);
        CompletableFuture<M2m.Rsp> del = held(() -> m2m.request("DELETE", HOME + "/" + rn).from(OWNER)
                .header("X-M2M-OET", "5000").send());
        m2m.retrieve(OWNER, HOME + "/" + rn).expect(2000);
        advance(Duration.ofSeconds(5));
        del.get(20, TimeUnit.SECONDS).expect(2002);
        m2m.retrieve(OWNER, HOME + "/" + rn).expect(4004);
    }

    @Test
    void anOetInThePastRunsAtOnce() {
        m2m.request("POST", HOME).from(OWNER).ty(3).header("X-M2M-OET", at(Duration.ofSeconds(-5)))
                .body(cnt(name("past"))).send().expect(2001);
        m2m.request("GET", HOME).from(OWNER).header("X-M2M-OET", "0").send().expect(2000);
        m2m.request("GET", HOME).from(OWNER).header("X-M2M-OET", "-1000").send().expect(2000);
        assertThat(server.cse().operationTimer().waiting()).isZero();
    }

    @Test
    void theRequestExpirationIsCheckedAgainAfterTheWait() throws Exception {
        String rn = name("expires");
        CompletableFuture<M2m.Rsp> r = held(() -> m2m.request("POST", HOME).from(OWNER).ty(3)
                .header("X-M2M-OET", at(Duration.ofSeconds(10))).header("X-M2M-RET", at(Duration.ofSeconds(20)))
                .body(cnt(rn)).send());
        advance(Duration.ofSeconds(25)); // the clock jumps past both
        M2m.Rsp rsp = r.get(20, TimeUnit.SECONDS).expect(4008);
        assertThat(rsp.dbg()).contains("expiration");
        m2m.retrieve(OWNER, HOME + "/" + rn).expect(4004);
    }

    @Test
    void aPrivilegeWithdrawnDuringTheWaitIsNotUsed() throws Exception {
        String acpRn = name("letin");
        String acp = m2m.createAcp(OWNER, HOME, acpRn, rules(rule(63, OWNER), rule(3, OTHER)),
                rules(rule(63, OWNER)));
        String box = name("box");
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + box + "\",\"acpi\":[\"" + acp + "\"]}}")
                .expect(2001);
        CompletableFuture<M2m.Rsp> r = held(() -> m2m.request("POST", HOME + "/" + box).from(OTHER).ty(4)
                .header("X-M2M-OET", "30000").body("{\"m2m:cin\":{\"con\":\"x\"}}").send());
        m2m.update(OWNER, HOME + "/" + acpRn, "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(63, OWNER)) + "}}}")
                .expect(2004);
        advance(Duration.ofSeconds(30));
        r.get(20, TimeUnit.SECONDS).expect(4103);
        m2m.retrieve(OWNER, HOME + "/" + box + "?rcn=4").expect(2000).inner().path("m2m:cin").forEach(c -> {
            throw new AssertionError("no instance may have been created: " + c);
        });
    }

    @Test
    void aTargetDeletedDuringTheWaitIsNotFound() throws Exception {
        String rn = name("gone");
        m2m.create(OWNER, HOME, 3, cnt(rn)).expect(2001);
        CompletableFuture<M2m.Rsp> r = held(() -> m2m.request("PUT", HOME + "/" + rn).from(OWNER)
                .header("X-M2M-OET", "10000").body("{\"m2m:cnt\":{\"lbl\":[\"late\"]}}").send());
        m2m.delete(OWNER, HOME + "/" + rn).expect(2002);
        advance(Duration.ofSeconds(10));
        r.get(20, TimeUnit.SECONDS).expect(4004);
    }

    @Test
    void aRequestThatMayNotRunIsRefusedAtOnceAndNeverHeld() {
        // the decision is made on receipt: a stranger waits for nothing
        m2m.request("POST", HOME).from(OTHER).ty(3).header("X-M2M-OET", "30000").body(cnt(name("no"))).send()
                .expect(4103);
        // oet at or after rqet: the request would expire before it may run
        M2m.Rsp late = m2m.request("GET", HOME).from(OWNER).header("X-M2M-OET", at(Duration.ofSeconds(20)))
                .header("X-M2M-RET", at(Duration.ofSeconds(10))).send().expect(4008);
        assertThat(late.dbg()).contains("oet", "rqet");
        m2m.request("GET", HOME).from(OWNER).header("X-M2M-OET", "10000").header("X-M2M-RST", "5000")
                .header("X-M2M-RET", "1000").send().expect(4008);
        // further ahead than oet.max-wait-s
        M2m.Rsp far = m2m.request("GET", HOME).from(OWNER).header("X-M2M-OET", at(Duration.ofSeconds(121)))
                .send().expect(4000);
        assertThat(far.dbg()).contains("oet", "oet.max-wait-s");
        assertThat(server.cse().operationTimer().waiting()).isZero();
    }

    @Test
    void atMostOetMaxWaitingRequestsAreHeld() throws Exception {
        CompletableFuture<M2m.Rsp> first = held(() -> m2m.request("GET", HOME).from(OWNER)
                .header("X-M2M-OET", "10000").send());
        M2m.Rsp second = m2m.request("GET", HOME).from(OWNER).header("X-M2M-OET", "10000").send().expect(5207);
        assertThat(second.dbg()).contains("oet.max-waiting");
        advance(Duration.ofSeconds(10));
        first.get(20, TimeUnit.SECONDS).expect(2000);
        assertThat(server.cse().operationTimer().waiting()).isZero();
    }

    @Test
    void resultExpirationMustFollowRequestExpirationAndNotHavePassed() {
        M2m.Rsp order = m2m.request("GET", HOME).from(OWNER).header("X-M2M-RET", at(Duration.ofSeconds(20)))
                .header("X-M2M-RST", at(Duration.ofSeconds(10))).send().expect(4000);
        assertThat(order.dbg()).contains("rset", "rqet");
        m2m.request("GET", HOME).from(OWNER).header("X-M2M-RST", at(Duration.ofSeconds(-1))).send().expect(4008);
        m2m.request("GET", HOME).from(OWNER).header("X-M2M-RET", "10000").header("X-M2M-RST", "20000").send()
                .expect(2000);
    }

    @Test
    void malformedTimeParametersAndEventCategoriesAreRefusedNamingTheParameter() {
        String[][] cases = {{"X-M2M-OET", "soon", "oet"}, {"X-M2M-RET", "tomorrow", "rqet"},
            {"X-M2M-RST", "2026-05-01", "rset"}, {"X-M2M-OET", "1-2", "oet"}, {"X-M2M-RET", "20261332T000000", "rqet"},
            {"X-M2M-EC", "5", "ec"}, {"X-M2M-EC", "1000", "ec"}, {"X-M2M-EC", "latest", "ec"}, {"X-M2M-EC", "-2", "ec"}};
        for (String[] c : cases) {
            M2m.Rsp r = m2m.request("GET", HOME).from(OWNER).header(c[0], c[1]).send().expect(4000);
            assertThat(r.dbg()).as("%s: %s", c[0], c[1]).contains(c[2]);
        }
        assertThat(m2m.retrieve(OWNER, HOME + "?rt=x").expect(4000).dbg()).contains("'rt'");
        for (String ec : new String[] {"2", "3", "4", "100", "999"}) {
            m2m.request("GET", HOME).from(OWNER).header("X-M2M-EC", ec).send().expect(2000);
        }
    }
}
