package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.AuditLines;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Access control policies end to end (TS-0003 7.1, TS-0001 9.6.2), after the purposes of the official ATS test cases
 * TC_CSE_SEC_ACP_CRE_001..004, TC_CSE_SEC_ACP_UPD_001/002 and TC_CSE_SEC_ACP_001..004, 011 and 012.
 */
class AccessControlIT {
    static final String OWNER = "Cowner";
    static final String READER = "Creader";
    static final String READER2 = "Creader2";
    static final String WRITER = "Cwriter";
    static final String STRANGER = "Cstranger";
    static final String HOME = "/cse-in/owner";
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer()
            .registering(OWNER, "owner")
            .registering(READER, "reader")
            .registering(READER2, "reader2")
            .registering(WRITER, "writer")
            .registering(STRANGER, "stranger");
    static final M2m m2m = cse.client();

    static String name(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    /** An ACP under the owner AE whose pvs lets the owner manage it; returns its resource ID. */
    static String acp(String pvRules) {
        return m2m.createAcp(OWNER, HOME, name("acp"), pvRules, rules(rule(63, OWNER)));
    }

    /** A container under the owner AE linked to {@code acpi}; returns its structured path. */
    static String container(String... acpi) {
        String rn = name("cnt");
        StringBuilder a = new StringBuilder();
        for (String id : acpi) {
            a.append(a.isEmpty() ? "" : ",").append('"').append(id).append('"');
        }
        String body = acpi.length == 0 ? "{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}"
                : "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[" + a + "]}}";
        m2m.create(OWNER, HOME, 3, body).expect(2001);
        return HOME + "/" + rn;
    }

    // ------------------------------------------------------------------ one operation at a time (ACP_001)

    enum Op {
        CREATE(1), RETRIEVE(2), UPDATE(4), DELETE(8), DISCOVERY(32);

        final int bit;

        Op(int bit) {
            this.bit = bit;
        }
    }

    /** Performs {@code op} on the container at {@code path}; true when it was permitted. */
    static boolean perform(Op op, String originator, String path) {
        M2m.Rsp r = switch (op) {
            case CREATE -> m2m.createCin(originator, path, "x");
            case RETRIEVE -> m2m.retrieve(originator, path);
            case UPDATE -> m2m.update(originator, path, "{\"m2m:cnt\":{\"lbl\":[\"touched\"]}}");
            case DELETE -> m2m.delete(originator, path);
            case DISCOVERY -> m2m.retrieve(originator, path + "?fu=1&ty=4").expect(2000);
        };
        if (op == Op.DISCOVERY) {
            return !r.uris().isEmpty();
        }
        if (r.rsc() == 4103) {
            assertThat(r.dbg()).as("a deny explains itself").isNotBlank();
            assertThat(r.status()).isEqualTo(403);
            return false;
        }
        int expected = switch (op) {
            case CREATE -> 2001;
            case RETRIEVE -> 2000;
            case UPDATE -> 2004;
            case DELETE -> 2002;
            case DISCOVERY -> 2000;
        };
        r.expect(expected);
        return true;
    }

    /** A container the owner fully controls through its ACP, holding one contentInstance (for discovery). */
    static String containerFor(String acpRi) {
        String path = container(acpRi);
        m2m.createCin(OWNER, path, "seed").expect(2001);
        return path;
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void operationWithoutThatPrivilegeIsDenied(Op op) {
        String acp = acp(rules(rule(63, OWNER), rule(63 - op.bit, READER)));
        String path = containerFor(acp);
        assertThat(perform(op, READER, path)).as("%s without its acop bit", op).isFalse();
        // nothing changed
        M2m.Rsp after = m2m.retrieve(OWNER, path).expect(2000);
        assertThat(after.inner().path("lbl").size()).isZero();
        assertThat(after.inner().path("cni").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void operationWithOnlyThatPrivilegeIsPermitted(Op op) {
        String acp = acp(rules(rule(63, OWNER), rule(op.bit, READER)));
        String path = containerFor(acp);
        assertThat(perform(op, READER, path)).as("%s with only its acop bit", op).isTrue();
    }

    @Test
    void creatorGetsNothingSpecialOnceAResourceHasAcpi() {
        String acp = acp(rules(rule(2, READER)));
        String path = container(acp);
        m2m.retrieve(OWNER, path).expect(4103);
        m2m.retrieve(READER, path).expect(2000);
    }

    // --------------------------------------------------------------------------------- default policy

    @Test
    void resourceWithoutAcpiIsAccessibleToItsCreatorOnly() {
        String path = container();
        m2m.retrieve(OWNER, path).expect(2000);
        m2m.update(OWNER, path, "{\"m2m:cnt\":{\"lbl\":[\"mine\"]}}").expect(2004);
        m2m.createCin(OWNER, path, "v").expect(2001);
        for (String other : new String[] {READER, WRITER, STRANGER}) {
            m2m.retrieve(other, path).expect(4103);
            m2m.update(other, path, "{\"m2m:cnt\":{\"lbl\":[\"theirs\"]}}").expect(4103);
            m2m.createCin(other, path, "w").expect(4103);
            m2m.delete(other, path).expect(4103);
            m2m.retrieve(other, path + "/la").expect(4103);
        }
        m2m.delete(OWNER, path).expect(2002);
    }

    @Test
    void anAeOwnsItsSubtreeByDefault() {
        m2m.retrieve(OWNER, HOME).expect(2000);
        m2m.retrieve(READER, HOME).expect(4103);
        m2m.create(READER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"intruder\"}}").expect(4103);
    }

    @Test
    void aesCannotCreateDirectlyUnderTheCseBaseButTheAdminCan() {
        m2m.create(OWNER, "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"topByAe\"}}").expect(4103);
        m2m.create(M2m.ADMIN, "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"topByAdmin\"}}").expect(2001);
    }

    @Test
    void adminFromLoopbackIsAlwaysPermitted() {
        String acp = acp(rules(rule(2, READER)));
        String path = container(acp);
        m2m.retrieve(M2m.ADMIN, path).expect(2000);
        m2m.update(M2m.ADMIN, path, "{\"m2m:cnt\":{\"lbl\":[\"admin\"]}}").expect(2004);
        m2m.createCin(M2m.ADMIN, path, "by admin").expect(2001);
        m2m.retrieve(M2m.ADMIN, path + "/la").expect(2000);
        m2m.delete(M2m.ADMIN, path).expect(2002);
        String priv = container();
        m2m.retrieve(M2m.ADMIN, priv).expect(2000);
    }

    // ------------------------------------------------------------------------------ originator forms

    @Test
    void acorAllPermitsEveryOriginator() {
        String acp = acp(rules(rule(2, "all")));
        String path = container(acp);
        for (String o : new String[] {OWNER, READER, WRITER, STRANGER}) {
            m2m.retrieve(o, path).expect(2000);
            m2m.update(o, path, "{\"m2m:cnt\":{\"lbl\":[\"x\"]}}").expect(4103);
        }
    }

    @Test
    void wildcardAcorMatchesWithinItsSegment() {
        String acp = acp(rules(rule(2, "Cread*")));
        String path = container(acp);
        m2m.retrieve(READER, path).expect(2000);
        m2m.retrieve(READER2, path).expect(2000);
        m2m.retrieve(WRITER, path).expect(4103);
        m2m.retrieve(STRANGER, path).expect(4103);
    }

    @Test
    void spRelativeWildcardAcorMatchesLocalAes() {
        String acp = acp(rules(rule(2, "/id-in/Cread*")));
        String path = container(acp);
        m2m.retrieve(READER, path).expect(2000);
        m2m.retrieve(WRITER, path).expect(4103);
    }

    @Test
    void spRelativeAeIdInAcorMatchesTheAe() {
        String acp = acp(rules(rule(2, "/id-in/" + READER)));
        String path = container(acp);
        m2m.retrieve(READER, path).expect(2000);
        m2m.retrieve(READER2, path).expect(4103);
    }

    @Test
    void allowedDomainInAcorPermitsOriginatorsOfThatDomain() {
        String acp = acp(rules(rule(2, "//bastion.example")));
        String path = container(acp);
        m2m.retrieve(STRANGER, path).expect(2000);
        String other = acp(rules(rule(2, "//other.example")));
        m2m.retrieve(STRANGER, container(other)).expect(4103);
    }

    @Test
    void groupInAcorPermitsItsMembers() {
        // The admin creates it: adding an AE as a member needs RETRIEVE on that AE (TS-0004 7.4.13.2.1).
        String grp = m2m.create(M2m.ADMIN, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + name("friends")
                + "\",\"mnm\":5,\"mid\":[\"" + READER + "\"],\"mt\":2}}").expect(2001).ri();
        String acp = acp(rules(rule(2, grp)));
        String path = container(acp);
        m2m.retrieve(READER, path).expect(2000);
        m2m.retrieve(READER2, path).expect(4103);
    }

    // ----------------------------------------------------------------------- ACP create (ACP_CRE_00x)

    @Test
    void acpWithSeveralRulesInPrivilegesIsCreatedAndKeepsThem() {
        String rn = name("acpMulti");
        M2m.Rsp r = m2m.create(OWNER, HOME, 1, M2m.acpBody(rn,
                rules(rule(2, READER), rule(63, WRITER), rule(34, "all")), rules(rule(63, OWNER)))).expect(2001);
        assertThat(r.inner().path("pv").path("acr").size()).isEqualTo(3);
        M2m.Rsp back = m2m.retrieve(OWNER, HOME + "/" + rn).expect(2000);
        assertThat(back.inner().path("pv").path("acr").get(1).path("acor").get(0).asText()).isEqualTo(WRITER);
        assertThat(back.inner().path("pv").path("acr").get(1).path("acop").asInt()).isEqualTo(63);
        assertThat(back.attr("ty")).isEqualTo("1");
    }

    @Test
    void acpWithSeveralRulesInSelfPrivilegesIsCreated() {
        String rn = name("acpMultiSelf");
        m2m.create(OWNER, HOME, 1, M2m.acpBody(rn, rules(rule(2, READER)),
                rules(rule(63, OWNER), rule(55, WRITER)))).expect(2001);
        M2m.Rsp back = m2m.retrieve(WRITER, HOME + "/" + rn).expect(2000);
        assertThat(back.inner().path("pvs").path("acr").size()).isEqualTo(2);
        // 55 = all but DELETE
        m2m.update(WRITER, HOME + "/" + rn, "{\"m2m:acp\":{\"lbl\":[\"w\"]}}").expect(2004);
        m2m.delete(WRITER, HOME + "/" + rn).expect(4103);
    }

    @Test
    void acpWithEmptyPrivilegesIsCreatedAndStoredEmpty() {
        String rn = name("acpEmptyPv");
        m2m.create(OWNER, HOME, 1, M2m.acpBody(rn, "[]", rules(rule(63, OWNER)))).expect(2001);
        M2m.Rsp back = m2m.retrieve(OWNER, HOME + "/" + rn).expect(2000);
        assertThat(back.inner().path("pv").path("acr").size()).isZero();
        // and it permits nothing
        String path = container(back.ri());
        m2m.retrieve(OWNER, path).expect(4103);
    }

    @Test
    void acpWithEmptySelfPrivilegesIsRefusedWith4000() {
        String rn = name("acpEmptyPvs");
        M2m.Rsp r = m2m.create(OWNER, HOME, 1, M2m.acpBody(rn, rules(rule(2, READER)), "[]")).expect(4000);
        assertThat(r.dbg()).contains("pvs");
        m2m.retrieve(M2m.ADMIN, HOME + "/" + rn).expect(4004);
    }

    @Test
    void acpWithMalformedRulesIsRefusedWith4000() {
        m2m.create(OWNER, HOME, 1, M2m.acpBody(name("acpBad"), "[{\"acor\":[\"Cx\"],\"acop\":64}]",
                rules(rule(63, OWNER)))).expect(4000);
        m2m.create(OWNER, HOME, 1, M2m.acpBody(name("acpBad"), "[{\"acor\":[\"Cx\"],\"acop\":0}]",
                rules(rule(63, OWNER)))).expect(4000);
        m2m.create(OWNER, HOME, 1, M2m.acpBody(name("acpBad"), "[{\"acor\":\"Cx\",\"acop\":2}]",
                rules(rule(63, OWNER)))).expect(4000);
        m2m.create(OWNER, HOME, 1, M2m.acpBody(name("acpBad"), "[{\"acop\":2}]",
                rules(rule(63, OWNER)))).expect(4000);
        m2m.create(OWNER, HOME, 1, "{\"m2m:acp\":{\"rn\":\"" + name("acpNoPvs") + "\",\"pv\":{\"acr\":[]}}}")
                .expect(4000);
    }

    // -------------------------------------------------------------------------- the ACP and its pvs

    @Test
    void anAcpIsGovernedByItsSelfPrivilegesNotItsPrivileges() {
        String rn = name("acpSelf");
        String path = HOME + "/" + rn;
        m2m.create(OWNER, HOME, 1, M2m.acpBody(rn, rules(rule(63, READER)), rules(rule(63, WRITER)))).expect(2001);
        m2m.retrieve(READER, path).expect(4103);
        m2m.update(READER, path, "{\"m2m:acp\":{\"pv\":{\"acr\":[]}}}").expect(4103);
        m2m.delete(READER, path).expect(4103);
        // its creator is not in pvs either
        m2m.retrieve(OWNER, path).expect(4103);
        m2m.retrieve(WRITER, path).expect(2000);
        m2m.update(WRITER, path, "{\"m2m:acp\":{\"pv\":{\"acr\":[" + rule(2, STRANGER) + "]}}}").expect(2004);
        m2m.delete(WRITER, path).expect(2002);
    }

    @Test
    void changedPrivilegesTakeEffectImmediately() {
        String acpRn = name("acpLive");
        String acpRi = m2m.createAcp(OWNER, HOME, acpRn, rules(rule(2, READER)), rules(rule(63, OWNER)));
        String path = container(acpRi);
        m2m.retrieve(READER, path).expect(2000);
        m2m.update(OWNER, HOME + "/" + acpRn, "{\"m2m:acp\":{\"pv\":{\"acr\":[" + rule(2, WRITER) + "]}}}")
                .expect(2004);
        m2m.retrieve(READER, path).expect(4103);
        m2m.retrieve(WRITER, path).expect(2000);
        m2m.delete(OWNER, HOME + "/" + acpRn).expect(2002);
        m2m.retrieve(WRITER, path).expect(4103);
    }

    // --------------------------------------------------------------------- acpi update (ACP_UPD_00x)

    @Test
    void aeUpdatesItsOwnAcpiWithUpdateInSelfPrivilegesOfTheLinkedAcp() {
        m2m.registerAe("CupdSelf", "updSelf");
        String home = "/cse-in/updSelf";
        String a = m2m.createAcp("CupdSelf", home, "acpA", rules(rule(63, "CupdSelf")), rules(rule(4, "CupdSelf")));
        String b = m2m.createAcp("CupdSelf", home, "acpB", rules(rule(2, READER)), rules(rule(63, "CupdSelf")));
        // no acpi yet: the creator may set it
        m2m.update("CupdSelf", home, "{\"m2m:ae\":{\"acpi\":[\"" + a + "\"]}}").expect(2004);
        // now acpA's pvs decides
        M2m.Rsp r = m2m.update("CupdSelf", home, "{\"m2m:ae\":{\"acpi\":[\"" + a + "\",\"" + b + "\"]}}")
                .expect(2004);
        assertThat(r.inner().path("acpi").size()).isEqualTo(2);
        m2m.retrieve(READER, home).expect(2000);
    }

    @Test
    void aeCannotUpdateItsAcpiWithoutUpdateInSelfPrivileges() {
        m2m.registerAe("CupdNo", "updNo");
        String home = "/cse-in/updNo";
        // full pv rights for the AE, but its pvs names somebody else
        String a = m2m.createAcp("CupdNo", home, "acpA", rules(rule(63, "CupdNo")), rules(rule(63, WRITER)));
        String b = m2m.createAcp("CupdNo", home, "acpB", rules(rule(63, READER)), rules(rule(63, "CupdNo")));
        m2m.update("CupdNo", home, "{\"m2m:ae\":{\"acpi\":[\"" + a + "\"]}}").expect(2004);
        M2m.Rsp r = m2m.update("CupdNo", home, "{\"m2m:ae\":{\"acpi\":[\"" + b + "\"]}}").expect(4103);
        assertThat(r.dbg()).isNotBlank();
        // other attributes follow pv
        m2m.update("CupdNo", home, "{\"m2m:ae\":{\"lbl\":[\"ok\"]}}").expect(2004);
        M2m.Rsp back = m2m.retrieve("CupdNo", home).expect(2000);
        assertThat(back.inner().path("acpi").get(0).asText()).isEqualTo(a);
        assertThat(back.inner().path("acpi").size()).isEqualTo(1);
    }

    @Test
    void acpiOfAContainerChangesOnlyWithUpdateInSelfPrivileges() {
        String acp = m2m.createAcp(OWNER, HOME, name("acpPvs"),
                rules(rule(63, READER), rule(63, WRITER)), rules(rule(4, WRITER)));
        String other = acp(rules(rule(2, STRANGER)));
        String path = container(acp);
        m2m.update(READER, path, "{\"m2m:cnt\":{\"acpi\":[\"" + other + "\"]}}").expect(4103);
        m2m.update(WRITER, path, "{\"m2m:cnt\":{\"acpi\":[\"" + other + "\"]}}").expect(2004);
        m2m.retrieve(STRANGER, path).expect(2000);
        m2m.retrieve(READER, path).expect(4103);
    }

    @Test
    void acpiMixedWithOtherAttributesInOneUpdateIsRefusedWith4000() {
        String acp = m2m.createAcp(OWNER, HOME, name("acpMix"), rules(rule(63, WRITER)), rules(rule(63, WRITER)));
        String path = container(acp);
        M2m.Rsp r = m2m.update(WRITER, path, "{\"m2m:cnt\":{\"acpi\":[\"" + acp + "\"],\"lbl\":[\"x\"]}}")
                .expect(4000);
        assertThat(r.dbg()).contains("acpi");
        assertThat(m2m.retrieve(WRITER, path).expect(2000).inner().path("lbl").size()).isZero();
    }

    // ------------------------------------------------------------------------- several acpi (ACP_002)

    @Test
    void accessIsGrantedThroughAnyOfSeveralLinkedAcps() {
        String forWriter = acp(rules(rule(2, WRITER)));
        String forReader = acp(rules(rule(2, READER)));
        String path = container(forWriter, forReader);
        m2m.retrieve(READER, path).expect(2000);
        m2m.retrieve(WRITER, path).expect(2000);
        m2m.retrieve(STRANGER, path).expect(4103);
        m2m.update(READER, path, "{\"m2m:cnt\":{\"lbl\":[\"x\"]}}").expect(4103);
    }

    @Test
    void severalAcpiOnAnAeGrantThroughOneOfThem() {
        m2m.registerAe("Cmulti", "multi");
        String a = m2m.createAcp("Cmulti", "/cse-in/multi", "a", rules(rule(63, "Cmulti")),
                rules(rule(63, "Cmulti")));
        String b = m2m.createAcp("Cmulti", "/cse-in/multi", "b", rules(rule(3, READER)), rules(rule(63, "Cmulti")));
        m2m.update("Cmulti", "/cse-in/multi", "{\"m2m:ae\":{\"acpi\":[\"" + a + "\",\"" + b + "\"]}}").expect(2004);
        m2m.retrieve(READER, "/cse-in/multi").expect(2000);
        m2m.create(READER, "/cse-in/multi", 3, "{\"m2m:cnt\":{\"rn\":\"byReader\"}}").expect(2001);
        m2m.retrieve(WRITER, "/cse-in/multi").expect(4103);
    }

    // ------------------------------------------------------------------- children (ACP_011 / ACP_012)

    @Test
    void childContainerWithoutAcpiIsAccessibleToItsCreator() {
        String acp = acp(rules(rule(63, WRITER), rule(63, READER)));
        String parent = container(acp);
        m2m.create(WRITER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"child\"}}").expect(2001);
        m2m.retrieve(WRITER, parent + "/child").expect(2000);
        m2m.createCin(WRITER, parent + "/child", "c").expect(2001);
    }

    @Test
    void childContainerWithoutAcpiDoesNotInheritTheParentsPrivileges() {
        String acp = acp(rules(rule(63, WRITER), rule(63, READER)));
        String parent = container(acp);
        m2m.create(WRITER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"child\"}}").expect(2001);
        m2m.retrieve(READER, parent).expect(2000);
        m2m.retrieve(READER, parent + "/child").expect(4103);
        m2m.update(READER, parent + "/child", "{\"m2m:cnt\":{\"lbl\":[\"x\"]}}").expect(4103);
        m2m.retrieve(OWNER, parent + "/child").expect(4103);
    }

    @Test
    void contentInstanceFollowsItsContainersRules() {
        String acp = acp(rules(rule(63, OWNER), rule(2, READER)));
        String path = container(acp);
        String cinRi = m2m.createCin(OWNER, path, "payload").expect(2001).ri();
        m2m.retrieve(READER, "/" + cinRi).expect(2000);
        m2m.retrieve(READER, path + "/la").expect(2000);
        m2m.delete(READER, "/" + cinRi).expect(4103);
        m2m.delete(READER, path + "/ol").expect(4103);
        m2m.retrieve(STRANGER, "/" + cinRi).expect(4103);
        m2m.retrieve(STRANGER, path + "/ol").expect(4103);
        m2m.retrieve(OWNER, "/" + cinRi).expect(2000);
    }

    @Test
    void childListingShowsOnlyChildrenTheOriginatorMayRetrieve() {
        String acp = acp(rules(rule(63, OWNER), rule(2, READER)));
        String parent = container(acp);
        m2m.create(OWNER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"open\",\"acpi\":[\"" + acp + "\"]}}").expect(2001);
        m2m.create(OWNER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"closed\"}}").expect(2001);
        M2m.Rsp r = m2m.retrieve(READER, parent + "?rcn=6").expect(2000);
        assertThat(r.json().path("m2m:rrl").path("rrf").findValuesAsText("nm")).containsExactly("open");
        M2m.Rsp mine = m2m.retrieve(OWNER, parent + "?rcn=6").expect(2000);
        assertThat(mine.json().path("m2m:rrl").path("rrf").findValuesAsText("nm"))
                .containsExactlyInAnyOrder("open", "closed");
    }

    // --------------------------------------------------------- contexts and object details (ACP_005..010)

    static String ruleWith(int acop, String originator, String extra) {
        return "{\"acor\":[\"" + originator + "\"],\"acop\":" + acop + "," + extra + "}";
    }

    @Test
    void timeWindowContextPermitsInsideAndDeniesOutside() {
        String always = acp(rules(ruleWith(2, READER, "\"acco\":[{\"actw\":[\"* * * * * * *\"]}]")));
        m2m.retrieve(READER, container(always)).expect(2000);
        int otherHour = (java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour() + 12) % 24;
        String never = acp(rules(ruleWith(2, READER, "\"acco\":[{\"actw\":[\"* * " + otherHour
                + " * * * *\"]}]")));
        m2m.retrieve(READER, container(never)).expect(4103);
    }

    @Test
    void ipAddressContextPermitsInsideAndDeniesOutside() {
        String loopback = acp(rules(ruleWith(2, READER, "\"acco\":[{\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}}]")));
        m2m.retrieve(READER, container(loopback)).expect(2000);
        String elsewhere = acp(rules(ruleWith(2, READER, "\"acco\":[{\"acip\":{\"ipv4\":[\"10.0.0.0/8\"]}}]")));
        m2m.retrieve(READER, container(elsewhere)).expect(4103);
    }

    @Test
    void authenticationFlagDeniesRequestsWithoutASecurityAssociation() {
        String flagged = acp(rules(ruleWith(2, READER, "\"acaf\":true")));
        m2m.retrieve(READER, container(flagged)).expect(4103);
        String unflagged = acp(rules(ruleWith(2, READER, "\"acaf\":false")));
        m2m.retrieve(READER, container(unflagged)).expect(2000);
    }

    @Test
    void objectDetailsRestrictWhichChildTypesMayBeCreated() {
        String onlyCin = acp(rules(ruleWith(3, WRITER, "\"acod\":[{\"chty\":[4]}]")));
        String path = container(onlyCin);
        m2m.createCin(WRITER, path, "allowed").expect(2001);
        m2m.create(WRITER, path, 3, "{\"m2m:cnt\":{\"rn\":\"notAllowed\"}}").expect(4103);
        // object details constrain CREATE only
        m2m.retrieve(WRITER, path).expect(2000);
    }

    // ------------------------------------------------------------------------------------- discovery

    @Test
    void discoveryListsOnlyResourcesTheOriginatorMayDiscover() {
        String disc = acp(rules(rule(63, OWNER), rule(34, READER)));
        String noDisc = acp(rules(rule(63, OWNER), rule(2, READER)));
        String parent = container(disc);
        m2m.create(OWNER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"visible\",\"acpi\":[\"" + disc + "\"]}}").expect(2001);
        m2m.create(OWNER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"hidden\",\"acpi\":[\"" + noDisc + "\"]}}")
                .expect(2001);
        m2m.create(OWNER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"private\"}}").expect(2001);

        assertThat(m2m.retrieve(READER, parent + "?fu=1&ty=3").expect(2000).uris())
                .containsExactly(parent.substring(1) + "/visible");
        assertThat(m2m.retrieve(OWNER, parent + "?fu=1&ty=3").expect(2000).uris())
                .containsExactlyInAnyOrder(parent.substring(1) + "/visible", parent.substring(1) + "/hidden",
                        parent.substring(1) + "/private");
        assertThat(m2m.retrieve(STRANGER, parent + "?fu=1&ty=3").expect(2000).uris()).isEmpty();
    }

    @Test
    void discoveryFromTheCseBaseDoesNotRevealOtherAesResources() {
        String rn = name("secretBox");
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"lbl\":[\"secret\"]}}").expect(2001);
        assertThat(m2m.retrieve(STRANGER, "/cse-in?fu=1&lbl=secret").expect(2000).uris()).isEmpty();
        assertThat(m2m.retrieve(OWNER, "/cse-in?fu=1&lbl=secret").expect(2000).uris())
                .contains("cse-in/owner/" + rn);
    }

    // ------------------------------------------------------------------------------ what a refusal says (#16)

    static final String NO_POLICY = "no access control policy grants it to the originator";

    /** Sends {@code rq} with rqi {@code rqi}, expects {@code rsc}; returns the message. */
    static String refused(M2m.Req rq, String rqi, int rsc) {
        return rq.header("X-M2M-RI", rqi).send().expect(rsc).dbg();
    }

    static String audited(String rqi) throws Exception {
        return AuditLines.awaitRequest(cse.dir(), rqi);
    }

    @Test
    void aRefusalNamesTheOperationButNotTheResourceItWasDecidedOn() throws Exception {
        String cnt = container(); // no acpi: its creator alone
        String cntRi = m2m.retrieve(OWNER, cnt).expect(2000).ri();
        String cinRi = m2m.createCin(OWNER, cnt, "v").expect(2001).ri();
        String cin = cnt + "/" + m2m.retrieve(OWNER, "/" + cinRi).expect(2000).attr("rn");

        String rqi = name("cin-by-path");
        String msg = refused(m2m.request("GET", cin).from(READER), rqi, 4103);
        assertThat(msg).isEqualTo("RETRIEVE refused: " + NO_POLICY).doesNotContain(cntRi).doesNotContain(cinRi);
        // The resource IDs and the reason stay in the audit log.
        assertThat(audited(rqi)).contains("\"ri\":\"" + cinRi + "\"").contains("no acpi on " + cntRi);

        assertThat(refused(m2m.request("DELETE", cin).from(READER), name("del"), 4103))
                .isEqualTo("DELETE refused: " + NO_POLICY);
        assertThat(refused(m2m.request("POST", cnt).from(READER).ty(4).body("{\"m2m:cin\":{\"con\":\"x\"}}"),
                name("cre"), 4103)).isEqualTo("CREATE of m2m:cin refused: " + NO_POLICY);
    }

    @Test
    void aRefusalByAPolicyNamesNeitherThePolicyNorItsRules() throws Exception {
        String acp = acp(rules(rule(4, READER), rule(2, "Csomeoneelse")));
        String cnt = container(acp);
        String rqi = name("by-acp");
        assertThat(refused(m2m.request("GET", cnt).from(READER), rqi, 4103)).isEqualTo("RETRIEVE refused: "
                + NO_POLICY).doesNotContain(acp).doesNotContain("Csomeoneelse").doesNotContain("acr");
        assertThat(audited(rqi)).contains("accessControlPolicy " + acp + " pv.acr[0]: acop 4 lacks RETRIEVE")
                .contains("accessControlPolicy " + acp + " pv.acr[1]");

        // Changing acpi: the general rule, not the policies linked now.
        String other = acp(rules(rule(2, READER)));
        String change = name("acpi");
        assertThat(refused(m2m.request("PUT", cnt).from(READER).body("{\"m2m:cnt\":{\"acpi\":[\"" + other
                + "\"]}}"), change, 4103)).isEqualTo("UPDATE of accessControlPolicyIDs (acpi) refused: it needs "
                + "UPDATE in the selfPrivileges (pvs) of the policies linked now, which grant it not to the originator");
        assertThat(audited(change)).contains("accessControlPolicy " + acp + " pvs.acr[0]");

        // A policy itself is governed by its selfPrivileges.
        assertThat(refused(m2m.request("GET", HOME + "/" + m2m.retrieve(OWNER, "/" + acp).expect(2000)
                .attr("rn")).from(STRANGER), name("acp"), 4103))
                .isEqualTo("RETRIEVE refused: the selfPrivileges (pvs) of the accessControlPolicy grant it not to "
                        + "the originator");
    }

    @Test
    void aRefusedSubscriptionSaysWhichPrivilegeItLacksInGeneralTerms() throws Exception {
        String createOnly = acp(rules(rule(1, STRANGER)));
        String cnt = container(createOnly);
        String sub = "{\"m2m:sub\":{\"nu\":[\"" + STRANGER + "\"]}}";
        assertThat(refused(m2m.request("POST", cnt).from(STRANGER).ty(23).body(sub), name("sub"), 4103))
                .isEqualTo("RETRIEVE of the subscribed-to resource (needed to subscribe to it) refused: " + NO_POLICY);

        String readAndCreate = acp(rules(rule(3, STRANGER)));
        String cnt2 = container(readAndCreate);
        String rqi = name("nu");
        String toOwner = "{\"m2m:sub\":{\"nu\":[\"" + OWNER + "\"]}}";
        assertThat(refused(m2m.request("POST", cnt2).from(STRANGER).ty(23).body(toOwner), rqi, 4101))
                .isEqualTo("NOTIFY to notification target " + OWNER + " refused: the subscriber has no NOTIFY "
                        + "privilege on it");
        assertThat(audited(rqi)).contains("\"op\":\"NOTIFY\"").contains("\"rsc\":4101");
    }
}
