package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.it.NotificationReceiver.Received;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code <flexContainer>} (ty 28, TS-0004 7.4.37) and its {@code <flexContainerInstance>}s (ty 58) over HTTP: a
 * specialization named by its root and answered under it, custom attributes as bounded free data that never shadow a
 * oneM2M attribute, {@code cs} and {@code st}, instances kept within {@code mni}/{@code mbs} with {@code la}/{@code ol},
 * parents, discovery, subscriptions and access control on every operation.
 */
class FlexContainerIT {
    static final String OWN = "Cflex";
    static final String PEER = "Cpeer";
    static final String HOME = "/cse-in/flex";
    static final String ROOT = "cod:tempe";
    static final String CND = "org.onem2m.common.moduleclass.temperature";
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(OWN, "flex").registering(PEER, "peer");
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    static String name(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    static String body(String root, String attrs) {
        return "{\"" + root + "\":{" + attrs + "}}";
    }

    /** A temperature flexContainer under the owner's AE with the given extra attributes; its path. */
    static String flex(String extra) {
        String rn = name("t");
        m2m.create(OWN, HOME, 28, body(ROOT, "\"rn\":\"" + rn + "\",\"cnd\":\"" + CND + "\",\"curT0\":20.5"
                + (extra.isEmpty() ? "" : "," + extra))).expect(2001);
        return HOME + "/" + rn;
    }

    static M2m.Rsp set(String path, String attrs) {
        return m2m.update(OWN, path, body(ROOT, attrs));
    }

    static void refused(M2m.Rsp r, int rsc, String mentions) {
        r.expect(rsc);
        assertThat(r.dbg()).as("message of %s", r.request()).contains(mentions);
    }

    // ------------------------------------------------------------------------- create, retrieve, update, delete

    @Test
    void aSpecializationIsCreatedRetrievedAndAnsweredUnderItsOwnRoot() {
        String rn = name("t");
        M2m.Rsp created = m2m.create(OWN, HOME, 28, body(ROOT, "\"rn\":\"" + rn + "\",\"cnd\":\"" + CND
                + "\",\"curT0\":20.5,\"unit\":\"C\",\"lbl\":[\"kitchen\"]")).expect(2001);
        assertThat(created.json().has(ROOT)).as(created.body()).isTrue();
        JsonNode a = created.inner();
        assertThat(a.path("ty").asInt()).isEqualTo(28);
        assertThat(a.path("cnd").asText()).isEqualTo(CND);
        assertThat(a.path("curT0").asDouble()).isEqualTo(20.5);
        assertThat(a.path("cs").asLong()).as("4 bytes of 20.5 and 1 of C").isEqualTo(5);
        assertThat(a.path("st").asLong()).isZero();
        assertThat(a.has("cni")).as("no instances kept without mni, mbs, mia").isFalse();

        M2m.Rsp got = m2m.retrieve(OWN, HOME + "/" + rn).expect(2000);
        assertThat(got.json().fieldNames().next()).isEqualTo(ROOT);
        assertThat(got.inner().path("unit").asText()).isEqualTo("C");
        // another namespace, and the generic m2m: form of a specialization
        m2m.create(OWN, HOME, 28, body("m2m:myThing", "\"cnd\":\"x.y\",\"a\":1")).expect(2001);
        assertThat(m2m.create(OWN, HOME, 28, body("m2m:fcnt", "\"cnd\":\"x.y\"")).expect(2001).json().has("m2m:fcnt"))
                .isTrue();
        m2m.delete(OWN, HOME + "/" + rn).expect(2002);
        m2m.retrieve(OWN, HOME + "/" + rn).expect(4004);
    }

    @Test
    void anUpdateOfACustomAttributeCountsInStAndCsOtherUpdatesDoNot() {
        String t = flex("");
        M2m.Rsp u = set(t, "\"curT0\":21.25,\"mode\":\"eco\"").expect(2004);
        assertThat(u.json().has(ROOT)).isTrue();
        assertThat(u.inner().path("st").asLong()).isEqualTo(1);
        assertThat(u.inner().path("cs").asLong()).isEqualTo(5 + 3);
        assertThat(set(t, "\"lbl\":[\"x\"]").expect(2004).inner().path("st").asLong()).isEqualTo(1);
        JsonNode removed = set(t, "\"mode\":null").expect(2004).inner();
        assertThat(removed.has("mode")).isFalse();
        assertThat(removed.path("st").asLong()).isEqualTo(2);
        assertThat(removed.path("cs").asLong()).isEqualTo(5);
        // rcn 9: the modified attributes, under the same root
        M2m.Rsp modified = m2m.request("PUT", t + "?rcn=9").from(OWN).body(body(ROOT, "\"curT0\":3")).send()
                .expect(2004);
        assertThat(modified.json().path(ROOT).path("curT0").asInt()).isEqualTo(3);
    }

    // -------------------------------------------------------------------------------------------- refusals

    @Test
    void customAttributesNeverShadowAOneM2MAttribute() {
        String cnd = "\"cnd\":\"" + CND + "\",";
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + "\"ri\":\"x\"")), 4000, "ri");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + "\"cs\":3")), 4000, "cs");
        // at is the flexContainer's announceTo (CSE-IDs or announced addresses), not a custom attribute
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + "\"at\":[\"x\"]")), 4000, "at");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + "\"cstn\":\"x\"")), 4000, "cstn");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + "\"ch\":[]")), 4000, "ch");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + "\"et\":5")), 4000, "et");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + "\"acpi\":\"x\"")), 4000, "acpi");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, "\"curT0\":1")), 4000, "cnd");
        String t = flex("");
        refused(set(t, "\"cnd\":\"other\""), 4000, "cnd");
        refused(set(t, "\"ri\":\"x\""), 4000, "ri");
        refused(set(t, "\"lnk\":\"x\""), 4000, "lnk");
        refused(set(t, "\"cni\":1"), 4000, "cni");
        assertThat(m2m.retrieve(OWN, t).expect(2000).inner().path("st").asLong()).isZero();
    }

    @Test
    void aRootMustBeANamespacedNameOfNoOtherResourceType() {
        String cnd = "\"cnd\":\"" + CND + "\"";
        refused(m2m.create(OWN, HOME, 28, body("m2m:cnt", cnd)), 4000, "m2m:cnt");
        refused(m2m.create(OWN, HOME, 28, body("m2m:fci", cnd)), 4000, "m2m:fci");
        refused(m2m.create(OWN, HOME, 28, body("m2m:sgn", cnd)), 4000, "m2m:sgn");
        refused(m2m.create(OWN, HOME, 28, body("tempe", cnd)), 4000, "tempe");
        refused(m2m.create(OWN, HOME, 28, body("cod:1x", cnd)), 4000, "cod:1x");
        refused(m2m.create(OWN, HOME, 28, "{\"cod:a\":{" + cnd + "},\"cod:b\":{" + cnd + "}}"), 4000, "one object");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, "\"cnd\":5")), 4000, "cnd");
        // an update names the resource by its own root
        String t = flex("");
        refused(m2m.update(OWN, t, body("cod:other", "\"curT0\":1")), 4000, ROOT);
        refused(m2m.update(OWN, t, body("m2m:fcnt", "\"curT0\":1")), 4000, ROOT);
    }

    @Test
    void customAttributesAreBoundedInNumberSizeDepthAndName() {
        String cnd = "\"cnd\":\"" + CND + "\"";
        StringBuilder many = new StringBuilder(cnd);
        for (int i = 0; i < 101; i++) {
            many.append(",\"a").append(i).append("\":1");
        }
        refused(m2m.create(OWN, HOME, 28, body(ROOT, many.toString())), 4000, "at most 100");
        String big = "x".repeat(40_000);
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + ",\"a\":\"" + big + "\",\"b\":\"" + big + "\"")), 4000,
                "at most 65536");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + ",\"deep\":[[[[[[[[[1]]]]]]]]]")), 4000, "8 deep");
        m2m.create(OWN, HOME, 28, body(ROOT, cnd + ",\"deep\":[[[[[[[[1]]]]]]]]")).expect(2001);
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + ",\"1a\":1")), 4000, "NCName");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + ",\"" + "n".repeat(65) + "\":1")), 4000, "NCName");
        refused(m2m.create(OWN, HOME, 28, body(ROOT, cnd + ",\"a\":null")), 4000, "null");
        // an update is bounded by what it leaves: the size of all custom attributes after it
        String t = flex("\"a\":\"" + big + "\"");
        refused(set(t, "\"b\":\"" + big + "\""), 4000, "at most 65536");
        set(t, "\"a\":null,\"b\":\"" + big + "\"").expect(2004);
    }

    @Test
    void aFlexContainerLivesUnderItsParentsOnly() {
        String t = flex("");
        // below a flexContainer: a flexContainer and a container
        m2m.create(OWN, t, 28, body("cod:child", "\"rn\":\"inner\",\"cnd\":\"x\"")).expect(2001);
        m2m.create(OWN, t, 3, "{\"m2m:cnt\":{\"rn\":\"c\"}}").expect(2001);
        // below a container: yes; below a group, an ACP or a contentInstance: 4108
        String c = HOME + "/" + name("c");
        m2m.createContainer(OWN, HOME, c.substring(HOME.length() + 1));
        m2m.create(OWN, c, 28, body(ROOT, "\"rn\":\"f\",\"cnd\":\"x\"")).expect(2001);
        m2m.createCin(OWN, c, "v").expect(2001);
        String acp = name("acp");
        m2m.createAcp(OWN, HOME, acp, rules(rule(63, OWN)), rules(rule(63, OWN)));
        m2m.create(OWN, HOME + "/" + acp, 28, body(ROOT, "\"cnd\":\"x\"")).expect(4108);
        String ae = "/cse-in";
        m2m.create(M2m.ADMIN, ae, 28, body(ROOT, "\"rn\":\"" + name("top") + "\",\"cnd\":\"x\"")).expect(2001);
    }

    // ------------------------------------------------------------------------------------------- instances

    @Test
    void everyUpdateOfCustomAttributesAddsAnInstanceWithinMni() {
        String t = flex("\"mni\":2");
        JsonNode start = m2m.retrieve(OWN, t).expect(2000).inner();
        assertThat(start.path("cni").asLong()).isZero();
        assertThat(start.path("cbs").asLong()).isZero();
        m2m.retrieve(OWN, t + "/la").expect(4004);
        for (int i = 1; i <= 3; i++) {
            set(t, "\"curT0\":" + (20 + i)).expect(2004);
        }
        set(t, "\"lbl\":[\"no-version\"]").expect(2004);
        JsonNode after = m2m.retrieve(OWN, t).expect(2000).inner();
        assertThat(after.path("cni").asLong()).isEqualTo(2);
        assertThat(after.path("cbs").asLong()).isEqualTo(4);
        M2m.Rsp la = m2m.retrieve(OWN, t + "/la").expect(2000);
        assertThat(la.json().has("m2m:fci")).as(la.body()).isTrue();
        assertThat(la.inner().path("ty").asInt()).isEqualTo(58);
        assertThat(la.inner().path("curT0").asInt()).isEqualTo(23);
        assertThat(la.inner().path("cs").asLong()).isEqualTo(2);
        assertThat(la.inner().has("cnd")).isFalse();
        assertThat(m2m.retrieve(OWN, t + "/ol").expect(2000).inner().path("curT0").asInt()).isEqualTo(22);
        assertThat(m2m.retrieve(OWN, t + "?fu=1&ty=58").expect(2000).uris()).hasSize(2);
        // rcn 4 lists them under their root
        assertThat(m2m.retrieve(OWN, t + "?rcn=4").expect(2000).json().path(ROOT).path("m2m:fci")).hasSize(2);
        // made by the CSE only, never updated; deleting one keeps the counters exact
        String la58 = t + "/" + la.inner().path("rn").asText();
        m2m.update(OWN, la58, "{\"m2m:fci\":{\"curT0\":1}}").expect(4005);
        m2m.create(OWN, t, 58, "{\"m2m:fci\":{\"curT0\":1}}").expect(4005);
        m2m.delete(OWN, t + "/ol").expect(2002);
        JsonNode left = m2m.retrieve(OWN, t).expect(2000).inner();
        assertThat(left.path("cni").asLong()).isEqualTo(1);
        assertThat(left.path("cbs").asLong()).isEqualTo(2);
        // lowering mni removes the oldest at once
        set(t, "\"mni\":0").expect(2004);
        assertThat(m2m.retrieve(OWN, t).expect(2000).inner().path("cni").asLong()).isZero();
        m2m.retrieve(OWN, t + "/la").expect(4004);
    }

    @Test
    void aVersionLargerThanMbsIsRefusedWith5207AndLeavesNothingChanged() {
        String t = flex("\"mbs\":6");
        set(t, "\"curT0\":1.5").expect(2004);
        set(t, "\"curT0\":\"far too long\"").expect(5207);
        JsonNode now = m2m.retrieve(OWN, t).expect(2000).inner();
        assertThat(now.path("curT0").asDouble()).isEqualTo(1.5);
        assertThat(now.path("cni").asLong()).isEqualTo(1);
        // two of 3 bytes fit in 6, a third pushes the oldest out
        set(t, "\"curT0\":\"abc\"").expect(2004);
        set(t, "\"curT0\":\"def\"").expect(2004);
        set(t, "\"curT0\":\"ghi\"").expect(2004);
        JsonNode full = m2m.retrieve(OWN, t).expect(2000).inner();
        assertThat(full.path("cni").asLong()).isEqualTo(2);
        assertThat(full.path("cbs").asLong()).isEqualTo(6);
        assertThat(m2m.retrieve(OWN, t + "/ol").expect(2000).inner().path("curT0").asText()).isEqualTo("def");
    }

    @Test
    void anInstanceLivesNoLongerThanMia() {
        String t = flex("\"mia\":60");
        set(t, "\"curT0\":5").expect(2004);
        JsonNode fcnt = m2m.retrieve(OWN, t).expect(2000).inner();
        JsonNode fci = m2m.retrieve(OWN, t + "/la").expect(2000).inner();
        assertThat(fci.path("et").asText()).isLessThan(fcnt.path("et").asText());
        assertThat(fci.path("et").asText()).isGreaterThan(fci.path("ct").asText());
    }

    // ------------------------------------------------------------------------------------------- discovery

    @Test
    void discoveryFindsFlexContainersByType() {
        String t = flex("");
        assertThat(m2m.retrieve(OWN, HOME + "?fu=1&ty=28").expect(2000).uris()).contains(t.substring(1));
        assertThat(m2m.retrieve(OWN, HOME + "?fu=1&ty=3").expect(2000).uris()).doesNotContain(t.substring(1));
    }

    // -------------------------------------------------------------------------------------- subscriptions

    @Test
    void subscribersHearOfUpdatesUnderTheRootAndOfEachNewInstance() {
        String t = flex("\"mni\":5");
        String path = "/" + name("n");
        m2m.create(OWN, t, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + rx.url(path)
                + "\"],\"enc\":{\"net\":[1,3]}}}").expect(2001);
        rx.await(path, Received::isVerification);
        set(t, "\"curT0\":30").expect(2004);
        Received updated = rx.await(path, r -> r.net() == 1);
        assertThat(updated.rep().has(ROOT)).as(updated.sgn().toString()).isTrue();
        assertThat(updated.rep().path(ROOT).path("curT0").asInt()).isEqualTo(30);
        Received child = rx.await(path, r -> r.net() == 3);
        assertThat(child.rep().path("m2m:fci").path("curT0").asInt()).isEqualTo(30);
        // chty selects the instances
        m2m.create(OWN, t, 23, "{\"m2m:sub\":{\"rn\":\"only58\",\"nu\":[\"" + rx.url(path + "x")
                + "\"],\"enc\":{\"net\":[3],\"chty\":[58]}}}").expect(2001);
    }

    // ------------------------------------------------------------------------------------- access control

    @Test
    void withoutPrivilegesAnotherOriginatorCanDoNothingAndSeesNothing() {
        String t = flex("\"mni\":3");
        set(t, "\"curT0\":1").expect(2004);
        m2m.retrieve(PEER, t).expect(4103);
        m2m.update(PEER, t, body(ROOT, "\"curT0\":9")).expect(4103);
        m2m.retrieve(PEER, t + "/la").expect(4103);
        m2m.create(PEER, t, 3, "{\"m2m:cnt\":{}}").expect(4103);
        m2m.create(PEER, t, 23, "{\"m2m:sub\":{\"nu\":[\"" + rx.url("/peer") + "\"]}}").expect(4103);
        assertThat(m2m.retrieve(PEER, HOME + "?fu=1&ty=28").expect(2000).uris()).doesNotContain(t.substring(1));
        assertThat(m2m.retrieve(PEER, t + "?fu=1&ty=58").expect(2000).uris()).isEmpty();
        m2m.delete(PEER, t + "/la").expect(4103);
        m2m.delete(PEER, t).expect(4103);
        assertThat(m2m.retrieve(OWN, t).expect(2000).inner().path("curT0").asInt()).isEqualTo(1);
    }

    @Test
    void changingAcpiOfASpecializationIsDecidedByPvsNotPv() {
        // pv lets the peer retrieve and update, pvs only the owner: the peer may change custom attributes, not acpi
        String acp = name("acp");
        m2m.createAcp(OWN, HOME, acp, rules(rule(63, OWN), rule(6, PEER)), rules(rule(63, OWN)));
        String acpi = "cse-in/flex/" + acp;
        String t = flex("\"acpi\":[\"" + acpi + "\"]");
        m2m.retrieve(PEER, t).expect(2000);
        m2m.update(PEER, t, body(ROOT, "\"curT0\":7")).expect(2004);
        m2m.update(PEER, t, body(ROOT, "\"acpi\":[]")).expect(4103);
        m2m.update(OWN, t, body(ROOT, "\"acpi\":[\"" + acpi + "\"]")).expect(2004);
        assertThat(m2m.retrieve(OWN, t).expect(2000).inner().path("acpi").get(0).asText()).isEqualTo(acpi);
    }
}
