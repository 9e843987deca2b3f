package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.it.NotificationReceiver.Received;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Subscriptions and notifications with a real HTTP receiver (TS-0004 7.5.1, TS-0001 10.2.10): verification, the
 * four event types, content types, expiration counter, deletion notice, dead targets and the NOTIFY privilege.
 */
class NotificationIT {
    static final String AE = "Cntf";
    static final String HOME = "/cse-in/ntf";
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(AE, "ntf");
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    static String container() {
        String rn = unique("c");
        m2m.createContainer(AE, HOME, rn);
        return HOME + "/" + rn;
    }

    static String sub(String rn, String nu, String extra) {
        return "{\"m2m:sub\":{\"rn\":\"" + rn + "\",\"nu\":[\"" + nu + "\"]" + (extra.isEmpty() ? "" : "," + extra)
                + "}}";
    }

    /** A subscription to {@code parent} notifying the receiver path; waits for and returns the verification. */
    static Received subscribe(String parent, String rn, String path, String extra) {
        m2m.create(AE, parent, 23, sub(rn, rx.url(path), extra)).expect(2001);
        return rx.await(path, Received::isVerification);
    }

    /** The subscriptionReference of an existing subscription: {@code /<cse-id>/<ri>} (TS-0004 7.5.1.2.4 b). */
    static String surOf(String subscriptionPath) {
        return M2m.CSE_ID + "/" + m2m.retrieve(AE, subscriptionPath).expect(2000).ri();
    }

    static Received event(String path, int net) {
        return rx.await(path, r -> r.net() == net);
    }

    /** Registers an AE that can receive requests ({@code rr=true}) at {@code poa}. */
    static void registerReachableAe(String aeId, String rn, String poa) {
        m2m.create(aeId, "/cse-in", 2, M2m.aeBody(rn, poa).replace("\"rr\":false", "\"rr\":true")).expect(2001);
    }

