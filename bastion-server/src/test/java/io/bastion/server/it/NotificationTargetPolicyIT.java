package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.it.NotificationReceiver.Received;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notification target policies over HTTP (TS-0001 9.6.31 to 9.6.34, 10.2.10.8; TS-0004 7.4.30 to 7.4.33): the three
 * policy types with their refusals, and the removal a notification target asks for by deleting a subscription's
 * {@code ntsr}, under each action.
 */
class NotificationTargetPolicyIT {
    static final String OWNER = "Cntpowner";
    static final String TARGET = "Cntptarget";
    static final String STRANGER = "Cntpstranger";
    static final String HOME = "/cse-in/ntpowner";
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer();
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    @BeforeAll
    static void aes() {
        registerReachable(OWNER, "ntpowner", rx.url("/creator"));
        registerReachable(TARGET, "ntptarget", rx.url("/target"));
        m2m.registerAe(STRANGER, "ntpstranger");
        // the target lets the owner notify it (TS-0004 7.4.8.2.1: the subscriber needs NOTIFY on a local target)
        String acp = m2m.createAcp(TARGET, "/cse-in/ntptarget", "notifyMe", rules(rule(16, OWNER), rule(63, TARGET)),
                rules(rule(63, TARGET)));
        m2m.update(TARGET, "/cse-in/ntptarget", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
    }

    static void registerReachable(String aeId, String rn, String poa) {
        m2m.create(aeId, "/cse-in", 2, M2m.aeBody(rn, poa).replace("\"rr\":false", "\"rr\":true")).expect(2001);
    }

    /** A subscription of the owner notifying the target AE and a URL; returns its path. */
    static String subscription() {
        String c = "c" + SEQ.incrementAndGet();
        m2m.createContainer(OWNER, HOME, c);
        String other = rx.url("/other" + SEQ.get());
        m2m.create(OWNER, HOME + "/" + c, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + TARGET + "\",\"" + other
                + "\"]}}").expect(2001);
        return HOME + "/" + c + "/s";
    }

    static List<String> nu(String sub) {
        JsonNode nu = m2m.retrieve(OWNER, sub).expect(2000).inner().path("nu");
        return java.util.stream.StreamSupport.stream(nu.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** A policy under the CSEBase, created by the admin; returns its resource ID. */
    static String policy(String rn, int acn, String label) {
        return m2m.create(M2m.ADMIN, "/cse-in", 26, "{\"m2m:ntp\":{\"rn\":\"" + rn + "\",\"acn\":" + acn
                + ",\"plbl\":\"" + label + "\",\"acpi\":[\"" + openPolicy() + "\"]}}").expect(2001).ri();
    }

    static String open;

    /** An ACP under the CSEBase that lets the owner retrieve the policies (to name them in npi). */
    static synchronized String openPolicy() {
        if (open == null) {
            open = m2m.create(M2m.ADMIN, "/cse-in", 1, M2m.acpBody("ntpReaders", rules(rule(2, OWNER)),
                    rules(rule(63, M2m.ADMIN)))).expect(2001).ri();
        }
        return open;
    }

    static void refer(String sub, String policyRi) {
        m2m.create(OWNER, sub, 25, "{\"m2m:ntpr\":{\"ntu\":[\"" + TARGET + "\"],\"npi\":\"" + policyRi + "\"}}")
                .expect(2001);
    }

    // ------------------------------------------------------------------------------------- the types

    @Test
    void policiesRulesAndReferencesHaveCrudAndRefusals() {
        String ntp = policy("crudPolicy", 1, "strict");
        JsonNode p = m2m.retrieve(M2m.ADMIN, "/cse-in/crudPolicy").expect(2000).inner();
        assertThat(p.path("ty").asInt()).isEqualTo(26);
        assertThat(p.path("acn").asInt()).isEqualTo(1);
        m2m.update(M2m.ADMIN, "/cse-in/crudPolicy", "{\"m2m:ntp\":{\"plbl\":\"lenient\",\"rrs\":2}}").expect(2004);
        assertThat(m2m.update(M2m.ADMIN, "/cse-in/crudPolicy", "{\"m2m:ntp\":{\"acn\":2}}").expect(4000).dbg())
                .contains("acn");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 26, "{\"m2m:ntp\":{\"plbl\":\"x\"}}").expect(4000).dbg())
                .contains("acn");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 26, "{\"m2m:ntp\":{\"acn\":5,\"plbl\":\"x\"}}").expect(4000)
                .dbg()).contains("acn");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 26, "{\"m2m:ntp\":{\"acn\":1,\"plbl\":\"x\",\"rrs\":3}}")
                .expect(4000).dbg()).contains("rrs");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 26, "{\"m2m:ntp\":{\"acn\":1,\"plbl\":\"x\",\"nu\":[]}}")
                .expect(4000).dbg()).contains("nu");
        m2m.create(OWNER, HOME, 26, "{\"m2m:ntp\":{\"acn\":1,\"plbl\":\"x\"}}").expect(4108);
        // the CSEBase is the admin's unless a policy opens it
        m2m.create(OWNER, "/cse-in", 26, "{\"m2m:ntp\":{\"acn\":1,\"plbl\":\"x\"}}").expect(4103);
        m2m.retrieve(STRANGER, "/cse-in/crudPolicy").expect(4103);
        m2m.delete(STRANGER, "/cse-in/crudPolicy").expect(4103);

        // policyDeletionRules: at most two per policy, tod entries checked, lr not implemented, dr not updatable
        String rules = "/cse-in/crudPolicy";
        m2m.create(M2m.ADMIN, rules, 27, "{\"m2m:pdr\":{\"rn\":\"r1\",\"dr\":{\"tod\":[\"* * 8-20 * * * *\"]}}}")
                .expect(2001);
        assertThat(m2m.create(M2m.ADMIN, rules, 27, "{\"m2m:pdr\":{\"dr\":{\"tod\":[\"* * 24 * * * *\"]}}}")
                .expect(4000).dbg()).contains("dr.tod[0]");
        m2m.create(M2m.ADMIN, rules, 27, "{\"m2m:pdr\":{\"dr\":{\"lr\":[{\"cir\":[1,2,3]}]}}}").expect(5001);
        assertThat(m2m.create(M2m.ADMIN, rules, 27, "{\"m2m:pdr\":{\"drr\":3}}").expect(4000).dbg()).contains("drr");
        m2m.create(M2m.ADMIN, rules, 27, "{\"m2m:pdr\":{\"rn\":\"r2\",\"drr\":1}}").expect(2001);
        m2m.create(M2m.ADMIN, rules, 27, "{\"m2m:pdr\":{\"rn\":\"r3\"}}").expect(4105);
        assertThat(m2m.update(M2m.ADMIN, rules + "/r1", "{\"m2m:pdr\":{\"dr\":{\"tod\":[]}}}").expect(4000).dbg())
                .contains("dr");
        m2m.update(M2m.ADMIN, rules + "/r1", "{\"m2m:pdr\":{\"drr\":2}}").expect(2004);
        m2m.create(M2m.ADMIN, "/cse-in", 27, "{\"m2m:pdr\":{}}").expect(4108);

        // notificationTargetMgmtPolicyRef: under a subscription, npi names a policy, one reference per target
        String sub = subscription();
        M2m.Rsp ref = m2m.create(OWNER, sub, 25, "{\"m2m:ntpr\":{\"rn\":\"ref\",\"ntu\":[\"" + TARGET + "\"],"
                + "\"npi\":\"" + ntp + "\"}}").expect(2001);
        assertThat(ref.inner().path("ty").asInt()).isEqualTo(25);
        m2m.create(OWNER, sub, 25, "{\"m2m:ntpr\":{\"ntu\":[\"" + TARGET + "\"]}}").expect(4105);
        assertThat(m2m.create(OWNER, sub, 25, "{\"m2m:ntpr\":{\"ntu\":[\"Cx\"],\"npi\":\"nope\"}}").expect(4000)
                .dbg()).contains("npi");
        assertThat(m2m.create(OWNER, sub, 25, "{\"m2m:ntpr\":{\"npi\":\"" + ntp + "\"}}").expect(4000).dbg())
                .contains("ntu");
        m2m.create(OWNER, HOME, 25, "{\"m2m:ntpr\":{\"ntu\":[\"Cx\"]}}").expect(4108);
        m2m.retrieve(STRANGER, sub + "/ref").expect(4103);
        m2m.update(OWNER, sub + "/ref", "{\"m2m:ntpr\":{\"ntu\":[\"Cy\"]}}").expect(2004);
        m2m.delete(OWNER, sub + "/ref").expect(2002);
        assertThat(m2m.retrieve(OWNER, HOME + "?fu=1&ty=25").expect(2000).uris()).isEmpty();
        assertThat(m2m.retrieve(M2m.ADMIN, "/cse-in?fu=1&ty=26").expect(2000).uris()).contains("cse-in/crudPolicy");
        m2m.delete(M2m.ADMIN, "/cse-in/crudPolicy").expect(2002);
    }

    // ------------------------------------------------------------------------------- target removal

    @Test
    void aTargetLeavesASubscriptionUnderTheSystemDefault() {
        String sub = subscription();
        m2m.delete(TARGET, sub + "/ntsr").expect(2002);
        assertThat(nu(sub)).doesNotContain(TARGET).hasSize(1);
        // once removed it is no target any more
        m2m.delete(TARGET, sub + "/ntsr").expect(4103);
    }

    @Test
    void onlyANotificationTargetMayUseNtsrAndOnlyToDelete() {
        String sub = subscription();
        assertThat(m2m.delete(STRANGER, sub + "/ntsr").expect(4103).dbg()).contains("not a notification target");
        m2m.delete(OWNER, sub + "/ntsr").expect(4103);
        m2m.retrieve(TARGET, sub + "/ntsr").expect(4005);
        m2m.update(TARGET, sub + "/ntsr", "{\"m2m:sub\":{\"lbl\":[\"x\"]}}").expect(4005);
        m2m.create(TARGET, sub + "/ntsr", 3, "{\"m2m:cnt\":{}}").expect(4005);
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"ntsr\"}}").expect(4000);
        assertThat(nu(sub)).contains(TARGET);
        JsonNode why = cse.explain("from", STRANGER, "op", "delete", "to", sub + "/ntsr");
        assertThat(why.toString()).contains("not a notification target");
    }

    @Test
    void aRejectingPolicyKeepsTheTarget() {
        String sub = subscription();
        refer(sub, policy("rejecting" + SEQ.incrementAndGet(), 2, "keep"));
        m2m.delete(TARGET, sub + "/ntsr").expect(4103);
        assertThat(nu(sub)).contains(TARGET);
    }

    @Test
    void rulesNotMetKeepTheTarget() {
        String sub = subscription();
        String rn = "someday" + SEQ.incrementAndGet();
        String ntp = policy(rn, 1, "later");
        m2m.create(M2m.ADMIN, "/cse-in/" + rn, 27, "{\"m2m:pdr\":{\"dr\":{\"tod\":[\"* * * * * * 2099\"]}}}")
                .expect(2001);
        refer(sub, ntp);
        assertThat(m2m.delete(TARGET, sub + "/ntsr").expect(4103).dbg()).contains("rules");
        assertThat(nu(sub)).contains(TARGET);
        // a second rule that is met, combined by OR
        m2m.update(M2m.ADMIN, "/cse-in/" + rn, "{\"m2m:ntp\":{\"rrs\":2}}").expect(2004);
        m2m.create(M2m.ADMIN, "/cse-in/" + rn, 27, "{\"m2m:pdr\":{\"dr\":{\"tod\":[\"* * * * * * *\"]}}}")
                .expect(2001);
        m2m.delete(TARGET, sub + "/ntsr").expect(2002);
        assertThat(nu(sub)).doesNotContain(TARGET);
    }

    @Test
    void informingTellsTheCreatorAndKeepsTheTarget() {
        String sub = subscription();
        refer(sub, policy("informing" + SEQ.incrementAndGet(), 4, "ask"));
        m2m.delete(TARGET, sub + "/ntsr").expect(4103);
        String sur = M2m.CSE_ID + "/" + m2m.retrieve(OWNER, sub).expect(2000).ri();
        Received told = rx.await("/creator", r -> r.sgn().path("trr").asBoolean()
                && sur.equals(r.sgn().path("sur").asText()));
        assertThat(told.sgn().path("ntt").asText()).isEqualTo(TARGET);
        assertThat(nu(sub)).contains(TARGET);
    }

    @Test
    void seekingAuthorizationRemovesTheTargetWhenTheCreatorAgrees() {
        String sub = subscription();
        refer(sub, policy("seeking" + SEQ.incrementAndGet(), 3, "ask"));
        m2m.delete(TARGET, sub + "/ntsr").expect(2002);
        String sur = M2m.CSE_ID + "/" + m2m.retrieve(OWNER, sub).expect(2000).ri();
        rx.await("/creator", r -> r.sgn().path("trr").asBoolean() && sur.equals(r.sgn().path("sur").asText()));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (nu(sub).contains(TARGET) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(nu(sub)).doesNotContain(TARGET);
    }

    @Test
    void removingTheLastTargetDeletesTheSubscription() {
        String c = "last" + SEQ.incrementAndGet();
        m2m.createContainer(OWNER, HOME, c);
        String sub = HOME + "/" + c + "/s";
        m2m.create(OWNER, HOME + "/" + c, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + TARGET + "\"],\"su\":\""
                + rx.url("/gone") + "\"}}").expect(2001);
        m2m.delete(TARGET, sub + "/ntsr").expect(2002);
        m2m.retrieve(OWNER, sub).expect(4004);
        assertThat(rx.await("/gone", Received::isDeletionNotice)).isNotNull();
    }

    @Test
    void anAdminDefaultPolicyAppliesWithoutAReference() {
        String rn = "adminDefault" + SEQ.incrementAndGet();
        policy(rn, 2, "Default");
        try {
            String sub = subscription();
            m2m.delete(TARGET, sub + "/ntsr").expect(4103);
            assertThat(nu(sub)).contains(TARGET);
        } finally {
            m2m.delete(M2m.ADMIN, "/cse-in/" + rn).expect(2002);
        }
    }
}
