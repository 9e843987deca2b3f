package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.AuditLines;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access control around groups over HTTP: a request to a group's fanOutPoint is decided by the group's
 * membersAccessControlPolicyIDs ({@code macp}, its {@code acpi} when it has none) before any member is asked
 * (TS-0004 7.4.14.3), as {@code explain} shows; a CREATE or UPDATE of a group may add only members the originator
 * may retrieve (TS-0004 7.4.13.2.1, 7.4.13.2.3).
 */
class GroupAccessIT {
    static final String OWN = "Cown";
    static final String PEER = "Cpeer";
    static final String HOME = "/cse-in/own";
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer()
            .registering(OWN, "own")
            .registering(PEER, "peer");
    static final M2m m2m = cse.client();

    static String name(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    /** A container under the owner AE; its structured path. */
    static String container() {
        String rn = name("c");
        m2m.createContainer(OWN, HOME, rn);
        return HOME + "/" + rn;
    }

    /** An ACP of the owner with the given pv rules; its structured path (CSE-relative, as a member list gives it). */
    static String acp(String pvRules) {
        String rn = name("acp");
        m2m.createAcp(OWN, HOME, rn, pvRules, rules(rule(63, OWN)));
        return HOME.substring(1) + "/" + rn;
    }

    /** A group of the owner with the given extra attributes (a JSON fragment); its structured path. */
    static String group(String member, String extra) {
        String rn = name("g");
        m2m.create(OWN, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mt\":3,\"mnm\":5,\"mid\":[\""
                + member.substring(1) + "\"]" + (extra.isEmpty() ? "" : "," + extra) + "}}").expect(2001);
        return HOME + "/" + rn;
    }

    static int instances(String containerPath) {
        return m2m.retrieve(OWN, containerPath).expect(2000).inner().path("cni").asInt();
    }

    static JsonNode explain(String... params) {
        return cse.explain(params);
    }

    // ------------------------------------------------------------------------------- fopt and macp (#21)

    @Test
    void macpWithoutRetrieveRefusesTheFanOutBeforeAnyMemberIsAsked() throws Exception {
        String c1 = container();
        String noret = acp(rules(rule(1, OWN))); // CREATE only
        String g = group(c1, "\"macp\":[\"" + noret + "\"]");

        M2m.Rsp refused = m2m.request("GET", g + "/fopt").from(OWN).header("X-M2M-RI", "fopt-noret").send()
                .expect(4103);
        assertThat(refused.json().has("m2m:agr")).as("no member answer in %s", refused.body()).isFalse();
        assertThat(refused.dbg()).isEqualTo("RETRIEVE through the group's fanOutPoint (fopt) refused: the group's "
                + "membersAccessControlPolicyIDs (macp), or its accessControlPolicyIDs when it has none, grant it "
                + "not to the originator").doesNotContain(noret.substring(noret.lastIndexOf('/') + 1));
        // The owner may still read the member directly and the group itself: only the fan-out is governed by macp.
        m2m.retrieve(OWN, c1).expect(2000);
        m2m.retrieve(OWN, g).expect(2000);
        // The same macp grants CREATE: the fan-out of a CREATE reaches the member.
        JsonNode created = m2m.createCin(OWN, g + "/fopt", "fan").expect(2000).json().path("m2m:agr")
                .path("m2m:rsp");
        assertThat(created.findValuesAsText("rsc")).containsExactly("2001");
        assertThat(instances(c1)).isEqualTo(1);

        String audit = AuditLines.awaitRequest(cse.dir(), "fopt-noret");
        assertThat(audit).contains("\"decision\":\"DENY\"").contains("\"rsc\":4103")
                .contains("accessControlPolicy " + m2m.retrieve(OWN, "/" + noret).expect(2000).ri() + " pv.acr[0]");
    }

    @Test
    void macpWithoutCreateRefusesACreateThroughTheFanOutPoint() {
        String c1 = container();
        String readOnly = acp(rules(rule(2, OWN)));
        String g = group(c1, "\"macp\":[\"" + readOnly + "\"]");

        M2m.Rsp refused = m2m.createCin(OWN, g + "/fopt", "x").expect(4103);
        assertThat(refused.json().has("m2m:agr")).isFalse();
        assertThat(instances(c1)).as("no member was asked to create").isZero();
        m2m.request("DELETE", g + "/fopt").from(OWN).send().expect(4103);
        m2m.retrieve(OWN, c1).expect(2000);
        assertThat(m2m.retrieve(OWN, g + "/fopt").expect(2000).json().path("m2m:agr").path("m2m:rsp")
                .findValuesAsText("rsc")).containsExactly("2000");
    }

    @Test
    void withoutMacpTheGroupsAcpiDecidesTheFanOut() {
        String c1 = container();
        // The group's acpi lets the owner manage the group and the peer retrieve it, nothing more.
        String own = acp(rules(rule(63, OWN), rule(2, PEER)));
        String g = group(c1, "\"acpi\":[\"" + own + "\"]");
        // The peer passes the group's check (acpi grants it RETRIEVE), then the member's own policies refuse it.
        JsonNode rsps = m2m.retrieve(PEER, g + "/fopt").expect(2000).json().path("m2m:agr").path("m2m:rsp");
        assertThat(rsps.findValuesAsText("rsc")).containsExactly("4103");
        // acpi grants the peer no CREATE: refused before the member is asked.
        m2m.createCin(PEER, g + "/fopt", "x").expect(4103);
        assertThat(instances(c1)).isZero();
        // A macp that grants nobody else anything replaces acpi for the fan-out.
        m2m.update(OWN, g, "{\"m2m:grp\":{\"macp\":[\"" + acp(rules(rule(63, OWN))) + "\"]}}").expect(2004);
        m2m.retrieve(PEER, g + "/fopt").expect(4103);
        m2m.retrieve(PEER, g).expect(2000);
    }

    @Test
    void macpNamingNoExistingPolicyRefusesTheFanOut() {
        String c1 = container();
        String g = group(c1, "\"macp\":[\"" + HOME.substring(1) + "/nosuchacp\"]");
        m2m.retrieve(OWN, g + "/fopt").expect(4103);
        m2m.retrieve(OWN, g).expect(2000);
    }

    @Test
    void explainShowsTheMacpPolicyAsTheGroundOfAFanOut() {
        String c1 = container();
        String noret = acp(rules(rule(1, OWN)));
        String noretRi = m2m.retrieve(OWN, "/" + noret).expect(2000).ri();
        String g = group(c1, "\"macp\":[\"" + noret + "\"]");
        String gRi = m2m.retrieve(OWN, g).expect(2000).ri();

        JsonNode no = explain("from", OWN, "op", "retrieve", "to", g + "/fopt");
        assertThat(no.path("decision").asText()).isEqualTo("DENY");
        assertThat(no.path("rsc").asInt()).isEqualTo(4103);
        assertThat(no.path("rules").asText()).isEqualTo("pv of " + noretRi + " (macp of " + gRi + ")");
        assertThat(no.path("policies")).extracting(JsonNode::asText).containsExactly(noretRi);
        assertThat(no.path("trail").get(0).asText()).startsWith("accessControlPolicy " + noretRi + " pv.acr[0]: ")
                .contains("lacks RETRIEVE");
        assertThat(no.path("target").path("virtual").asText()).isEqualTo("fopt");

        JsonNode yes = explain("from", OWN, "op", "create", "ty", "4", "to", g + "/fopt");
        assertThat(yes.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(yes.path("summary").asText()).isEqualTo("permitted by accessControlPolicy " + noretRi
                + " pv.acr[0]");

        // The group itself is still decided by its own rules (no acpi: its creator).
        JsonNode group = explain("from", OWN, "op", "retrieve", "to", g);
        assertThat(group.path("decision").asText()).isEqualTo("PERMIT");
        m2m.retrieve(OWN, g + "/fopt").expect(4103);
    }

    // ----------------------------------------------------------------------- members need RETRIEVE (#22)

    /** A container of the peer AE, readable by the peer alone (no acpi); its structured path. */
    static String peersContainer() {
        String rn = name("pc");
        m2m.createContainer(PEER, "/cse-in/peer", rn);
        return "/cse-in/peer/" + rn;
    }

    static M2m.Rsp createGroup(String rqi, String body) {
        return m2m.request("POST", HOME).from(OWN).ty(9).header("X-M2M-RI", rqi).body(body).send();
    }

    @Test
    void aGroupCreatedWithAMemberTheOriginatorMayNotRetrieveIsRefused() throws Exception {
        String theirs = peersContainer();
        String theirsRi = m2m.retrieve(PEER, theirs).expect(2000).ri();
        String mine = container();
        // Whatever memberType and consistencyStrategy: the member is not silently dropped either.
        for (String extra : new String[] {"\"mt\":3", "\"mt\":3,\"csy\":1", "\"mt\":2,\"csy\":3", "\"csy\":1"}) {
            String rn = name("g");
            String msg = createGroup(name("grp-cre"), "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":5,\"mid\":[\""
                    + mine.substring(1) + "\",\"" + theirs.substring(1) + "\"]," + extra + "}}").expect(4103).dbg();
            // The member as the originator gave it, not its resource ID.
            assertThat(msg).isEqualTo("RETRIEVE of member " + theirs.substring(1) + " of memberIDs (mid) refused: "
                    + "no access control policy grants it to the originator").doesNotContain(theirsRi);
            m2m.retrieve(OWN, HOME + "/" + rn).expect(4004);
        }
        // By resource ID too, and the refusal is audited as the RETRIEVE of that member.
        String rqi = name("grp-ri");
        createGroup(rqi, "{\"m2m:grp\":{\"mnm\":5,\"mid\":[\"" + theirsRi + "\"],\"mt\":3}}").expect(4103);
        assertThat(AuditLines.awaitRequest(cse.dir(), rqi)).contains("\"decision\":\"DENY\"").contains("\"rsc\":4103")
                .contains("\"op\":\"RETRIEVE\"").contains("\"ri\":\"" + theirsRi + "\"");

        // Once the peer lets the owner retrieve it, the same group is created.
        String acpRn = name("acp");
        String letOwnerRead = m2m.createAcp(PEER, "/cse-in/peer", acpRn, rules(rule(2, OWN)),
                rules(rule(63, PEER)));
        m2m.update(PEER, theirs, "{\"m2m:cnt\":{\"acpi\":[\"" + letOwnerRead + "\"]}}").expect(2004);
        JsonNode g = createGroup(name("grp-ok"), "{\"m2m:grp\":{\"mnm\":5,\"mid\":[\"" + mine.substring(1)
                + "\",\"" + theirs.substring(1) + "\"],\"mt\":3}}").expect(2001).inner();
        assertThat(g.path("cnm").asInt()).isEqualTo(2);
        assertThat(g.path("mtv").asBoolean()).isTrue();
    }

    @Test
    void anUpdateAddingAMemberTheOriginatorMayNotRetrieveIsRefusedAndChangesNothing() {
        String mine = container();
        String g = group(mine, "");
        String theirs = peersContainer();
        m2m.update(OWN, g, "{\"m2m:grp\":{\"mid\":[\"" + mine.substring(1) + "\",\"" + theirs.substring(1)
                + "\"]}}").expect(4103);
        JsonNode kept = m2m.retrieve(OWN, g).expect(2000).inner();
        assertThat(kept.path("cnm").asInt()).isEqualTo(1);
        assertThat(kept.path("mid")).extracting(JsonNode::asText).containsExactly(mine.substring(1));
        // Adding a member it may retrieve is fine, and the existing members are not checked again.
        String another = container();
        m2m.update(OWN, g, "{\"m2m:grp\":{\"mid\":[\"" + mine.substring(1) + "\",\"" + another.substring(1)
                + "\"]}}").expect(2004);
        assertThat(m2m.retrieve(OWN, g).expect(2000).inner().path("cnm").asInt()).isEqualTo(2);
    }

    @Test
    void aSubGroupThroughItsFanOutPointNeedsRetrieveOnTheSubGroup() {
        String rn = name("pg");
        m2m.create(PEER, "/cse-in/peer", 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":5,\"mid\":[],\"mt\":3}}")
                .expect(2001);
        createGroup(name("grp-sub"), "{\"m2m:grp\":{\"mnm\":5,\"mid\":[\"cse-in/peer/" + rn + "/fopt\"]}}")
                .expect(4103);
        // A member that does not exist is still dropped under ABANDON_MEMBER: nothing is read, nothing refused.
        JsonNode g = createGroup(name("grp-none"), "{\"m2m:grp\":{\"mnm\":5,\"mid\":[\"cse-in/peer/nosuch\"],"
                + "\"mt\":3}}").expect(2001).inner();
        assertThat(g.path("cnm").asInt()).isZero();
    }
}
