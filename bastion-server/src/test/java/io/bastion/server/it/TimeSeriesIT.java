package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.time.Timestamps;
import io.bastion.server.BastionServer;
import io.bastion.server.it.NotificationReceiver.Received;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <timeSeries>} (ty 29) and {@code <timeSeriesInstance>} (ty 30) over HTTP (TS-0004 7.4.38, 7.4.39; TS-0001
 * 10.2.4.21-29): CRUD, the instance limits, dgt uniqueness (also under concurrent creates), the periodic attribute
 * rules, discovery, access control, subscriptions and the missing-data detection with its notifications.
 */
class TimeSeriesIT {
    static final String AE = "Ctsowner";
    static final String OTHER = "Ctsother";
    static final String HOME = "/cse-in/tsowner";
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(AE, "tsowner").registering(OTHER, "tsother");
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    static String name(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    /** A timeSeries under the AE with extra attributes (a JSON fragment); returns its path. */
    static String timeSeries(String extra) {
        String rn = name("ts");
        m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"rn\":\"" + rn + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}}")
                .expect(2001);
        return HOME + "/" + rn;
    }

    static String tsi(String dgt, String con) {
        return "{\"m2m:tsi\":{\"dgt\":\"" + dgt + "\",\"con\":\"" + con + "\"}}";
    }

    static String at(Instant t) {
        return Timestamps.format(t);
    }

    // ------------------------------------------------------------------------------------------- CRUD

    @Test
    void timeSeriesIsCreatedRetrievedUpdatedAndDeleted() {
        M2m.Rsp c = m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"rn\":\"crud\",\"mni\":5,\"lbl\":[\"x\"],"
                + "\"pei\":1000,\"or\":\"http://ontology.example/t\"}}").expect(2001);
        JsonNode a = c.inner();
        assertThat(c.json().has("m2m:ts")).isTrue();
        assertThat(a.path("ty").asInt()).isEqualTo(29);
        assertThat(a.path("cni").asInt()).isZero();
        assertThat(a.path("cbs").asInt()).isZero();
        assertThat(a.path("mdc").asInt()).isZero();
        assertThat(a.path("peid").asInt()).as("peid by local policy: pei / 2").isEqualTo(500);
        assertThat(a.has("st")).as("a timeSeries has no stateTag").isFalse();
        assertThat(m2m.retrieve(AE, HOME + "/crud").expect(2000).inner().path("mni").asInt()).isEqualTo(5);
        JsonNode u = m2m.update(AE, HOME + "/crud", "{\"m2m:ts\":{\"mni\":7,\"lbl\":[\"y\"]}}").expect(2004).inner();
        assertThat(u.path("mni").asInt()).isEqualTo(7);
        // the Release 4 location, as an AE's or a container's
        JsonNode l = m2m.update(AE, HOME + "/crud", "{\"m2m:ts\":{\"loc\":{\"typ\":1,\"crd\":[2.35,48.86]}}}")
                .expect(2004).inner();
        assertThat(l.path("loc").path("crd").get(0).asDouble()).isEqualTo(2.35);
        assertThat(m2m.update(AE, HOME + "/crud", "{\"m2m:ts\":{\"loc\":{\"typ\":1,\"crd\":[2.35,91]}}}")
                .expect(4000).dbg()).contains("loc");
        String paris = URLEncoder.encode("[[[2.2,48.8],[2.5,48.8],[2.5,48.95],[2.2,48.95],[2.2,48.8]]]",
                StandardCharsets.UTF_8);
        assertThat(m2m.retrieve(AE, HOME + "?fu=1&ty=29&gmty=3&gsf=2&geom=" + paris).expect(2000).uris())
                .as("a geo-query finds it").containsExactly("cse-in/tsowner/crud");
        m2m.delete(AE, HOME + "/crud").expect(2002);
        m2m.retrieve(AE, HOME + "/crud").expect(4004);
    }

    @Test
    void timeSeriesLivesUnderTheCseBaseAnAeAContainerOrAFlexContainerOnly() {
        m2m.create(M2m.ADMIN, "/cse-in", 29, "{\"m2m:ts\":{\"rn\":\"" + name("top") + "\"}}").expect(2001);
        String cnt = name("cnt");
        m2m.createContainer(AE, HOME, cnt);
        m2m.create(AE, HOME + "/" + cnt, 29, "{\"m2m:ts\":{}}").expect(2001);
        // TS-0001 table 9.6.1.1-1: a flexContainer may hold a timeSeries; an instance needs a timeSeries
        String flex = name("flex");
        m2m.create(AE, HOME, 28, "{\"cod:tempe\":{\"rn\":\"" + flex + "\",\"cnd\":\"org.example.t\"}}").expect(2001);
        m2m.create(AE, HOME + "/" + flex, 29, "{\"m2m:ts\":{\"rn\":\"series\"}}").expect(2001);
        m2m.retrieve(AE, HOME + "/" + flex + "/series").expect(2000);
        m2m.create(AE, HOME + "/" + flex, 30, tsi("20260101T000000", "x")).expect(4108);
        String ts = timeSeries("");
        m2m.create(AE, ts, 29, "{\"m2m:ts\":{}}").expect(4108);
        m2m.create(AE, ts, 4, "{\"m2m:cin\":{\"con\":\"x\"}}").expect(4108);
        m2m.create(AE, HOME + "/" + cnt, 30, tsi("20260101T000000", "x")).expect(4108);
    }

    @Test
    void badAttributesAreRefusedNamingThem() {
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"mdlt\":[]}}").expect(4000).dbg()).contains("mdlt");
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"cni\":1}}").expect(4000).dbg()).contains("cni");
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"pei\":0}}").expect(4000).dbg()).contains("pei");
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"mdd\":\"yes\"}}").expect(4000).dbg()).contains("mdd");
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"st\":1}}").expect(4000).dbg()).contains("st");
        String ts = timeSeries("");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"con\":\"x\"}}").expect(4000).dbg()).contains("dgt");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"yesterday\",\"con\":\"x\"}}").expect(4000).dbg())
                .contains("dgt");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":true,\"con\":\"x\"}}").expect(4000).dbg())
                .contains("dgt");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\"}}").expect(4000).dbg())
                .contains("con");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\",\"con\":\"x\",\"cs\":1}}")
                .expect(4000).dbg()).contains("cs");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\",\"con\":\"x\",\"snr\":-1}}")
                .expect(4000).dbg()).contains("snr");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\",\"con\":\"x\",\"acpi\":[]}}")
                .expect(4000).dbg()).contains("acpi");
        assertThat(m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\",\"con\":\"x\",\"zz\":1}}")
                .expect(4000).dbg()).contains("zz");
    }

    @Test
    void instancesAreKeptAsAContainerKeepsItsOwnAndNeverUpdated() {
        String ts = timeSeries("\"mni\":2,\"mbs\":10");
        M2m.Rsp first = m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\",\"con\":\"abc\","
                + "\"snr\":1}}").expect(2001);
        assertThat(first.inner().path("cs").asInt()).isEqualTo(3);
        assertThat(first.inner().path("snr").asInt()).isEqualTo(1);
        assertThat(first.inner().has("st")).isFalse();
        m2m.create(AE, ts, 30, tsi("20260101T000001", "defg")).expect(2001);
        m2m.create(AE, ts, 30, tsi("20260101T000002", "hi")).expect(2001);
        JsonNode t = m2m.retrieve(AE, ts).expect(2000).inner();
        assertThat(t.path("cni").asInt()).as("the oldest removed for mni").isEqualTo(2);
        assertThat(t.path("cbs").asInt()).isEqualTo(6);
        assertThat(m2m.retrieve(AE, ts + "/ol").expect(2000).attr("con")).isEqualTo("defg");
        assertThat(m2m.retrieve(AE, ts + "/la").expect(2000).attr("con")).isEqualTo("hi");
        assertThat(m2m.create(AE, ts, 30, tsi("20260101T000003", "12345678901")).expect(5207).dbg())
                .contains("maxByteSize");
        m2m.update(AE, ts + "/la", "{\"m2m:tsi\":{\"con\":\"x\"}}").expect(4005);
        String la = m2m.retrieve(AE, ts + "/la").expect(2000).ri();
        m2m.update(AE, "/~" + M2m.CSE_ID + "/" + la, "{\"m2m:tsi\":{\"lbl\":[\"x\"]}}").expect(4005);
        m2m.delete(AE, ts + "/la").expect(2002);
        JsonNode after = m2m.retrieve(AE, ts).expect(2000).inner();
        assertThat(after.path("cni").asInt()).isEqualTo(1);
        assertThat(after.path("cbs").asInt()).isEqualTo(4);
        m2m.update(AE, ts, "{\"m2m:ts\":{\"mni\":0}}").expect(2004);
        assertThat(m2m.retrieve(AE, ts).expect(2000).inner().path("cni").asInt()).isZero();
        m2m.retrieve(AE, ts + "/la").expect(4004);
    }

    @Test
    void aSecondInstanceWithTheSameDataGenerationTimeIsAConflict() {
        String ts = timeSeries("\"mni\":1");
        m2m.create(AE, ts, 30, tsi("20260101T101010", "a")).expect(2001);
        // the same instant in another written form; mni 1 would otherwise let it displace the first
        assertThat(m2m.create(AE, ts, 30, tsi("20260101T101010,000000", "b")).expect(4105).dbg()).contains("dgt");
        assertThat(m2m.retrieve(AE, ts + "/la").expect(2000).attr("con")).isEqualTo("a");
        m2m.create(AE, ts, 30, tsi("20260101T101010,5", "c")).expect(2001);
        // relative values are their own kind: 42 is not a time
        m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":42,\"con\":\"r\"}}").expect(2001);
        m2m.create(AE, ts, 30, "{\"m2m:tsi\":{\"dgt\":\"42\",\"con\":\"r\"}}").expect(4105);
        // another timeSeries may hold the same dgt
        m2m.create(AE, timeSeries(""), 30, tsi("20260101T101010", "a")).expect(2001);
    }

    @Test
    void concurrentCreatesWithOneDataGenerationTimeLeaveExactlyOne() throws Exception {
        String ts = timeSeries("");
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int round = 0; round < 5; round++) {
                String dgt = "2026010" + (round + 1) + "T000000";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    results.add(pool.submit((Callable<Integer>) () -> {
                        go.await();
                        return m2m.create(AE, ts, 30, tsi(dgt, "v" + k)).rsc();
                    }));
                }
                go.countDown();
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> f : results) {
                    codes.add(f.get());
                }
                assertThat(codes).as("round %d", round).containsOnly(2001, 4105);
                assertThat(codes.stream().filter(c -> c == 2001).count()).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(m2m.retrieve(AE, ts).expect(2000).inner().path("cni").asInt()).isEqualTo(5);
    }

    // ------------------------------------------------------------------------ periodic attribute rules

    @Test
    void periodicAndMissingDataAttributesFollowTheirRules() {
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"pei\":1000,\"peid\":501}}").expect(4000).dbg())
                .contains("peid");
        m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"pei\":1000,\"peid\":500}}").expect(2001);
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"pei\":1000,\"mdd\":true}}").expect(4000).dbg())
                .contains("mdt");
        assertThat(m2m.create(AE, HOME, 29, "{\"m2m:ts\":{\"pei\":1000,\"peid\":100,\"mdd\":true,\"mdt\":100}}")
                .expect(4000).dbg()).contains("mdt");
        String ts = timeSeries("\"pei\":100000,\"peid\":100,\"mdd\":true,\"mdt\":200");
        assertThat(m2m.update(AE, ts, "{\"m2m:ts\":{\"pei\":2000}}").expect(4000).dbg()).contains("pei");
        assertThat(m2m.update(AE, ts, "{\"m2m:ts\":{\"mdd\":false,\"mdn\":3}}").expect(4000).dbg()).contains("mdd");
        m2m.update(AE, ts, "{\"m2m:ts\":{\"mdd\":false}}").expect(2004);
        JsonNode u = m2m.update(AE, ts, "{\"m2m:ts\":{\"pei\":1000}}").expect(2004).inner();
        assertThat(u.path("peid").asInt()).as("a peid that still fits is kept").isEqualTo(100);
        u = m2m.update(AE, ts, "{\"m2m:ts\":{\"pei\":100}}").expect(2004).inner();
        assertThat(u.path("peid").asInt()).as("else pei / 2").isEqualTo(50);
        assertThat(m2m.update(AE, ts, "{\"m2m:ts\":{\"mdt\":40,\"peid\":50}}").expect(2004).inner().path("mdt")
                .asInt()).isEqualTo(40);
        assertThat(m2m.update(AE, ts, "{\"m2m:ts\":{\"mdd\":true}}").expect(4000).dbg()).contains("mdt");
    }

    // ------------------------------------------------------------------- discovery and access control

    @Test
    void discoveryByTypeFindsTimeSeriesAndInstances() {
        String ts = timeSeries("\"lbl\":[\"disc\"]");
        m2m.create(AE, ts, 30, tsi("20260202T000000", "a")).expect(2001);
        List<String> series = m2m.retrieve(AE, HOME + "?fu=1&ty=29&lbl=disc").expect(2000).uris();
        assertThat(series).containsExactly(ts.substring(1));
        List<String> instances = m2m.retrieve(AE, ts + "?fu=1&ty=30").expect(2000).uris();
        assertThat(instances).hasSize(1);
        assertThat(m2m.retrieve(OTHER, ts + "?fu=1&ty=30").expect(2000).uris()).as("no DISCOVER privilege").isEmpty();
        assertThat(m2m.retrieve(OTHER, HOME + "?fu=1&ty=29&lbl=disc").expect(2000).uris()).isEmpty();
    }

    @Test
    void accessToInstancesIsDecidedByTheirTimeSeries() {
        String ts = timeSeries("");
        m2m.create(AE, ts, 30, tsi("20260303T000000", "a")).expect(2001);
        m2m.retrieve(OTHER, ts).expect(4103);
        m2m.retrieve(OTHER, ts + "/la").expect(4103);
        m2m.create(OTHER, ts, 30, tsi("20260303T000001", "b")).expect(4103);
        m2m.delete(OTHER, ts + "/la").expect(4103);
        m2m.update(OTHER, ts, "{\"m2m:ts\":{\"mni\":1}}").expect(4103);
        m2m.create(OTHER, ts, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/x") + "\"]}}").expect(4103);
        // an ACP that lets the other AE RETRIEVE (2) and CREATE (1) covers the instances too
        String acp = m2m.createAcp(AE, HOME, name("acp"), rules(rule(3, OTHER), rule(63, AE)), rules(rule(63, AE)));
        m2m.update(AE, ts, "{\"m2m:ts\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        m2m.create(OTHER, ts, 30, tsi("20260303T000001", "b")).expect(2001);
        assertThat(m2m.retrieve(OTHER, ts + "/la").expect(2000).attr("con")).isEqualTo("b");
        m2m.delete(OTHER, ts + "/la").expect(4103);
    }

    // ----------------------------------------------------------------------------------- subscriptions

    @Test
    void subscribersHearOfNewInstances() {
        String ts = timeSeries("");
        m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + rx.url("/tsi-created")
                + "\"],\"enc\":{\"net\":[3]}}}").expect(2001);
        rx.await("/tsi-created", Received::isVerification);
        m2m.create(AE, ts, 30, tsi("20260404T000000", "hello")).expect(2001);
        Received r = rx.await("/tsi-created", x -> x.net() == 3);
        assertThat(r.rep().path("m2m:tsi").path("con").asText()).isEqualTo("hello");
        assertThat(r.rep().path("m2m:tsi").path("dgt").asText()).isEqualTo("20260404T000000");
    }

    @Test
    void missingDataSubscriptionsAreCheckedOnCreateAndUpdate() {
        String ts = timeSeries("");
        String md = "\"md\":{\"num\":1,\"dur\":\"PT1M\"}";
        String cnt = name("cnt");
        m2m.createContainer(AE, HOME, cnt);
        assertThat(m2m.create(AE, HOME + "/" + cnt, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/md0")
                + "\"],\"enc\":{\"net\":[8]," + md + "}}}").expect(4000).dbg()).contains("timeSeries");
        assertThat(m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/md0")
                + "\"],\"enc\":{\"net\":[8]}}}").expect(4000).dbg()).contains("enc.md");
        assertThat(m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/md0")
                + "\"],\"enc\":{\"net\":[1]," + md + "}}}").expect(4000).dbg()).contains("enc.md");
        assertThat(m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/md0")
                + "\"],\"nct\":1,\"enc\":{\"net\":[8]," + md + "}}}").expect(4000).dbg()).contains("nct");
        assertThat(m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/md0")
                + "\"],\"enc\":{\"net\":[8],\"md\":{\"num\":0,\"dur\":\"PT1M\"}}}}").expect(4000).dbg())
                .contains("enc.md.num");
        assertThat(m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/md0")
                + "\"],\"enc\":{\"net\":[8],\"md\":{\"num\":1,\"dur\":\"soon\"}}}}").expect(4000).dbg())
                .contains("enc.md.dur");
        M2m.Rsp ok = m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"rn\":\"md\",\"nu\":[\"" + rx.url("/md0")
                + "\"],\"enc\":{\"net\":[8]," + md + "}}}").expect(2001);
        assertThat(ok.inner().path("nct").asInt()).as("nct 5, the only one for net 8").isEqualTo(5);
        assertThat(m2m.update(AE, ts + "/md", "{\"m2m:sub\":{\"enc\":{\"net\":[3]," + md + "}}}").expect(4000)
                .dbg()).contains("enc.md");
    }

    // ------------------------------------------------------------------------- missing-data detection

    @Test
    void missingPointsAreListedAndReportedPerTheWindowRules() {
        // expected every 600 ms from the first instance, checked 300 ms after each expected time
        String ts = timeSeries("\"pei\":600,\"peid\":100,\"mdd\":true,\"mdt\":300,\"mdn\":3");
        m2m.create(AE, ts, 23, "{\"m2m:sub\":{\"rn\":\"md\",\"nu\":[\"" + rx.url("/missing")
                + "\"],\"enc\":{\"net\":[8],\"md\":{\"num\":2,\"dur\":\"PT60S\"}}}}").expect(2001);
        rx.await("/missing", Received::isVerification);
        Instant anchor = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        m2m.create(AE, ts, 30, tsi(at(anchor), "first")).expect(2001);
        // points 1 and 2 present ahead of time (within peid), 3 absent, 4 present, then nothing more
        m2m.create(AE, ts, 30, tsi(at(anchor.plusMillis(620)), "p1")).expect(2001);
        m2m.create(AE, ts, 30, tsi(at(anchor.plusMillis(1150)), "p2")).expect(2001);
        m2m.create(AE, ts, 30, tsi(at(anchor.plusMillis(2400)), "p4")).expect(2001);

        Received first = rx.await("/missing", r -> r.net() == 8, Duration.ofSeconds(10));
        JsonNode tsn = first.rep().path("m2m:tsn");
        assertThat(tsn.path("mdc").asInt()).as("sent when the window counts md.num points").isEqualTo(2);
        assertThat(texts(tsn.path("mdlt"))).containsExactly(at(anchor.plusMillis(3000)), at(anchor.plusMillis(1800)));
        assertThat(first.sgn().path("sur").asText()).isEqualTo(M2m.CSE_ID + "/"
                + m2m.retrieve(AE, ts + "/md").expect(2000).ri());
        Received second = rx.await("/missing", r -> r.net() == 8 && r.rep().path("m2m:tsn").path("mdc").asInt() == 3,
                Duration.ofSeconds(10));
        assertThat(texts(second.rep().path("m2m:tsn").path("mdlt"))).as("only the points since the last report")
                .containsExactly(at(anchor.plusMillis(3600)));

        JsonNode t = awaitMdc(ts, 3);
        assertThat(texts(t.path("mdlt"))).as("newest first, at most mdn").hasSize(3);
        assertThat(Timestamps.parse(t.path("mdlt").get(0).asText(), "mdlt"))
                .isAfter(Timestamps.parse(t.path("mdlt").get(2).asText(), "mdlt"));

        // paused: the list stays; set true again: cleared and restarted
        m2m.update(AE, ts, "{\"m2m:ts\":{\"mdd\":false}}").expect(2004);
        JsonNode paused = m2m.retrieve(AE, ts).expect(2000).inner();
        assertThat(paused.path("mdc").asInt()).isEqualTo(3);
        JsonNode restarted = m2m.update(AE, ts, "{\"m2m:ts\":{\"mdd\":true}}").expect(2004).inner();
        assertThat(restarted.path("mdc").asInt()).isZero();
        assertThat(restarted.has("mdlt")).isFalse();
        m2m.delete(AE, ts).expect(2002);
    }

    @Test
    void aSeriesWithoutGapsHasNoMissingPoints() throws InterruptedException {
        String ts = timeSeries("\"pei\":200,\"peid\":50,\"mdd\":true,\"mdt\":100");
        Instant anchor = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 8; i++) {
            // the first is the anchor; the others within peid of their expected time
            m2m.create(AE, ts, 30, tsi(at(anchor.plusMillis(200L * i + (i == 0 ? 0 : i % 2 == 0 ? 40 : -40))),
                    "v" + i)).expect(2001);
        }
        Thread.sleep(1000); // five detection times pass, each finding its instance
        assertThat(m2m.retrieve(AE, ts).expect(2000).inner().path("mdc").asInt()).isZero();
        assertThat(cse.server().cse().missingData().monitored()).isPositive();
        m2m.delete(AE, ts).expect(2002);
    }

    @Test
    void detectionResumesAfterARestart(@TempDir Path dir) throws InterruptedException {
        Instant anchor;
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Crestart", "restart");
            m.create("Crestart", "/cse-in/restart", 29, "{\"m2m:ts\":{\"rn\":\"ts\",\"pei\":200,\"peid\":50,"
                    + "\"mdd\":true,\"mdt\":100,\"mdn\":50}}").expect(2001);
            anchor = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            m.create("Crestart", "/cse-in/restart/ts", 30, tsi(at(anchor), "only")).expect(2001);
        }
        Thread.sleep(700); // the CSE is down while three expected points pass
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            assertThat(s.cse().missingData().monitored()).isEqualTo(1);
            JsonNode t = awaitMdc(m, "Crestart", "/cse-in/restart/ts", 3);
            List<String> mdlt = texts(t.path("mdlt"));
            assertThat(mdlt).contains(at(anchor.plusMillis(200)), at(anchor.plusMillis(400)),
                    at(anchor.plusMillis(600)));
            assertThat(mdlt).doesNotHaveDuplicates();
        }
    }

    static JsonNode awaitMdc(String ts, int atLeast) {
        return awaitMdc(m2m, AE, ts, atLeast);
    }

    static JsonNode awaitMdc(M2m m, String fr, String ts, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode t = m.retrieve(fr, ts).expect(2000).inner();
            if (t.path("mdc").asInt() >= atLeast || System.nanoTime() > deadline) {
                assertThat(t.path("mdc").asInt()).as("mdc of %s", t).isGreaterThanOrEqualTo(atLeast);
                return t;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
