package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Non-blocking requests over HTTP (TS-0001 8.2.2, 9.6.12; TS-0004 7.3.2.2 to 7.3.2.5, 7.4.12, 7.5.1.2.5): the
 * acknowledgement and the {@code <request>} it names, its result read or notified, who may see it, and the refusals.
 */
class NonBlockingIT {
    private static final String OWN = "Cnbown";
    private static final String OTHER = "Cnbother";
    private static final String CNT = "/cse-in/nbown/data";

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(OWN, "nbown").registering(OTHER, "nbother");
    static final M2m m2m = cse.client();

    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    @BeforeAll
    static void setUp() {
        m2m.createContainer(OWN, "/cse-in/nbown", "data");
    }

    private static M2m.Rsp createCin(String rt, String con) {
        return m2m.request("POST", CNT + "?rt=" + rt).from(OWN).ty(4)
                .body("{\"m2m:cin\":{\"cnf\":\"text/plain:0\",\"con\":\"" + con + "\"}}").send();
    }

    /** The {@code <request>} once it is no longer PENDING, read by its originator. */
    static JsonNode finished(M2m client, String fr, String address) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode req = client.retrieve(fr, "/" + address).expect(2000).json().path("m2m:req");
            if (req.path("rs").asInt() != 3 || System.nanoTime() > deadline) {
                return req;
            }
            try {
                Thread.sleep(20); // polling for an asynchronous result, as an originator does (Orig-5.0)
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void synchronousRequestIsAcknowledgedAndItsResultReadFromTheRequestResource() {
        M2m.Rsp ack = createCin("1", "later").expect(1001);
        assertThat(ack.status()).isEqualTo(202);
        String address = ack.json().path("m2m:uri").asText();
        assertThat(address).startsWith("cse-in/req");

        JsonNode req = finished(m2m, OWN, address);
        assertThat(req.path("rs").asInt()).as("COMPLETED").isEqualTo(1);
        assertThat(req.path("ty").asInt()).isEqualTo(17);
        assertThat(req.path("op").asInt()).isEqualTo(1);
        assertThat(req.path("tg").asText()).isEqualTo(CNT.substring(1)); // the To parameter, CSE-relative
        assertThat(req.path("org").asText()).isEqualTo(OWN);
        assertThat(req.path("rid").asText()).isEqualTo(ack.header("X-M2M-RI"));
        assertThat(req.path("mi").path("rt").path("rtv").asInt()).isEqualTo(1);
        assertThat(req.path("pc").path("m2m:cin").path("con").asText()).isEqualTo("later");
        assertThat(req.path("lbl").get(0).asText()).isEqualTo(OWN);
        JsonNode ors = req.path("ors");
        assertThat(ors.path("rsc").asInt()).isEqualTo(2001);
        assertThat(ors.path("rqi").asText()).isEqualTo(ack.header("X-M2M-RI"));
        String cinRi = ors.path("pc").path("m2m:cin").path("ri").asText();
        assertThat(m2m.retrieve(OWN, "/" + cinRi).expect(2000).attr("con")).isEqualTo("later");
        assertThat(req.path("st").asInt()).as("stateTag counts the result").isEqualTo(1);
    }

    @Test
    void anOperationThatFailsWhenPerformedLeavesFailedAndItsErrorInTheResult() {
        // a content the container refuses only when the create is performed: an unknown attribute
        M2m.Rsp ack = m2m.request("POST", CNT + "?rt=1").from(OWN).ty(4)
                .body("{\"m2m:cin\":{\"con\":\"x\",\"bogus\":1}}").send().expect(1001);
        JsonNode req = finished(m2m, OWN, ack.json().path("m2m:uri").asText());
        assertThat(req.path("rs").asInt()).as("FAILED").isEqualTo(2);
        assertThat(req.path("ors").path("rsc").asInt()).isEqualTo(4000);
        assertThat(req.path("ors").path("pc").path("m2m:dbg").asText()).contains("bogus");
    }

    @Test
    void asynchronousResultIsNotifiedToTheOriginatorsPointOfAccess() {
        m2m.create("Cnbpoa", "/cse-in", 2, "{\"m2m:ae\":{\"rn\":\"nbpoa\",\"api\":\"Napp\",\"rr\":true,"
                + "\"srv\":[\"3\"],\"poa\":[\"" + rx.url("/poa") + "\"]}}").expect(2001);
        m2m.createContainer("Cnbpoa", "/cse-in/nbpoa", "box");
        M2m.Rsp ack = m2m.request("POST", "/cse-in/nbpoa/box?rt=2").from("Cnbpoa").ty(4)
                .body("{\"m2m:cin\":{\"con\":\"async\"}}").send().expect(1002);
        String rqi = ack.header("X-M2M-RI");
        NotificationReceiver.Received n = rx.await("/poa", r -> r.body().has("m2m:rsp"));
        JsonNode rsp = n.body().path("m2m:rsp");
        assertThat(rsp.path("rsc").asInt()).isEqualTo(2001);
        assertThat(rsp.path("rqi").asText()).isEqualTo(rqi);
        assertThat(rsp.path("pc").path("m2m:cin").path("con").asText()).isEqualTo("async");
        assertThat(n.originator()).isEqualTo(M2m.CSE_ID);
        JsonNode req = finished(m2m, "Cnbpoa", ack.json().path("m2m:uri").asText());
        assertThat(req.path("rs").asInt()).isEqualTo(1);
    }

    @Test
    void asynchronousResultGoesToTheNotificationTargetsGiven() {
        M2m.Rsp ack = m2m.request("GET", CNT + "?rt=2").from(OWN).header("X-M2M-RTU", rx.url("/rtu-a")
                + "&" + rx.url("/rtu-b")).send().expect(1002);
        for (String path : new String[] {"/rtu-a", "/rtu-b"}) {
            JsonNode rsp = rx.await(path, r -> r.body().has("m2m:rsp")).body().path("m2m:rsp");
            assertThat(rsp.path("rsc").asInt()).isEqualTo(2000);
            assertThat(rsp.path("rqi").asText()).isEqualTo(ack.header("X-M2M-RI"));
            assertThat(rsp.path("pc").path("m2m:cnt").path("rn").asText()).isEqualTo("data");
        }
    }

    @Test
    void onlyTheOriginatorAndTheAdminSeeARequest() {
        String address = createCin("1", "mine").expect(1001).json().path("m2m:uri").asText();
        finished(m2m, OWN, address);
        m2m.retrieve(OTHER, "/" + address).expect(4103);
        m2m.delete(OTHER, "/" + address).expect(4103);
        m2m.retrieve(M2m.ADMIN, "/" + address).expect(2000);
        String ri = address.substring(address.lastIndexOf('/') + 1);
        assertThat(m2m.retrieve(OWN, "/cse-in?fu=1&ty=17").expect(2000).uris()).contains(address);
        assertThat(m2m.retrieve(OTHER, "/cse-in?fu=1&ty=17").expect(2000).uris()).doesNotContain(address);
        assertThat(m2m.retrieve(OWN, "/" + ri).expect(2000).json().path("m2m:req").path("ri").asText())
                .isEqualTo(ri);
        // explained as any decision: the creator alone
        JsonNode why = cse.explain("from", OTHER, "op", "retrieve", "to", "/" + address);
        assertThat(why.toString()).contains("DENY");
        // never updated, never created by a request, deleted by its originator
        m2m.update(OWN, "/" + address, "{\"m2m:req\":{\"lbl\":[\"x\"]}}").expect(4005);
        m2m.create(OWN, "/cse-in", 17, "{\"m2m:req\":{}}").expect(4005);
        m2m.delete(OWN, "/" + address).expect(2002);
        m2m.retrieve(OWN, "/" + address).expect(4004);
    }

    @Test
    void aRequestTheOriginatorMayNotPerformIsRefusedBeforeAnyRequestResourceExists() {
        int before = m2m.retrieve(M2m.ADMIN, "/cse-in?fu=1&ty=17").expect(2000).uris().size();
        m2m.request("GET", CNT + "?rt=1").from(OTHER).send().expect(4103);
        m2m.request("GET", "/cse-in/nbown/nothing?rt=2").from(OWN).send().expect(4004);
        assertThat(m2m.retrieve(M2m.ADMIN, "/cse-in?fu=1&ty=17").expect(2000).uris()).hasSize(before);
    }

    @Test
    void malformedOrUnservedResponseTypesAreRefused() {
        assertThat(m2m.request("GET", CNT + "?rt=7").from(OWN).send().expect(4000).dbg()).contains("rt");
        assertThat(m2m.request("GET", CNT + "?rt=0").from(OWN).send().expect(4000).dbg()).contains("rt");
        assertThat(m2m.request("GET", CNT + "?rt=x").from(OWN).send().expect(4000).dbg()).contains("rt");
        assertThat(m2m.request("GET", CNT + "?rt=5").from(OWN).send().expect(5001).dbg()).contains("rt=5");
        assertThat(m2m.request("GET", CNT + "?rt=1").from(OWN).header("X-M2M-RTU", rx.url("/x")).send()
                .expect(4000).dbg()).contains("rtu");
        assertThat(m2m.request("GET", CNT + "?rt=2").from(OWN).header("X-M2M-RTU", "nowhere").send()
                .expect(4000).dbg()).contains("rtu");
        // an AE the originator may not notify is no target for its results
        m2m.request("GET", CNT + "?rt=2").from(OWN).header("X-M2M-RTU", OTHER).send().expect(4103);
        // flexBlocking is served blocking
        m2m.request("GET", CNT + "?rt=4").from(OWN).send().expect(2000);
        m2m.request("GET", CNT + "?rt=3").from(OWN).send().expect(2000);
    }

    @Test
    void aRequestResourceIsAddressedBlockingOnly() {
        String address = createCin("1", "b").expect(1001).json().path("m2m:uri").asText();
        finished(m2m, OWN, address);
        m2m.request("GET", "/" + address + "?rt=1").from(OWN).send().expect(4000);
        m2m.request("GET", "/" + address + "?rt=4").from(OWN).send().expect(2000);
    }

    @Test
    void anAeRegistrationIsServedBlockingOnly() {
        m2m.request("POST", "/cse-in?rt=1").from("Cnbreg").ty(2).body(M2m.aeBody("nbreg")).send().expect(4000);
        m2m.retrieve(M2m.ADMIN, "/cse-in/nbreg").expect(4004);
    }

    @Test
    void aResultLifetimeBeyondTheLimitIsRefused() {
        m2m.request("GET", CNT + "?rt=1").from(OWN).header("X-M2M-RST", "99999999999").send().expect(4000);
        M2m.Rsp ack = m2m.request("GET", CNT + "?rt=1").from(OWN).header("X-M2M-RST", "600000").send()
                .expect(1001);
        JsonNode req = finished(m2m, OWN, ack.json().path("m2m:uri").asText());
        assertThat(req.path("ors").path("rset").asText()).isEqualTo("600000");
    }
}