    /** A port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // -------------------------------------------------------------------------------------- verification

    @Test
    void subscriptionCreationSendsAVerificationRequestToTheTarget() {
        String c = container();
        M2m.Rsp created = m2m.create(AE, c, 23, sub("s", rx.url("/verify"), "")).expect(2001);
        Received v = rx.await("/verify", Received::isVerification);
        assertThat(v.sgn().path("cr").asText()).isEqualTo(AE);
        assertThat(v.sgn().path("sur").asText()).isEqualTo(M2m.CSE_ID + "/" + created.ri());
        assertThat(v.originator()).isEqualTo(M2m.CSE_ID);
        assertThat(v.requestId()).isNotBlank();
        assertThat(created.inner().path("nu").get(0).asText()).isEqualTo(rx.url("/verify"));
    }

    @Test
    void verificationAnsweredWithoutPrivilegeFailsTheCreationWith4101() {
        rx.answer("/refuses", 4101);
        String c = container();
        m2m.create(AE, c, 23, sub("s", rx.url("/refuses"), "")).expect(4101);
        m2m.retrieve(AE, c + "/s").expect(4004);
    }

    @Test
    void verificationAnsweredWithAnErrorFailsTheCreationWith5204() {
        rx.answer("/broken", 4000);
        String c = container();
        m2m.create(AE, c, 23, sub("s", rx.url("/broken"), "")).expect(5204);
        m2m.retrieve(AE, c + "/s").expect(4004);
    }

    @Test
    void subscriptionToAnUnreachableUrlFailsWith5204() throws IOException {
        String c = container();
        M2m.Rsp r = m2m.create(AE, c, 23, sub("s", "http://127.0.0.1:" + closedPort() + "/gone", "")).expect(5204);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.dbg()).isNotBlank();
        m2m.retrieve(AE, c + "/s").expect(4004);
    }

    @Test
    void subscriptionReferenceIsTheUnstructuredSpRelativeResourceId() {
        // TS-0004 7.5.1.2.4 b): sur is "the resource identifier of the <subscription> resource"
        String c = container();
        M2m.Rsp created = m2m.create(AE, c, 23, sub("s", rx.url("/sur"), "\"enc\":{\"net\":[3]},\"su\":\""
                + rx.url("/sur-su") + "\"")).expect(2001);
        String sur = M2m.CSE_ID + "/" + created.ri();
        assertThat(rx.await("/sur", Received::isVerification).sgn().path("sur").asText()).isEqualTo(sur);
        m2m.createCin(AE, c, "x").expect(2001);
        assertThat(event("/sur", 3).sgn().path("sur").asText()).isEqualTo(sur);
        m2m.delete(AE, c + "/s").expect(2002);
        assertThat(rx.await("/sur-su", Received::isDeletionNotice).sgn().path("sur").asText()).isEqualTo(sur);
    }

    // ------------------------------------------------------------------------------------------ events

    @Test
    void createUpdateDeleteAndChildDeleteAreNotifiedWithTheirRepresentation() {
        String c = container();
        String cRi = m2m.retrieve(AE, c).expect(2000).ri();
        subscribe(c, "all", "/events", "\"enc\":{\"net\":[1,2,3,4]},\"nct\":1,\"su\":\"" + rx.url("/events-su")
                + "\"");
        String sur = surOf(c + "/all");

        String cinRi = m2m.createCin(AE, c, "hello").expect(2001).ri();
        Received created = event("/events", 3);
        assertThat(created.rep().path("m2m:cin").path("con").asText()).isEqualTo("hello");
        assertThat(created.rep().path("m2m:cin").path("ri").asText()).isEqualTo(cinRi);
        assertThat(created.sgn().path("sur").asText()).isEqualTo(sur);
        assertThat(created.originator()).isEqualTo(M2m.CSE_ID);

        m2m.update(AE, c, "{\"m2m:cnt\":{\"lbl\":[\"changed\"]}}").expect(2004);
        Received updated = event("/events", 1);
        assertThat(updated.rep().path("m2m:cnt").path("ri").asText()).isEqualTo(cRi);
        assertThat(updated.rep().path("m2m:cnt").path("lbl").get(0).asText()).isEqualTo("changed");

        m2m.delete(AE, "/" + cinRi).expect(2002);
        Received childDeleted = event("/events", 4);
        assertThat(childDeleted.rep().path("m2m:cin").path("ri").asText()).isEqualTo(cinRi);

        m2m.delete(AE, c).expect(2002);
        Received deleted = event("/events", 2);
        assertThat(deleted.rep().path("m2m:cnt").path("ri").asText()).isEqualTo(cRi);
        // the subscription went with its parent, and its subscriber is told so
        Received sud = rx.await("/events-su", Received::isDeletionNotice);
        assertThat(sud.sgn().path("sur").asText()).isEqualTo(sur);
    }

    @Test
    void withoutEventCriteriaOnlyUpdatesAreNotified() {
        String c = container();
        subscribe(c, "s", "/default", "");
        m2m.createCin(AE, c, "not notified").expect(2001);
        m2m.update(AE, c, "{\"m2m:cnt\":{\"lbl\":[\"u\"]}}").expect(2004);
        Received r = rx.await("/default", x -> !x.isVerification());
        assertThat(r.net()).isEqualTo(1);
        assertThat(rx.drain("/default", Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void childTypeCriteriaSelectTheNotifiedChildren() {
        String c = container();
        subscribe(c, "s", "/chty", "\"enc\":{\"net\":[3],\"chty\":[3]}");
        m2m.createCin(AE, c, "ignored").expect(2001);
        m2m.create(AE, c, 3, "{\"m2m:cnt\":{\"rn\":\"kid\"}}").expect(2001);
        Received r = event("/chty", 3);
        assertThat(r.rep().path("m2m:cnt").path("rn").asText()).isEqualTo("kid");
        assertThat(rx.drain("/chty", Duration.ofMillis(500))).isEmpty();
    }

    /**
     * TS-0004 7.4.7.2.1 d): the oldest instances removed to keep mni (on a create, or after mni was lowered) go
     * "without generating notifications"; a DELETE by request of an instance (here through la) is notified.
     */
    @Test
    void instancesRemovedToKeepTheLimitsRaiseNoChildDeleteNotification() {
        String c = container();
        m2m.update(AE, c, "{\"m2m:cnt\":{\"mni\":2}}").expect(2004);
        subscribe(c, "s", "/evict", "\"enc\":{\"net\":[3,4]}");
        for (String con : List.of("a", "b", "c")) {
            m2m.createCin(AE, c, con).expect(2001);
            assertThat(event("/evict", 3).rep().path("m2m:cin").path("con").asText()).isEqualTo(con);
        }
        m2m.update(AE, c, "{\"m2m:cnt\":{\"mni\":1}}").expect(2004);
        assertThat(m2m.retrieve(AE, c).expect(2000).inner().path("cni").asInt()).isEqualTo(1);
        assertThat(rx.drain("/evict", Duration.ofMillis(500))).as("a and b were removed for mni").isEmpty();

        m2m.delete(AE, c + "/la").expect(2002);
        assertThat(event("/evict", 4).rep().path("m2m:cin").path("con").asText()).isEqualTo("c");
    }

