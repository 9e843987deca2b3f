package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import io.bastion.core.time.MutableClock;

/**
 * The resource types this CSE serves, end to end over HTTP: CRUD in every address form, result content, the
 * container's instance management, discovery filters, groups and expiry (TS-0001 9.6, TS-0004 7.3/7.4).
 */
class ResourcesIT {
    static final String AE = "Cres";
    static final String HOME = "/cse-in/res";
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(AE, "res");
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver receiver = new NotificationReceiver();

    static String name(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    static String cnt(String rn, String extra) {
        return "{\"m2m:cnt\":{\"rn\":\"" + rn + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}}";
    }

    /** A container under the AE with extra attributes (a JSON fragment); returns its path. */
    static String container(String extra) {
        String rn = name("c");
        m2m.create(AE, HOME, 3, cnt(rn, extra)).expect(2001);
        return HOME + "/" + rn;
    }

    static String cin(String containerPath, String con) {
        return m2m.createCin(AE, containerPath, con).expect(2001).ri();
    }

    // ------------------------------------------------------------------------------------ container CRUD

    @Test
    void containerIsCreatedRetrievedUpdatedAndDeleted() {
        String rn = name("crud");
        M2m.Rsp c = m2m.create(AE, HOME, 3, cnt(rn, "\"lbl\":[\"a\",\"b\"],\"mni\":5")).expect(2001);
        assertThat(c.status()).isEqualTo(201);
        JsonNode a = c.inner();
        assertThat(c.json().has("m2m:cnt")).isTrue();
        assertThat(a.path("ty").asInt()).isEqualTo(3);
        assertThat(a.path("rn").asText()).isEqualTo(rn);
        assertThat(a.path("pi").asText()).isEqualTo(AE);
        assertThat(a.path("ri").asText()).isNotBlank();
        assertThat(a.path("ct").asText()).matches("\\d{8}T\\d{6}.*");
        assertThat(a.path("lt").asText()).isEqualTo(a.path("ct").asText());
        assertThat(a.path("et").asText()).matches("\\d{8}T\\d{6}.*");
        assertThat(a.path("st").asInt()).isZero();
        assertThat(a.path("cni").asInt()).isZero();
        assertThat(a.path("cbs").asInt()).isZero();
        assertThat(a.path("mni").asInt()).isEqualTo(5);
        assertThat(a.path("lbl")).hasSize(2);

        String path = HOME + "/" + rn;
        M2m.Rsp r = m2m.retrieve(AE, path).expect(2000);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.inner()).isEqualTo(a);

        M2m.Rsp u = m2m.update(AE, path, "{\"m2m:cnt\":{\"lbl\":[\"c\"],\"mni\":7}}").expect(2004);
        assertThat(u.status()).isEqualTo(200);
        assertThat(u.inner().path("lbl").get(0).asText()).isEqualTo("c");
        assertThat(u.inner().path("mni").asInt()).isEqualTo(7);
        assertThat(u.inner().path("ct").asText()).isEqualTo(a.path("ct").asText());
        assertThat(u.inner().path("st").asInt()).isEqualTo(1);
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("mni").asInt()).isEqualTo(7);

        // null removes an optional attribute
        M2m.Rsp n = m2m.update(AE, path, "{\"m2m:cnt\":{\"lbl\":null}}").expect(2004);
        assertThat(n.inner().has("lbl")).isFalse();

        M2m.Rsp d = m2m.delete(AE, path).expect(2002);
        assertThat(d.status()).isEqualTo(200);
        m2m.retrieve(AE, path).expect(4004);
        m2m.retrieve(AE, "/" + a.path("ri").asText()).expect(4004);
    }

    @Test
    void everyAddressFormReachesTheSameResource() {
        String rn = name("addr");
        // create through the SP-relative structured form
        String ri = m2m.create(AE, "/~/id-in/cse-in/res", 3, cnt(rn, "")).expect(2001).ri();
        String[] forms = {
            HOME + "/" + rn,                                   // CSE-relative structured
            "/-/res/" + rn,                                    // CSE-relative with "-" for the CSEBase
            "/~/id-in/cse-in/res/" + rn,                       // SP-relative structured
            "/_/bastion.example/id-in/cse-in/res/" + rn,       // absolute structured
            "/" + ri,                                          // CSE-relative unstructured
            "/~/id-in/" + ri,                                  // SP-relative unstructured
            "/_/bastion.example/id-in/" + ri,                  // absolute unstructured
        };
        for (String f : forms) {
            assertThat(m2m.retrieve(AE, f).expect(2000).ri()).as(f).isEqualTo(ri);
        }
        m2m.update(AE, "/_/bastion.example/id-in/" + ri, "{\"m2m:cnt\":{\"lbl\":[\"abs\"]}}").expect(2004);
        m2m.update(AE, "/~/id-in/" + ri, "{\"m2m:cnt\":{\"mni\":3}}").expect(2004);
        JsonNode now = m2m.retrieve(AE, "/" + ri).expect(2000).inner();
        assertThat(now.path("lbl").get(0).asText()).isEqualTo("abs");
        assertThat(now.path("mni").asInt()).isEqualTo(3);
        // children through unstructured parents
        cin("/" + ri, "via ri");
        m2m.create(AE, "/_/bastion.example/id-in/" + ri, 4, "{\"m2m:cin\":{\"con\":\"via absolute\"}}")
                .expect(2001);
        assertThat(m2m.retrieve(AE, "/~/id-in/" + ri + "/la").expect(2000).attr("con")).isEqualTo("via absolute");
        m2m.delete(AE, "/~/id-in/cse-in/res/" + rn).expect(2002);
        for (String f : forms) {
            m2m.retrieve(AE, f).expect(4004);
        }
    }

    @Test
    void addressesOfOtherCsesOrServiceProvidersAreNotFound() {
        // no remote CSE is registered: not found, or not reachable
        assertThat(m2m.retrieve(AE, "/~/id-other/cse-in/res").rsc()).isIn(4004, 5103);
        assertThat(m2m.retrieve(AE, "/_/other.example/id-in/cse-in/res").rsc()).isIn(4004, 5103);
        m2m.retrieve(AE, "/cse-in/res/doesNotExist").expect(4004);
        m2m.retrieve(AE, "/noSuchResourceId").expect(4004);
    }

    @Test
    void createAnswersWithTheLocationOfTheNewResource() {
        String rn = name("loc");
        M2m.Rsp c = m2m.create(AE, HOME, 3, cnt(rn, "")).expect(2001);
        String loc = c.header("Content-Location");
        assertThat(loc).as("Content-Location").isNotBlank();
        // Content-Location is a URI reference relative to the request target (RFC 9110 8.7)
        URI base = URI.create("http://127.0.0.1:" + m2m.port() + HOME);
        String resolved = base.resolve(loc).getRawPath();
        assertThat(m2m.retrieve(AE, resolved).expect(2000).ri()).as("resource at Content-Location " + loc)
                .isEqualTo(c.ri());
    }

    @Test
    void resultContentOfCreateFollowsRcn() {
        M2m.Rsp r0 = m2m.request("POST", HOME + "?rcn=0").from(AE).ty(3).body(cnt(name("rcn0"), "")).send()
                .expect(2001);
        assertThat(r0.body()).isEmpty();

        M2m.Rsp r1 = m2m.request("POST", HOME + "?rcn=1").from(AE).ty(3).body(cnt(name("rcn1"), "")).send()
                .expect(2001);
        assertThat(r1.inner().path("ty").asInt()).isEqualTo(3);

        String rn2 = name("rcn2");
        M2m.Rsp r2 = m2m.request("POST", HOME + "?rcn=2").from(AE).ty(3).body(cnt(rn2, "")).send().expect(2001);
        assertThat(r2.json().path("m2m:uri").asText()).endsWith("res/" + rn2);
        assertThat(r2.json().has("m2m:cnt")).isFalse();

        String rn3 = name("rcn3");
        M2m.Rsp r3 = m2m.request("POST", HOME + "?rcn=3").from(AE).ty(3).body(cnt(rn3, "")).send().expect(2001);
        JsonNode rce = r3.json().path("m2m:rce");
        assertThat(rce.path("uri").asText()).endsWith("res/" + rn3);
        assertThat(rce.path("m2m:cnt").path("rn").asText()).isEqualTo(rn3);

        m2m.request("POST", HOME + "?rcn=4").from(AE).ty(3).body(cnt(name("rcn4"), "")).send().expect(4000);
    }

    @Test
    void resultContentOfRetrieveFollowsRcn() {
        String path = container("");
        m2m.create(AE, path, 3, cnt("sub1", "")).expect(2001);
        cin(path, "one");
        cin(path, "two");

        JsonNode r1 = m2m.retrieve(AE, path + "?rcn=1").expect(2000).inner();
        assertThat(r1.has("m2m:cin")).isFalse();
        assertThat(r1.has("ch")).isFalse();

        JsonNode r4 = m2m.retrieve(AE, path + "?rcn=4").expect(2000).inner();
        assertThat(r4.path("rn").asText()).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
        assertThat(r4.path("m2m:cin")).hasSize(2);
        assertThat(r4.path("m2m:cnt")).hasSize(1);
        assertThat(r4.path("m2m:cin").findValuesAsText("con")).containsExactlyInAnyOrder("one", "two");

        JsonNode r5 = m2m.retrieve(AE, path + "?rcn=5").expect(2000).inner();
        assertThat(r5.path("rn").isTextual()).isTrue();
        assertThat(r5.path("ch")).hasSize(3);
        assertThat(r5.path("ch").findValuesAsText("typ")).containsExactlyInAnyOrder("3", "4", "4");

        JsonNode r6 = m2m.retrieve(AE, path + "?rcn=6").expect(2000).json();
        assertThat(r6.path("m2m:rrl").path("rrf")).hasSize(3);
        assertThat(r6.path("m2m:rrl").path("rrf").findValuesAsText("nm")).contains("sub1");
        assertThat(r6.has("m2m:cnt")).isFalse();

        JsonNode r8 = m2m.retrieve(AE, path + "?rcn=8").expect(2000).inner();
        assertThat(r8.has("rn")).isFalse();
        assertThat(r8.path("m2m:cin")).hasSize(2);

        m2m.retrieve(AE, path + "?rcn=0").expect(4000);
        m2m.retrieve(AE, path + "?rcn=2").expect(4000);
    }

    @Test
    void updateWithRcn9AnswersOnlyTheModifiedAttributes() {
        String path = container("\"mni\":10");
        M2m.Rsp r = m2m.request("PUT", path + "?rcn=9").from(AE).body("{\"m2m:cnt\":{\"lbl\":[\"changed\"]}}")
                .send().expect(2004);
        JsonNode m = r.inner();
        assertThat(m.path("lbl").get(0).asText()).isEqualTo("changed");
        assertThat(m.has("rn")).isFalse();
        assertThat(m.has("ct")).isFalse();
        assertThat(m.has("mni")).isFalse();

        M2m.Rsp r0 = m2m.request("PUT", path + "?rcn=0").from(AE).body("{\"m2m:cnt\":{\"mni\":4}}").send()
                .expect(2004);
        assertThat(r0.body()).isEmpty();
    }

    @Test
    void deleteWithRcn1AnswersTheDeletedResource() {
        String path = container("");
        M2m.Rsp r = m2m.request("DELETE", path + "?rcn=1").from(AE).send().expect(2002);
        assertThat(r.inner().path("rn").asText()).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
    }

    // ----------------------------------------------------------------------------- contentInstance

    @Test
    void contentInstanceIsCreatedAndRetrievedButNeverUpdated() {
        String path = container("");
        M2m.Rsp c = m2m.create(AE, path, 4, "{\"m2m:cin\":{\"cnf\":\"text/plain:0\",\"con\":\"héllo\"}}")
                .expect(2001);
        JsonNode a = c.inner();
        assertThat(a.path("ty").asInt()).isEqualTo(4);
        assertThat(a.path("con").asText()).isEqualTo("héllo");
        assertThat(a.path("cs").asInt()).isEqualTo(6);
        assertThat(a.path("cnf").asText()).isEqualTo("text/plain:0");
        String ri = a.path("ri").asText();
        assertThat(m2m.retrieve(AE, "/" + ri).expect(2000).inner()).isEqualTo(a);
        assertThat(m2m.retrieve(AE, path + "/" + a.path("rn").asText()).expect(2000).ri()).isEqualTo(ri);

        m2m.update(AE, "/" + ri, "{\"m2m:cin\":{\"lbl\":[\"x\"]}}").expect(4005);
        m2m.update(AE, path + "/la", "{\"m2m:cin\":{\"lbl\":[\"x\"]}}").expect(4005);
        assertThat(m2m.retrieve(AE, "/" + ri).expect(2000).inner()).isEqualTo(a);

        m2m.delete(AE, "/" + ri).expect(2002);
        m2m.retrieve(AE, "/" + ri).expect(4004);
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt()).isZero();
    }

    @Test
    void containerCountsItsInstancesAndStateTag() {
        String path = container("");
        cin(path, "1234");
        cin(path, "123456");
        JsonNode c = m2m.retrieve(AE, path).expect(2000).inner();
        assertThat(c.path("cni").asInt()).isEqualTo(2);
        assertThat(c.path("cbs").asInt()).isEqualTo(10);
        assertThat(c.path("st").asInt()).isEqualTo(2);
    }

    @Test
    void latestAndOldestVirtualResourcesFollowTheInstances() {
        String path = container("");
        m2m.retrieve(AE, path + "/la").expect(4004);
        m2m.retrieve(AE, path + "/ol").expect(4004);
        String first = cin(path, "first");
        cin(path, "second");
        String third = cin(path, "third");
        assertThat(m2m.retrieve(AE, path + "/la").expect(2000).ri()).isEqualTo(third);
        assertThat(m2m.retrieve(AE, path + "/ol").expect(2000).ri()).isEqualTo(first);

        m2m.delete(AE, path + "/ol").expect(2002);
        m2m.retrieve(AE, "/" + first).expect(4004);
        assertThat(m2m.retrieve(AE, path + "/ol").expect(2000).attr("con")).isEqualTo("second");
        m2m.delete(AE, path + "/la").expect(2002);
        m2m.retrieve(AE, "/" + third).expect(4004);
        assertThat(m2m.retrieve(AE, path + "/la").expect(2000).attr("con")).isEqualTo("second");
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt()).isEqualTo(1);

        m2m.create(AE, path + "/la", 4, "{\"m2m:cin\":{\"con\":\"x\"}}").expect(4005);
        // la/ol are virtual children of containers only
        m2m.retrieve(AE, HOME + "/la").expect(4004);
    }

    @Test
    void maxNrOfInstancesEvictsTheOldest() {
        String path = container("\"mni\":3");
        List<String> ris = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ris.add(cin(path, "v" + i));
        }
        JsonNode c = m2m.retrieve(AE, path).expect(2000).inner();
        assertThat(c.path("cni").asInt()).isEqualTo(3);
        assertThat(c.path("cbs").asInt()).isEqualTo(6);
        m2m.retrieve(AE, "/" + ris.get(0)).expect(4004);
        m2m.retrieve(AE, "/" + ris.get(1)).expect(4004);
        m2m.retrieve(AE, "/" + ris.get(2)).expect(2000);
        assertThat(m2m.retrieve(AE, path + "/ol").expect(2000).ri()).isEqualTo(ris.get(2));
        assertThat(m2m.retrieve(AE, path + "/la").expect(2000).ri()).isEqualTo(ris.get(4));

        // lowering mni evicts at once
        M2m.Rsp u = m2m.update(AE, path, "{\"m2m:cnt\":{\"mni\":1}}").expect(2004);
        assertThat(u.inner().path("cni").asInt()).isEqualTo(1);
        m2m.retrieve(AE, "/" + ris.get(3)).expect(4004);
        assertThat(m2m.retrieve(AE, path + "/ol").expect(2000).ri()).isEqualTo(ris.get(4));
    }

    @Test
    void maxByteSizeEvictsTheOldestAndRefusesLargerContentWith5207() {
        String path = container("\"mbs\":10");
        String a = cin(path, "aaaa");
        String b = cin(path, "bbbb");
        JsonNode c = m2m.retrieve(AE, path).expect(2000).inner();
        assertThat(c.path("cbs").asInt()).isEqualTo(8);
        String d = cin(path, "cccc");
        c = m2m.retrieve(AE, path).expect(2000).inner();
        assertThat(c.path("cni").asInt()).isEqualTo(2);
        assertThat(c.path("cbs").asInt()).isEqualTo(8);
        m2m.retrieve(AE, "/" + a).expect(4004);
        m2m.retrieve(AE, "/" + b).expect(2000);
        m2m.retrieve(AE, "/" + d).expect(2000);

        M2m.Rsp big = m2m.createCin(AE, path, "01234567890").expect(5207);
        assertThat(big.status()).isEqualTo(406);
        c = m2m.retrieve(AE, path).expect(2000).inner();
        assertThat(c.path("cni").asInt()).isEqualTo(2);
        assertThat(c.path("cbs").asInt()).isEqualTo(8);
        m2m.retrieve(AE, "/" + b).expect(2000);
    }

    @Test
    void maxInstanceAgeRemovesOldInstances() throws InterruptedException {
        String path = container("\"mia\":1");
        String ri = cin(path, "short-lived");
        m2m.retrieve(AE, "/" + ri).expect(2000);
        awaitRsc("/" + ri, 4004, Duration.ofSeconds(6));
        awaitCni(path, 0, Duration.ofSeconds(6));
        m2m.retrieve(AE, path + "/la").expect(4004);
    }

    @Test
    void deletingAResourceDeletesItsWholeSubtree() {
        String top = container("");
        m2m.create(AE, top, 3, cnt("mid", "")).expect(2001);
        String midRi = m2m.retrieve(AE, top + "/mid").expect(2000).ri();
        m2m.create(AE, top + "/mid", 3, cnt("leaf", "")).expect(2001);
        String leafRi = m2m.retrieve(AE, top + "/mid/leaf").expect(2000).ri();
        String cinRi = cin(top + "/mid/leaf", "deep");
        String subRi = m2m.create(AE, top + "/mid", 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + receiver.url("/tree")
                + "\"]}}").expect(2001).ri();
        m2m.delete(AE, top).expect(2002);
        for (String ri : List.of(midRi, leafRi, cinRi, subRi)) {
            m2m.retrieve(AE, "/" + ri).expect(4004);
            assertThat(cse.server().cse().store().get(ri)).as("stored " + ri).isEmpty();
        }
        m2m.retrieve(AE, top + "/mid/leaf").expect(4004);
        // a new resource may reuse the name
        m2m.create(AE, HOME, 3, cnt(top.substring(top.lastIndexOf('/') + 1), "")).expect(2001);
    }

    @Test
    void childOfAnInvalidTypeIsRefusedWith4108() {
        m2m.create(AE, HOME, 4, "{\"m2m:cin\":{\"con\":\"x\"}}").expect(4108);
        String path = container("");
        String cinRi = cin(path, "x");
        m2m.create(AE, "/" + cinRi, 3, cnt("underCin", "")).expect(4108);
    }

    @Test
    void disabledRetrievalRefusesAccessToTheInstancesWith4005() {
        String path = container("\"disr\":true");
        String ri = cin(path, "hidden");
        m2m.retrieve(AE, "/" + ri).expect(4005);
        m2m.retrieve(AE, path + "/la").expect(4005);
        m2m.retrieve(AE, path + "/ol").expect(4005);
        m2m.delete(AE, "/" + ri).expect(4005);
        m2m.delete(AE, path + "/la").expect(4005);
        // the container itself stays readable; turning the flag off lifts the restriction for new instances
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt()).isEqualTo(1);
        m2m.update(AE, path, "{\"m2m:cnt\":{\"disr\":false}}").expect(2004);
        String visible = cin(path, "visible");
        assertThat(m2m.retrieve(AE, "/" + visible).expect(2000).attr("con")).isEqualTo("visible");
    }

    @Test
    void enablingRetrievalAgainDeletesEveryExistingInstance() {
        // TS-0001 table 9.6.6-2: "When the value is updated from 'TRUE' to 'FALSE', all existing
        // <contentInstance> are deleted immediately."
        String path = container("\"disr\":true");
        List<String> hidden = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hidden.add(cin(path, "hidden" + i));
        }
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt()).isEqualTo(5);

        JsonNode updated = m2m.update(AE, path, "{\"m2m:cnt\":{\"disr\":false}}").expect(2004).inner();
        assertThat(updated.path("cni").asInt()).isZero();
        assertThat(updated.path("cbs").asInt()).isZero();
        for (String ri : hidden) {
            m2m.retrieve(AE, "/" + ri).expect(4004);
        }
        m2m.retrieve(AE, path + "/la").expect(4004);
        assertThat(discover(path, "ty=4")).isEmpty();

        // false to false, or another update, deletes nothing
        String kept = cin(path, "kept");
        m2m.update(AE, path, "{\"m2m:cnt\":{\"disr\":false,\"lbl\":[\"again\"]}}").expect(2004);
        assertThat(m2m.retrieve(AE, "/" + kept).expect(2000).attr("con")).isEqualTo("kept");

        // removing the attribute restores its default, false: the same as updating it to false
        m2m.update(AE, path, "{\"m2m:cnt\":{\"disr\":true}}").expect(2004);
        m2m.update(AE, path, "{\"m2m:cnt\":{\"disr\":null}}").expect(2004);
        m2m.retrieve(AE, "/" + kept).expect(4004);
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt()).isZero();
    }

    @Test
    void instancesCreatedWhileRetrievalIsEnabledAgainAreNeverLost() throws Exception {
        String path = container("\"disr\":true");
        for (int i = 0; i < 20; i++) {
            cin(path, "before" + i);
        }
        AtomicBoolean updated = new AtomicBoolean();
        List<String> afterUpdate = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 60; i++) {
                boolean wasUpdated = updated.get();
                String ri = cin(path, "during" + i);
                if (wasUpdated) {
                    afterUpdate.add(ri);
                }
            }
        });
        writer.start();
        Thread.sleep(20);
        m2m.update(AE, path, "{\"m2m:cnt\":{\"disr\":false}}").expect(2004);
        updated.set(true);
        writer.join(30_000);
        // every instance created after the update was acknowledged is still there, and the counter is exact
        for (String ri : afterUpdate) {
            m2m.retrieve(AE, "/" + ri).expect(2000);
        }
        int stored = discover(path, "ty=4").size();
        assertThat(stored).isGreaterThanOrEqualTo(afterUpdate.size());
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt()).isEqualTo(stored);
    }

    @Test
    void childExpirationTimeIsBoundedByItsParents() {
        Instant parentEt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String rn = name("bounded");
        m2m.create(AE, HOME, 3, cnt(rn, "\"et\":\"" + TS.format(parentEt) + "\"")).expect(2001);
        String path = HOME + "/" + rn;
        // TS-0004 7.3.3.3: no et, or an et later than the parent's, is configured to at most the parent's et
        JsonNode noEt = m2m.create(AE, path, 3, cnt("noEt", "")).expect(2001).inner();
        JsonNode later = m2m.create(AE, path, 3, cnt("later", "\"et\":\""
                + TS.format(parentEt.plus(Duration.ofDays(30))) + "\"")).expect(2001).inner();
        JsonNode cinNoEt = m2m.createCin(AE, path, "x").expect(2001).inner();
        for (JsonNode child : List.of(noEt, later, cinNoEt)) {
            assertThat(parse(child.path("et").asText())).as("et of %s", child.path("rn").asText())
                    .isBeforeOrEqualTo(parentEt);
        }
    }

    static Instant parse(String ts) {
        return java.time.LocalDateTime.parse(ts.substring(0, 15), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                .toInstant(ZoneOffset.UTC);
    }

    @Test
    void creatorIsRecordedWhenAskedForWithNull() {
        M2m.Rsp r = m2m.create(AE, HOME, 3, cnt(name("cr"), "\"cr\":null")).expect(2001);
        assertThat(r.attr("cr")).isEqualTo(AE);
        M2m.Rsp plain = m2m.create(AE, HOME, 3, cnt(name("noCr"), "")).expect(2001);
        assertThat(plain.inner().has("cr")).isFalse();
    }

    @Test
    void cseBaseCannotBeDeletedOrChangedByAnAe() {
        m2m.delete(M2m.ADMIN, "/cse-in").expect(4005);
        m2m.delete(AE, "/cse-in").expect(4103);
        m2m.update(AE, "/cse-in", "{\"m2m:cb\":{\"poa\":[\"http://evil\"]}}").expect(4103);
        JsonNode cb = m2m.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner();
        assertThat(cb.path("ty").asInt()).isEqualTo(5);
        assertThat(cb.path("csi").asText()).isEqualTo("/id-in");
        assertThat(cb.path("srt").toString()).contains("23");
    }

    @Test
    void responsesEchoTheRequestIdentifierAndRelease() {
        M2m.Rsp ok = m2m.request("GET", HOME).from(AE).header("X-M2M-RI", "echo-ok").send().expect(2000);
        assertThat(ok.header("X-M2M-RI")).isEqualTo("echo-ok");
        assertThat(ok.header("X-M2M-RVI")).isEqualTo("3");
        assertThat(ok.header("Content-Type")).startsWith("application/");
        M2m.Rsp err = m2m.request("GET", HOME + "/missing").from(AE).header("X-M2M-RI", "echo-err").send()
                .expect(4004);
        assertThat(err.header("X-M2M-RI")).isEqualTo("echo-err");
        M2m.Rsp early = m2m.request("GET", HOME + "?bogus=1").from(AE).header("X-M2M-RI", "echo-early").send()
                .expect(4000);
        assertThat(early.header("X-M2M-RI")).isEqualTo("echo-early");
    }

    @Test
    void concurrentCreatesKeepTheContainerCountersExact() throws Exception {
        String path = container("\"mni\":10");
        int threads = 8;
        int each = 15;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            done.add(pool.submit(() -> {
                M2m client = new M2m(m2m.port());
                int ok = 0;
                for (int i = 0; i < each; i++) {
                    ok += client.createCin(AE, path, "t" + id + "i" + i).rsc() == 2001 ? 1 : 0;
                }
                return ok;
            }));
        }
        int created = 0;
        for (java.util.concurrent.Future<Integer> f : done) {
            created += f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(created).isEqualTo(threads * each);
        JsonNode c = m2m.retrieve(AE, path).expect(2000).inner();
        List<String> stored = discover(path, "ty=4");
        assertThat(c.path("cni").asInt()).isEqualTo(10);
        assertThat(stored).hasSize(10);
        assertThat(c.path("cbs").asInt()).isEqualTo(stored.stream()
                .mapToInt(p -> m2m.retrieve(AE, "/" + p).expect(2000).inner().path("cs").asInt()).sum());
        assertThat(c.path("st").asInt()).isEqualTo(threads * each);
    }

    @Test
    void subscriptionCannotBeCreatedUnderAContentInstance() {
        String path = container("");
        String ri = cin(path, "x");
        m2m.create(AE, "/" + ri, 23, "{\"m2m:sub\":{\"nu\":[\"" + AE + "\"]}}").expect(4108);
    }

    // ------------------------------------------------------------------------------------------ ACP

    @Test
    void accessControlPolicyIsCreatedRetrievedUpdatedAndDeleted() {
        String rn = name("acp");
        M2m.Rsp c = m2m.create(AE, HOME, 1, M2m.acpBody(rn, rules(rule(2, "Cx")), rules(rule(63, AE))))
                .expect(2001);
        String ri = c.ri();
        assertThat(c.inner().path("ty").asInt()).isEqualTo(1);
        assertThat(c.inner().has("acpi")).isFalse();
        m2m.retrieve(AE, "/~/id-in/" + ri).expect(2000);
        M2m.Rsp u = m2m.update(AE, HOME + "/" + rn, "{\"m2m:acp\":{\"pv\":{\"acr\":[" + rule(34, "all") + "]}}}")
                .expect(2004);
        assertThat(u.inner().path("pv").path("acr").get(0).path("acop").asInt()).isEqualTo(34);
        // an ACP has no acpi attribute
        m2m.update(AE, "/" + ri, "{\"m2m:acp\":{\"acpi\":[\"" + ri + "\"]}}").expect(4000);
        m2m.delete(AE, "/_/bastion.example/id-in/" + ri).expect(2002);
        m2m.retrieve(AE, "/" + ri).expect(4004);
    }

    // ---------------------------------------------------------------------------------- subscription

    @Test
    void subscriptionIsCreatedRetrievedUpdatedAndDeleted() {
        String path = container("");
        String nu = receiver.url("/crud");
        M2m.Rsp c = m2m.create(AE, path, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + nu
                + "\"],\"enc\":{\"net\":[1,3]},\"nct\":1}}").expect(2001);
        String ri = c.ri();
        assertThat(c.inner().path("ty").asInt()).isEqualTo(23);
        assertThat(c.inner().path("nu").get(0).asText()).isEqualTo(nu);
        receiver.await("/crud", NotificationReceiver.Received::isVerification);
        M2m.Rsp u = m2m.update(AE, "/" + ri, "{\"m2m:sub\":{\"enc\":{\"net\":[3]},\"exc\":5}}").expect(2004);
        assertThat(u.inner().path("exc").asInt()).isEqualTo(5);
        assertThat(m2m.retrieve(AE, path + "/s").expect(2000).inner().path("enc").path("net")).hasSize(1);
        m2m.delete(AE, path + "/s").expect(2002);
        m2m.retrieve(AE, "/" + ri).expect(4004);
        receiver.drain("/crud", Duration.ZERO);
    }

    @Test
    void notificationEventCategoryIsAnEventCatInteger() {
        // TS-0004 7.4.8: notificationEventCat is m2m:eventCat, 2-4 (m2m:stdEventCats) or a user-defined 100-999
        String path = container("");
        String nu = receiver.url("/nec");
        M2m.Rsp c = m2m.create(AE, path, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + nu + "\"],\"nec\":100}}")
                .expect(2001);
        assertThat(c.inner().path("nec").isIntegralNumber()).isTrue();
        assertThat(c.inner().path("nec").asInt()).isEqualTo(100);
        receiver.await("/nec", NotificationReceiver.Received::isVerification);
        assertThat(m2m.update(AE, path + "/s", "{\"m2m:sub\":{\"nec\":2}}").expect(2004).inner().path("nec").asInt())
                .isEqualTo(2);
        for (String bad : new String[] {"\"100\"", "1", "5", "99", "1000", "2.5"}) {
            M2m.Rsp r = m2m.update(AE, path + "/s", "{\"m2m:sub\":{\"nec\":" + bad + "}}").expect(4000);
            assertThat(r.dbg()).contains("nec");
            m2m.create(AE, path, 23, "{\"m2m:sub\":{\"nu\":[\"" + nu + "\"],\"nec\":" + bad + "}}").expect(4000);
        }
        receiver.drain("/nec", Duration.ZERO);
    }

    // ----------------------------------------------------------------------------------------- group

    @Test
    void groupIsCreatedAndFansOutToItsMembers() {
        String c1 = container("");
        String c2 = container("");
        String ri1 = m2m.retrieve(AE, c1).expect(2000).ri();
        String ri2 = m2m.retrieve(AE, c2).expect(2000).ri();
        String rn = name("g");
        M2m.Rsp g = m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":10,\"mid\":[\"" + ri1
                + "\",\"" + ri2 + "\"],\"mt\":3}}").expect(2001);
        assertThat(g.inner().path("cnm").asInt()).isEqualTo(2);
        assertThat(g.inner().path("mt").asInt()).isEqualTo(3);
        String gp = HOME + "/" + rn;

        // CREATE through the fan-out point reaches every member
        M2m.Rsp created = m2m.create(AE, gp + "/fopt", 4, "{\"m2m:cin\":{\"con\":\"fan\"}}").expect(2000);
        JsonNode rsps = created.json().path("m2m:agr").path("m2m:rsp");
        assertThat(rsps).hasSize(2);
        assertThat(rsps.findValuesAsText("rsc")).containsOnly("2001");
        assertThat(m2m.retrieve(AE, c1 + "/la").expect(2000).attr("con")).isEqualTo("fan");
        assertThat(m2m.retrieve(AE, c2 + "/la").expect(2000).attr("con")).isEqualTo("fan");

        // RETRIEVE of the members, and of a path below each member
        JsonNode all = m2m.retrieve(AE, gp + "/fopt").expect(2000).json().path("m2m:agr").path("m2m:rsp");
        assertThat(all).hasSize(2);
        assertThat(all.findValuesAsText("rsc")).containsOnly("2000");
        assertThat(all.findValues("pc").stream().map(p -> p.path("m2m:cnt").path("ri").asText()).toList())
                .containsExactlyInAnyOrder(ri1, ri2);
        JsonNode latest = m2m.retrieve(AE, gp + "/fopt/la").expect(2000).json().path("m2m:agr").path("m2m:rsp");
        assertThat(latest.findValues("pc").stream().map(p -> p.path("m2m:cin").path("con").asText()).toList())
                .containsExactly("fan", "fan");

        // UPDATE the group itself
        m2m.update(AE, "/" + g.ri(), "{\"m2m:grp\":{\"mid\":[\"" + ri1 + "\"]}}").expect(2004);
        assertThat(m2m.retrieve(AE, gp).expect(2000).inner().path("cnm").asInt()).isEqualTo(1);
        m2m.delete(AE, gp).expect(2002);
        m2m.retrieve(AE, c1).expect(2000);
    }

    @Test
    void groupOfMemberTypeMixedKeepsMembersOfEveryType() {
        // TS-0004 table 6.3.4.2.11-1: 0 is mixed (24 is semanticDescriptor); mixed is the default of mt.
        String c1 = container("");
        String c2 = container("");
        String mid = "[\"" + c1.substring(1) + "\",\"" + c2.substring(1) + "\",\"" + HOME.substring(1) + "\"]";
        JsonNode mixed = m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + name("g0") + "\",\"mt\":0,\"mnm\":10,"
                + "\"mid\":" + mid + "}}").expect(2001).inner();
        assertThat(mixed.path("mt").asInt()).isZero();
        assertThat(mixed.path("cnm").asInt()).isEqualTo(3);
        assertThat(mixed.path("mid")).hasSize(3);

        JsonNode byDefault = m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + name("gd") + "\",\"mnm\":10,"
                + "\"mid\":" + mid + "}}").expect(2001).inner();
        assertThat(byDefault.path("mt").asInt()).isZero();
        assertThat(byDefault.path("cnm").asInt()).isEqualTo(3);

        // a member of another type makes a group of containers mixed under SET_MIXED (csy 3)
        JsonNode setMixed = m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + name("g3") + "\",\"mt\":3,\"csy\":3,"
                + "\"mnm\":10,\"mid\":" + mid + "}}").expect(2001).inner();
        assertThat(setMixed.path("mt").asInt()).isZero();
        assertThat(setMixed.path("cnm").asInt()).isEqualTo(3);
    }

    @Test
    void groupWithMoreMembersThanAllowedIsRefused() {
        String ri1 = m2m.retrieve(AE, container("")).expect(2000).ri();
        String ri2 = m2m.retrieve(AE, container("")).expect(2000).ri();
        m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + name("g") + "\",\"mnm\":1,\"mid\":[\"" + ri1 + "\",\""
                + ri2 + "\"],\"mt\":3}}").expect(6010);
    }

    @Test
    void fanOutAppliesEachMembersAccessControl() {
        m2m.registerAe("Cother", "other");
        String mine = m2m.retrieve(AE, container("")).expect(2000).ri();
        // Adding a member needs RETRIEVE on it (TS-0004 7.4.13.2.1): granted for that, then withdrawn.
        String letRead = m2m.createAcp("Cother", "/cse-in/other", "letRead", rules(rule(2, AE)),
                rules(rule(63, "Cother")));
        String theirs = m2m.create("Cother", "/cse-in/other", 3, cnt("private", "\"acpi\":[\"" + letRead + "\"]"))
                .expect(2001).ri();
        String rn = name("g");
        m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":10,\"mid\":[\"" + mine + "\",\""
                + theirs + "\"],\"mt\":3}}").expect(2001);
        m2m.update("Cother", "/" + letRead, "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(2, "Cother")) + "}}}")
                .expect(2004);
        JsonNode rsps = m2m.retrieve(AE, HOME + "/" + rn + "/fopt").expect(2000).json().path("m2m:agr")
                .path("m2m:rsp");
        assertThat(rsps.findValuesAsText("rsc")).containsExactlyInAnyOrder("2000", "4103");
    }

    // ------------------------------------------------------------------------------------- discovery

    /** A tree for discovery: root (lbl r) with c1 (lbl x) / c11 (lbl x) and c2 (lbl y), and two cins in c1. */
    record Tree(String root, String c1, String c2, String c11, List<String> cins, Instant before) {
        String rel(String path) {
            return path.substring(1);
        }
    }

    static Tree tree() throws InterruptedException {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String root = container("\"lbl\":[\"r\"]");
        m2m.create(AE, root, 3, cnt("c1", "\"lbl\":[\"x\"]")).expect(2001);
        m2m.create(AE, root, 3, cnt("c2", "\"lbl\":[\"y\"]")).expect(2001);
        m2m.create(AE, root + "/c1", 3, cnt("c11", "\"lbl\":[\"x\",\"z\"]")).expect(2001);
        List<String> cins = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            cins.add(m2m.create(AE, root + "/c1", 4, "{\"m2m:cin\":{\"rn\":\"i" + i + "\",\"con\":\"" + i
                    + "\",\"lbl\":[\"k\"]}}").expect(2001).ri());
        }
        return new Tree(root, root + "/c1", root + "/c2", root + "/c1/c11", cins, before);
    }

    List<String> discover(String path, String query) {
        return m2m.retrieve(AE, path + "?fu=1" + (query.isEmpty() ? "" : "&" + query)).expect(2000).uris();
    }

    @Test
    void discoveryFiltersByTypeAndLabel() throws InterruptedException {
        Tree t = tree();
        assertThat(discover(t.root(), "ty=3"))
                .containsExactlyInAnyOrder(t.rel(t.c1()), t.rel(t.c2()), t.rel(t.c11()));
        assertThat(discover(t.root(), "ty=4")).containsExactlyInAnyOrder(t.rel(t.c1() + "/i0"),
                t.rel(t.c1() + "/i1"));
        assertThat(discover(t.root(), "ty=3+4")).hasSize(5);
        assertThat(discover(t.root(), "ty=3&ty=4")).hasSize(5);
        assertThat(discover(t.root(), "lbl=x")).containsExactlyInAnyOrder(t.rel(t.c1()), t.rel(t.c11()));
        assertThat(discover(t.root(), "lbl=x+y")).hasSize(3);
        assertThat(discover(t.root(), "lbl=z")).containsExactly(t.rel(t.c11()));
        assertThat(discover(t.root(), "lbl=x&ty=4")).isEmpty();
        assertThat(discover(t.root(), "lbl=nothing")).isEmpty();
        // the root itself is not among the results
        assertThat(discover(t.root(), "lbl=r")).isEmpty();
        assertThat(discover(t.root(), "")).hasSize(5);
    }

    /** TS-0004 7.3.3.17.9 over TS-0009 6.2.2.2: an attribute named by its short name, its value with wildcards. */
    @Test
    void discoveryFiltersByAttributeValue() throws InterruptedException {
        Tree t = tree();
        assertThat(discover(t.root(), "con=1")).containsExactly(t.rel(t.c1() + "/i1"));
        assertThat(discover(t.root(), "ty=4&con=*")).hasSize(2);
        assertThat(discover(t.root(), "con=0&con=1")).as("several pairs: any matches").hasSize(2);
        assertThat(discover(t.root(), "con=1&lbl=x")).as("AND with the labels").isEmpty();
        assertThat(discover(t.root(), "con=1&lbl=x&fo=2")).hasSize(3);
        assertThat(discover(t.root(), "rn=c*")).as("rn is its own condition, without wildcards").isEmpty();
        m2m.retrieve(AE, t.root() + "?fu=1&ct=20260101T000000").expect(4000);
        m2m.retrieve(AE, t.root() + "?fu=1&c.con=1").expect(5001);
    }

    @Test
    void discoveryWithFilterOperationOrMatchesAnyCondition() throws InterruptedException {
        Tree t = tree();
        assertThat(discover(t.root(), "lbl=y&ty=4&fo=2")).containsExactlyInAnyOrder(t.rel(t.c2()),
                t.rel(t.c1() + "/i0"), t.rel(t.c1() + "/i1"));
        assertThat(discover(t.root(), "lbl=y&ty=4&fo=1")).isEmpty();
    }

    @Test
    void discoveryHonoursLevelLimitAndOffset() throws InterruptedException {
        Tree t = tree();
        assertThat(discover(t.root(), "lvl=1")).containsExactlyInAnyOrder(t.rel(t.c1()), t.rel(t.c2()));
        assertThat(discover(t.root(), "lvl=1&ty=4")).isEmpty();
        assertThat(discover(t.root(), "lvl=2")).hasSize(5);

        List<String> all = discover(t.root(), "");
        assertThat(discover(t.root(), "lim=2")).hasSize(2).isSubsetOf(all);
        assertThat(discover(t.root(), "lim=0")).isEmpty();
        List<String> p1 = discover(t.root(), "ofst=1&lim=2");
        List<String> p2 = discover(t.root(), "ofst=2&lim=2");
        assertThat(p1).hasSize(2).isSubsetOf(all);
        assertThat(p2).hasSize(2).isSubsetOf(all);
        assertThat(p1).as("an offset of 1 is the first result (TS-0004 7.3.3.17.15)")
                .containsExactlyElementsOf(discover(t.root(), "lim=2"));
        assertThat(p2.get(0)).as("the next offset shifts the page by one").isEqualTo(p1.get(1));
        assertThat(discover(t.root(), "ofst=" + all.size())).containsExactly(all.get(all.size() - 1));
        assertThat(discover(t.root(), "ofst=" + (all.size() + 1))).isEmpty();
        assertThat(discover(t.root(), "ty=3&lim=1")).hasSize(1);
    }

    @Test
    void discoveryAnswersUnstructuredIdsWithDrt2() throws InterruptedException {
        Tree t = tree();
        assertThat(m2m.retrieve(AE, t.root() + "?fu=1&ty=4&drt=2").expect(2000).uris())
                .containsExactlyInAnyOrderElementsOf(t.cins());
        assertThat(m2m.retrieve(AE, t.root() + "?fu=1&ty=4&drt=1").expect(2000).uris())
                .allMatch(u -> u.startsWith("cse-in/"));
        m2m.retrieve(AE, t.root() + "?fu=1&drt=3").expect(4000);
    }

    @Test
    void discoveryFiltersByCreationTime() throws InterruptedException {
        Tree t = tree();
        String past = TS.format(t.before().minusSeconds(60));
        String future = TS.format(Instant.now().plusSeconds(3600));
        assertThat(discover(t.root(), "cra=" + past)).hasSize(5);
        assertThat(discover(t.root(), "crb=" + past)).isEmpty();
        assertThat(discover(t.root(), "crb=" + future)).hasSize(5);
        assertThat(discover(t.root(), "cra=" + future)).isEmpty();
        assertThat(discover(t.root(), "cra=" + past + "&crb=" + future + "&ty=3")).hasSize(3);
        assertThat(discover(t.root(), "ms=" + past + "&us=" + future)).hasSize(5);
        assertThat(discover(t.root(), "us=" + past)).isEmpty();
        // c1 has stateTag 2 (two instances), the others 0
        assertThat(discover(t.root(), "stb=1&ty=3")).containsExactly(t.rel(t.c1()));
        assertThat(discover(t.root(), "sts=1&ty=3")).containsExactlyInAnyOrder(t.rel(t.c2()), t.rel(t.c11()));
    }

    @Test
    void discoveryOfAnUnknownOrInvalidFilterIsRefused() {
        m2m.retrieve(AE, HOME + "?fu=1&cra=yesterday").expect(4000);
        m2m.retrieve(AE, HOME + "?fu=3").expect(4000);
        m2m.retrieve(AE, HOME + "?fu=1&lim=-1").expect(4000);
        m2m.retrieve(AE, HOME + "?fu=1&fo=3").expect(4000);
    }

    // ---------------------------------------------------------------------------------------- expiry

    @Test
    void expirationTimeInThePastIsRefusedWith4000() {
        String past = TS.format(Instant.now().minusSeconds(3600));
        M2m.Rsp r = m2m.create(AE, HOME, 3, cnt(name("past"), "\"et\":\"" + past + "\"")).expect(4000);
        assertThat(r.dbg()).contains("et");
        String path = container("");
        m2m.update(AE, path, "{\"m2m:cnt\":{\"et\":\"" + past + "\"}}").expect(4000);
        m2m.retrieve(AE, path).expect(2000);
    }

    @Test
    void expiredResourceDisappearsWithItsChildren() throws InterruptedException {
        String et = TS.format(Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        String rn = name("shortLived");
        String ri = m2m.create(AE, HOME, 3, cnt(rn, "\"et\":\"" + et + "\"")).expect(2001).ri();
        String childRi = m2m.create(AE, HOME + "/" + rn, 3, cnt("child", "")).expect(2001).ri();
        String cinRi = cin(HOME + "/" + rn + "/child", "doomed");
        m2m.retrieve(AE, "/" + cinRi).expect(2000);
        awaitRsc(HOME + "/" + rn, 4004, Duration.ofSeconds(8));
        m2m.retrieve(AE, "/" + childRi).expect(4004);
        m2m.retrieve(AE, "/" + cinRi).expect(4004);
        m2m.retrieve(AE, HOME + "/" + rn + "/child").expect(4004);
        cse.server().cse().sweepExpired();
        awaitGone(cse.server(), ri);
        awaitGone(cse.server(), childRi);
        awaitGone(cse.server(), cinRi);
    }

    @Test
    void expiryFollowsTheCsesClock(@TempDir Path clockDir) {
        MutableClock clock = new MutableClock(Instant.now());
        try (BastionServer s = BastionServer.start(
                ServerConfig.defaults().withDataDir(clockDir).withHttpPort(0).withAdminPort(0), clock)) {
            M2m c = new M2m(s.httpPort());
            c.registerAe("Cclock", "clock");
            String et = TS.format(clock.instant().plus(Duration.ofHours(1)));
            String ri = c.create("Cclock", "/cse-in/clock", 3, cnt("hourly", "\"et\":\"" + et + "\"")).expect(2001)
                    .ri();
            String cinRi = c.createCin("Cclock", "/cse-in/clock/hourly", "x").expect(2001).ri();
            clock.advance(Duration.ofMinutes(59));
            c.retrieve("Cclock", "/" + ri).expect(2000);
            clock.advance(Duration.ofMinutes(2));
            c.retrieve("Cclock", "/" + ri).expect(4004);
            c.retrieve("Cclock", "/" + cinRi).expect(4004);
            c.retrieve("Cclock", "/cse-in/clock/hourly/la").expect(4004);
            // the reaper (or this explicit pass) reclaims the storage of both
            s.cse().sweepExpired();
            awaitGone(s, ri);
            awaitGone(s, cinRi);
            c.retrieve("Cclock", "/cse-in/clock").expect(2000);
            // the name is free again
            c.create("Cclock", "/cse-in/clock", 3, cnt("hourly", "")).expect(2001);
        }
    }

    // --------------------------------------------------------------------------------------- helpers

    static void awaitRsc(String path, int rsc, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (m2m.retrieve(AE, path).rsc() != rsc && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        m2m.retrieve(AE, path).expect(rsc);
    }

    static void awaitGone(BastionServer s, String ri) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (s.cse().store().get(ri).isPresent() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(s.cse().store().get(ri)).as("stored " + ri + " after expiry").isEmpty();
    }

    static void awaitCni(String path, int cni, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt() != cni
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(m2m.retrieve(AE, path).expect(2000).inner().path("cni").asInt()).as("cni of " + path)
                .isEqualTo(cni);
    }
}