    @Test
    void modifiedAttributesContentCarriesOnlyWhatChanged() {
        String c = container();
        subscribe(c, "s", "/nct2", "\"enc\":{\"net\":[1]},\"nct\":2");
        m2m.update(AE, c, "{\"m2m:cnt\":{\"lbl\":[\"a\"],\"mni\":9}}").expect(2004);
        JsonNode rep = event("/nct2", 1).rep().path("m2m:cnt");
        assertThat(rep.path("lbl").get(0).asText()).isEqualTo("a");
        assertThat(rep.path("mni").asInt()).isEqualTo(9);
        assertThat(rep.has("rn")).isFalse();
        assertThat(rep.has("ct")).isFalse();
        assertThat(rep.has("cni")).isFalse();
    }

    @Test
    void resourceIdContentCarriesOnlyTheId() {
        String c = container();
        subscribe(c, "s", "/nct3", "\"enc\":{\"net\":[3]},\"nct\":3");
        String cinRi = m2m.createCin(AE, c, "x").expect(2001).ri();
        Received r = event("/nct3", 3);
        assertThat(r.rep().path("m2m:uri").asText()).isEqualTo(cinRi);
        assertThat(r.rep().has("m2m:cin")).isFalse();
    }

    @Test
    void expirationCounterDeletesTheSubscriptionAfterThatManyNotifications() throws InterruptedException {
        String c = container();
        subscribe(c, "s", "/exc", "\"enc\":{\"net\":[3]},\"exc\":2,\"su\":\"" + rx.url("/exc-su") + "\"");
        m2m.createCin(AE, c, "1").expect(2001);
        event("/exc", 3);
        m2m.createCin(AE, c, "2").expect(2001);
        event("/exc", 3);
        rx.await("/exc-su", Received::isDeletionNotice);
        awaitRsc(c + "/s", 4004);
        m2m.createCin(AE, c, "3").expect(2001);
        assertThat(rx.drain("/exc", Duration.ofMillis(700))).as("notifications after exc ran out").isEmpty();
    }

    @Test
    void deletingASubscriptionTellsItsSubscriber() {
        String c = container();
        subscribe(c, "s", "/sud", "\"su\":\"" + rx.url("/sud-su") + "\"");
        String sur = surOf(c + "/s");
        m2m.delete(AE, c + "/s").expect(2002);
        Received sud = rx.await("/sud-su", Received::isDeletionNotice);
        assertThat(sud.sgn().path("sur").asText()).isEqualTo(sur);
        assertThat(sud.originator()).isEqualTo(M2m.CSE_ID);
        m2m.update(AE, c, "{\"m2m:cnt\":{\"lbl\":[\"after\"]}}").expect(2004);
        assertThat(rx.drain("/sud", Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void deletionNoticeCarriesTheCreatorWhenTheSubscriptionHasOne() {
        // TS-0004 Table 6.3.5.13-1 creator, and 7.4.8.2.1 Recv-6.5: the creator attribute names the subscriber
        String c = container();
        subscribe(c, "withCr", "/cr", "\"cr\":null,\"su\":\"" + rx.url("/cr-su") + "\"");
        assertThat(m2m.retrieve(AE, c + "/withCr").expect(2000).attr("cr")).isEqualTo(AE);
        subscribe(c, "noCr", "/cr", "\"su\":\"" + rx.url("/nocr-su") + "\"");

        m2m.delete(AE, c + "/withCr").expect(2002);
        assertThat(rx.await("/cr-su", Received::isDeletionNotice).sgn().path("cr").asText(null)).isEqualTo(AE);
        m2m.delete(AE, c + "/noCr").expect(2002);
        assertThat(rx.await("/nocr-su", Received::isDeletionNotice).sgn().has("cr")).isFalse();
    }

    @Test
    void batchNotifyAggregatesNotifications() {
        String c = container();
        subscribe(c, "s", "/batch", "\"enc\":{\"net\":[3]},\"bn\":{\"num\":2}");
        m2m.createCin(AE, c, "b1").expect(2001);
        m2m.createCin(AE, c, "b2").expect(2001);
        Received r = rx.await("/batch", x -> x.body().has("m2m:agn"));
        JsonNode sgns = r.body().path("m2m:agn").path("m2m:sgn");
        assertThat(sgns).hasSize(2);
        assertThat(sgns.findValues("con").stream().map(JsonNode::asText).toList()).containsExactly("b1", "b2");
    }

    // -------------------------------------------------------------------------------------- validation

    @Test
    void contentTypeMustBeAllowedForEveryEventType() {
        // TS-0001 Table 9.6.8-4: "modified attributes" only for update (and blocking update); TS-0004 7.4.8.2.1
        String c = container();
        M2m.Rsp r = m2m.create(AE, c, 23, sub("s", AE, "\"enc\":{\"net\":[3]},\"nct\":2")).expect(4000);
        assertThat(r.dbg()).contains("nct").contains("net");
        m2m.create(AE, c, 23, sub("s", AE, "\"enc\":{\"net\":[1,4]},\"nct\":2")).expect(4000);
        m2m.retrieve(AE, c + "/s").expect(4004);
        m2m.create(AE, c, 23, sub("s", AE, "\"enc\":{\"net\":[2,3]},\"nct\":3")).expect(2001);

        // TS-0004 7.4.8.2.3: the same check on UPDATE, against the event types after the change
        m2m.create(AE, c, 23, sub("m", AE, "\"enc\":{\"net\":[1]},\"nct\":2")).expect(2001);
        m2m.update(AE, c + "/m", "{\"m2m:sub\":{\"enc\":{\"net\":[1,3]}}}").expect(4000);
        m2m.update(AE, c + "/s", "{\"m2m:sub\":{\"nct\":2}}").expect(4000);
        assertThat(m2m.retrieve(AE, c + "/m").expect(2000).inner().path("enc").path("net")).hasSize(1);
        m2m.update(AE, c + "/m", "{\"m2m:sub\":{\"enc\":{\"net\":[1,3]},\"nct\":1}}").expect(2004);
    }

    @Test
    void childTypesAreRefusedWithoutChildEvents() {
        // TS-0001 Table 9.6.8-3 childResourceType: "only applicable when notificationEventType has a value of
        // Creation of a direct child ... or Deletion of a direct child"
        String c = container();
        m2m.create(AE, c, 23, sub("s", AE, "\"enc\":{\"net\":[1],\"chty\":[4]}")).expect(4000);
        m2m.create(AE, c, 23, sub("s", AE, "\"enc\":{\"chty\":[4]}")).expect(4000);
        m2m.create(AE, c, 23, sub("s", AE, "\"enc\":{\"net\":[1]}")).expect(2001);
        m2m.update(AE, c + "/s", "{\"m2m:sub\":{\"enc\":{\"net\":[1],\"chty\":[4]}}}").expect(4000);
        // TS-0004 7.4.8.2.3: on UPDATE too, chty must name child types of the subscribed-to resource
        m2m.update(AE, c + "/s", "{\"m2m:sub\":{\"enc\":{\"net\":[3],\"chty\":[2]}}}").expect(4000);
        assertThat(m2m.retrieve(AE, c + "/s").expect(2000).inner().path("enc").has("chty")).isFalse();
        m2m.update(AE, c + "/s", "{\"m2m:sub\":{\"enc\":{\"net\":[3],\"chty\":[4]}}}").expect(2004);
    }

    @Test
    void contentTypeDefaultsToAllAttributesInTheRepresentation() {
        // TS-0001 Table 9.6.8-2: notificationContentType has multiplicity 1; TS-0004 7.4.8.2.1 Recv-6.5 sets
        // its default
        String c = container();
        M2m.Rsp created = m2m.create(AE, c, 23, sub("s", AE, "\"enc\":{\"net\":[3]}")).expect(2001);
        assertThat(created.inner().path("nct").asInt()).isEqualTo(1);
        assertThat(m2m.retrieve(AE, c + "/s").expect(2000).inner().path("nct").asInt()).isEqualTo(1);
        // removing it restores the default
        m2m.update(AE, c + "/s", "{\"m2m:sub\":{\"nct\":3}}").expect(2004);
        assertThat(m2m.update(AE, c + "/s", "{\"m2m:sub\":{\"nct\":null}}").expect(2004).inner().path("nct")
                .asInt()).isEqualTo(1);
    }

    // --------------------------------------------------------------------------------- serialization

    @Test
    void aCtQueryInTheNotificationUriChoosesTheSerializationAndIsRemovedFromTheAddress() {
        // TS-0004 table 7.4.8.1-3 and 7.5.1.2.2 step 2.5
        String c = container();
        M2m.Rsp created = m2m.create(AE, c, 23, sub("s", rx.url("/ct?ct=cbor"), "\"enc\":{\"net\":[3]}"))
                .expect(2001);
        assertThat(created.inner().path("nu").get(0).asText()).isEqualTo(rx.url("/ct?ct=cbor"));
        Received v = rx.await("/ct", Received::isVerification);
        assertThat(v.contentType()).isEqualTo("application/cbor");
        assertThat(v.query()).isNull();
        m2m.createCin(AE, c, "in cbor").expect(2001);
        Received n = event("/ct", 3);
        assertThat(n.contentType()).isEqualTo("application/cbor");
        assertThat(n.rep().path("m2m:cin").path("con").asText()).isEqualTo("in cbor");

        // other query parameters stay; json is JSON
        m2m.create(AE, c, 23, sub("j", rx.url("/ctj?app=1&ct=json"), "\"enc\":{\"net\":[3]}")).expect(2001);
        Received j = rx.await("/ctj", Received::isVerification);
        assertThat(j.query()).isEqualTo("app=1");
        assertThat(j.contentType()).isEqualTo("application/json");
    }

    @Test
    void aCtQueryThisCseCannotWriteIsRefused() {
        String c = container();
        m2m.create(AE, c, 23, sub("s", rx.url("/ctx?ct=yaml"), "")).expect(4000);
        m2m.create(AE, c, 23, sub("s", rx.url("/ctx?ct=cbor&ct=json"), "")).expect(4000);
        m2m.create(AE, c, 23, sub("s", AE, "\"su\":\"" + rx.url("/ctx?ct=toml") + "\"")).expect(4000);
        assertThat(rx.drain("/ctx", Duration.ofMillis(200))).as("no verification request").isEmpty();
    }

    @Test
    void anAeGetsNotificationsInItsContentSerialization() {
        // TS-0004 7.5.1.1: "it shall use one of the serializations specified in that <AE>'s contentSerialization"
        m2m.create("Ccbor", "/cse-in", 2, M2m.aeBody("cbor", rx.url("/poa-cbor")).replace("\"rr\":false",
                "\"rr\":true,\"csz\":[\"application/cbor\",\"application/xml\",\"application/json\"]"))
                .expect(2001);
        m2m.createContainer("Ccbor", "/cse-in/cbor", "box");
        m2m.create("Ccbor", "/cse-in/cbor/box", 23, sub("s", "Ccbor", "\"enc\":{\"net\":[3]}")).expect(2001);
        m2m.createCin("Ccbor", "/cse-in/cbor/box", "cbor for me").expect(2001);
        Received r = rx.await("/poa-cbor", x -> x.net() == 3);
        assertThat(r.contentType()).isEqualTo("application/cbor");
        assertThat(r.rep().path("m2m:cin").path("con").asText()).isEqualTo("cbor for me");
    }

    @Test
    void anAeTakingOnlyXmlGetsXml() {
        m2m.create("Cxml", "/cse-in", 2, M2m.aeBody("xml", rx.url("/poa-xml")).replace("\"rr\":false",
                "\"rr\":true,\"csz\":[\"application/xml\"]")).expect(2001);
        m2m.createContainer("Cxml", "/cse-in/xml", "box");
        m2m.create("Cxml", "/cse-in/xml/box", 23, sub("s", "Cxml", "\"enc\":{\"net\":[3]}")).expect(2001);
        m2m.createCin("Cxml", "/cse-in/xml/box", "in xml").expect(2001);
        Received r = rx.await("/poa-xml", x -> x.net() == 3);
        assertThat(r.contentType()).isEqualTo("application/xml");
        assertThat(r.rep().path("m2m:cin").path("con").asText()).isEqualTo("in xml");
        // a NOTIFY relayed to it goes in XML too
        m2m.notifyTo("Cxml", "/cse-in/xml", "{\"m2m:sgn\":{\"nev\":{\"net\":3},\"sur\":\"/id-x/s\"}}")
                .expect(2000);
        assertThat(rx.await("/poa-xml", x -> x.net() == 3).contentType()).isEqualTo("application/xml");
    }

    // ------------------------------------------------------------------------------- AE-ID targets

    @Test
    void aeIdTargetReceivesNotificationsAtItsPointOfAccess() {
        registerReachableAe("Cself", "self", rx.url("/poa-self"));
        m2m.createContainer("Cself", "/cse-in/self", "box");
        m2m.create("Cself", "/cse-in/self/box", 23, sub("s", "Cself", "\"enc\":{\"net\":[3]}")).expect(2001);
        m2m.createCin("Cself", "/cse-in/self/box", "to poa").expect(2001);
        Received r = rx.await("/poa-self", x -> x.net() == 3);
        assertThat(r.rep().path("m2m:cin").path("con").asText()).isEqualTo("to poa");
    }

    @Test
    void anAeThatIsNotRequestReachableGetsNothingAtItsPointOfAccess() {
        // TS-0001 table 9.6.5-1: rr=false, the AE cannot receive requests; a polling channel would serve it
        m2m.registerAe("Cpoll", "poll", rx.url("/poa-poll"));
        m2m.createContainer("Cpoll", "/cse-in/poll", "box");
        // accepted: TS-0004 7.4.8.2.1 names no refusal, and the AE may turn rr on (or poll) later
        m2m.create("Cpoll", "/cse-in/poll/box", 23, sub("s", "Cpoll", "\"enc\":{\"net\":[3]},\"su\":\"Cpoll\""))
                .expect(2001);
        long before = cse.server().cse().dispatcher().stats().undeliverable();
        m2m.createCin("Cpoll", "/cse-in/poll/box", "kept back").expect(2001);
        assertThat(rx.drain("/poa-poll", Duration.ofMillis(500))).isEmpty();
        // what was not delivered is counted (and logged) for the operator
        assertThat(cse.server().cse().dispatcher().stats().undeliverable()).isEqualTo(before + 1);
        // a NOTIFY relayed to it says why it cannot be delivered (TS-0004 7.3.3.9.1)
        M2m.Rsp r = m2m.notifyTo("Cpoll", "/cse-in/poll",
                "{\"m2m:sgn\":{\"nev\":{\"net\":3},\"sur\":\"/id-x/s\"}}").expect(5103);
        assertThat(r.dbg()).contains("rr=false");
        assertThat(rx.drain("/poa-poll", Duration.ofMillis(300))).isEmpty();

        // once it says it can receive requests, it gets them
        m2m.update("Cpoll", "/cse-in/poll", "{\"m2m:ae\":{\"rr\":true}}").expect(2004);
        m2m.createCin("Cpoll", "/cse-in/poll/box", "now sent").expect(2001);
        assertThat(rx.await("/poa-poll", x -> x.net() == 3).rep().path("m2m:cin").path("con").asText())
                .isEqualTo("now sent");
    }

    @Test
    void aeIdTargetOwnedByAnotherAeNeedsNotifyPrivilege() {
        m2m.registerAe("Cnosy", "nosy");
        registerReachableAe("Cquiet", "quiet", rx.url("/poa-quiet"));
        m2m.createContainer("Cnosy", "/cse-in/nosy", "box");
        M2m.Rsp r = m2m.create("Cnosy", "/cse-in/nosy/box", 23, sub("s", "Cquiet", "")).expect(4101);
        assertThat(r.status()).isEqualTo(403);
        m2m.retrieve("Cnosy", "/cse-in/nosy/box/s").expect(4004);
        // also through an address form of the AE
        m2m.create("Cnosy", "/cse-in/nosy/box", 23, sub("s", "/id-in/Cquiet", "")).expect(4101);
        m2m.create("Cnosy", "/cse-in/nosy/box", 23, sub("s", "cse-in/quiet", "")).expect(4101);

        // once the target AE grants NOTIFY, the subscription is accepted
        String acp = m2m.createAcp("Cquiet", "/cse-in/quiet", "letNosy",
                rules(rule(16, "Cnosy"), rule(63, "Cquiet")), rules(rule(63, "Cquiet")));
        m2m.update("Cquiet", "/cse-in/quiet", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        m2m.create("Cnosy", "/cse-in/nosy/box", 23, sub("s", "Cquiet", "\"enc\":{\"net\":[3]}")).expect(2001);
        m2m.createCin("Cnosy", "/cse-in/nosy/box", "granted").expect(2001);
        assertThat(rx.await("/poa-quiet", x -> x.net() == 3).rep().path("m2m:cin").path("con").asText())
                .isEqualTo("granted");
    }

    @Test
    void subscriberNeedsRetrieveOnTheSubscribedResource() {
        m2m.registerAe("Cpeek", "peek");
        String c = container();
        m2m.create("Cpeek", c, 23, sub("s", rx.url("/peek"), "")).expect(4103);
        assertThat(rx.drain("/peek", Duration.ofMillis(200))).as("no verification for a refused subscriber")
                .isEmpty();
    }

    @Test
    void notifyToAnAeIsRelayedToItsPointOfAccessOnlyWithNotifyPrivilege() {
        m2m.registerAe("Cpush", "push");
        registerReachableAe("Cinbox", "inbox", rx.url("/poa-inbox"));
        String body = "{\"m2m:sgn\":{\"nev\":{\"rep\":{\"m2m:cin\":{\"con\":\"direct\"}},\"net\":3},"
                + "\"sur\":\"/id-in/cse-in/push/s\"}}";
        m2m.notifyTo("Cpush", "/cse-in/inbox", body).expect(4103);
        assertThat(rx.drain("/poa-inbox", Duration.ofMillis(200))).isEmpty();

        String acp = m2m.createAcp("Cinbox", "/cse-in/inbox", "letPush", rules(rule(16, "Cpush"), rule(63, "Cinbox")),
                rules(rule(63, "Cinbox")));
        m2m.update("Cinbox", "/cse-in/inbox", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        m2m.notifyTo("Cpush", "/cse-in/inbox", body).expect(2000);
        Received r = rx.await("/poa-inbox", x -> x.net() == 3);
        assertThat(r.rep().path("m2m:cin").path("con").asText()).isEqualTo("direct");
        assertThat(r.originator()).isEqualTo("Cpush");
    }

    @Test
    void notifyToTheCseBaseMustCarryANotification() {
        // TS-0004 7.3.3.9.2 and 7.5.1.1: the Hosting CSE processes the Content as a notification data object
        M2m.Rsp r = m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:ae\":{\"rn\":\"foo\"}}").expect(4000);
        assertThat(r.dbg()).contains("m2m:ae").contains("m2m:sgn");
        m2m.request("POST", "/cse-in").from(M2m.ADMIN).send().expect(4000);
        // table 6.3.5.13-1: subscriptionReference is mandatory, notificationEvent needs its notificationEventType
        assertThat(m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"nev\":{\"net\":3}}}").expect(4000).dbg())
                .contains("sur");
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"nev\":{\"rep\":{}},\"sur\":\"/id-x/s1\"}}")
                .expect(4000);
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"sur\":\"/id-x/s1\",\"foo\":1}}").expect(4000);
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"sur\":\"/id-x/s1\",\"sud\":\"yes\"}}").expect(4000);
        // 7.5.1.2.3: a verification request carries the creator
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"vrq\":true,\"sur\":\"/id-x/s1\"}}").expect(4000);
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:agn\":{\"m2m:sgn\":[]}}").expect(4000);
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:agn\":{\"m2m:sgn\":[{\"sur\":\"/id-x/s1\"},{\"nev\":"
                + "{\"net\":1}}]}}").expect(4000);

        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"vrq\":true,\"sur\":\"/id-x/s1\",\"cr\":\"Cx\"}}")
                .expect(2000);
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"sud\":true,\"sur\":\"/id-x/s1\"}}").expect(2000);
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:sgn\":{\"nev\":{\"rep\":{\"m2m:cin\":{\"con\":\"x\"}},"
                + "\"net\":3},\"sur\":\"/id-x/s1\"}}").expect(2000);
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:agn\":{\"m2m:sgn\":[{\"sur\":\"/id-x/s1\",\"nev\":"
                + "{\"net\":1}},{\"sud\":true,\"sur\":\"/id-x/s1\"}]}}").expect(2000);
    }

    @Test
    void notifyToAnAeIsValidatedBeforeItIsRelayed() {
        m2m.registerAe("Cpost", "post");
        registerReachableAe("Cbox", "box", rx.url("/poa-box"));
        String acp = m2m.createAcp("Cbox", "/cse-in/box", "letPost", rules(rule(16, "Cpost"), rule(63, "Cbox")),
                rules(rule(63, "Cbox")));
        m2m.update("Cbox", "/cse-in/box", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);

        m2m.notifyTo("Cpost", "/cse-in/box", "{\"m2m:ae\":{\"rn\":\"foo\"}}").expect(4000);
        m2m.notifyTo("Cpost", "/cse-in/box", "{\"m2m:sgn\":{\"nev\":{\"net\":3}}}").expect(4000);
        assertThat(rx.drain("/poa-box", Duration.ofMillis(300))).as("nothing relayed").isEmpty();

        m2m.notifyTo("Cpost", "/cse-in/box", "{\"m2m:sgn\":{\"nev\":{\"net\":3},\"sur\":\"/id-x/s1\"}}")
                .expect(2000);
        assertThat(rx.await("/poa-box", x -> x.net() == 3).originator()).isEqualTo("Cpost");
    }

    @Test
    void expiredSubscriptionTellsItsSubscriber() {
        String c = container();
        String et = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now().plusSeconds(2));
        Received v = subscribe(c, "s", "/expiring", "\"et\":\"" + et + "\",\"su\":\"" + rx.url("/expiring-su")
                + "\"");
        Received sud = rx.await("/expiring-su", Received::isDeletionNotice, Duration.ofSeconds(10));
        assertThat(sud.sgn().path("sur").asText()).isEqualTo(v.sgn().path("sur").asText()).startsWith("/id-in/sub");
        m2m.retrieve(AE, c + "/s").expect(4004);
    }

    // ---------------------------------------------------------------------------------- dead targets

    @Test
    void deadNotificationTargetsDoNotSlowRequests() throws Exception {
        String c = container();
        // a receiver that verified the subscription and then went away
        NotificationReceiver gone = new NotificationReceiver();
        m2m.create(AE, c, 23, sub("toGone", gone.url("/n"), "\"enc\":{\"net\":[3]}")).expect(2001);
        gone.close();
        // an AE whose point of access refuses connections, and one whose point of access accepts but never answers
        registerReachableAe("Cdead", "dead", "http://127.0.0.1:" + closedPort() + "/n");
        try (ServerSocket blackhole = new ServerSocket(0, 100, InetAddress.getLoopbackAddress())) {
            registerReachableAe("Cmute", "mute", "http://127.0.0.1:" + blackhole.getLocalPort() + "/n");
            for (String ae : List.of("Cdead", "Cmute")) {
                String acp = m2m.createAcp(ae, "/cse-in/" + ae.substring(1), "letNtf",
                        rules(rule(16, AE), rule(63, ae)), rules(rule(63, ae)));
                m2m.update(ae, "/cse-in/" + ae.substring(1), "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}")
                        .expect(2004);
                m2m.create(AE, c, 23, sub("to" + ae, ae, "\"enc\":{\"net\":[3]}")).expect(2001);
            }

            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                m2m.createCin(AE, c, "n" + i).expect(2001);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("20 creates with dead notification targets took " + took.toMillis() + " ms");
            assertThat(took).as("20 creates while notifications go to dead targets")
                    .isLessThan(Duration.ofSeconds(10));

            // and a live subscriber still gets its notifications meanwhile
            subscribe(c, "live", "/live", "\"enc\":{\"net\":[3]}");
            m2m.createCin(AE, c, "still alive").expect(2001);
            Received r = rx.await("/live", x -> x.net() == 3, Duration.ofSeconds(15));
            assertThat(r.rep().path("m2m:cin").path("con").asText()).isEqualTo("still alive");
            m2m.retrieve(AE, c).expect(2000);
        }
    }

    static void awaitRsc(String path, int rsc) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (m2m.retrieve(AE, path).rsc() != rsc && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        m2m.retrieve(AE, path).expect(rsc);
    }
}
