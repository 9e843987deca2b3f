package io.bastion.server.it;

import static io.bastion.server.it.M2m.aeBody;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AE registration and the originator checks that follow from it (TS-0001 10.1.1.2.2, TS-0004 7.4.5, TS-0003 7.2). */
class RegistrationIT {
    @RegisterExtension
    static final TestServer cse = new TestServer();
    static final M2m m2m = cse.client();

    @Test
    void aeWithGivenAeIdIsRegisteredUnderThatIdAndMayThenActAsOriginator() {
        M2m.Rsp r = m2m.create("CgivenAe", "/cse-in", 2, aeBody("givenAe")).expect(2001);
        assertThat(r.ri()).isEqualTo("CgivenAe");
        assertThat(r.attr("aei")).isEqualTo("CgivenAe");
        assertThat(r.attr("rn")).isEqualTo("givenAe");
        assertThat(r.attr("pi")).isEqualTo("id-in");
        assertThat(r.status()).isEqualTo(201);

        m2m.retrieve("CgivenAe", "/cse-in/givenAe").expect(2000);
        m2m.createContainer("CgivenAe", "/cse-in/givenAe", "box");
    }

    @Test
    void aeWithoutOriginatorGetsACseAssignedAeId() {
        M2m.Rsp r = m2m.request("POST", "/cse-in").from(null).ty(2).body(aeBody("assignedNoOrigin")).send()
                .expect(2001);
        String aei = r.attr("aei");
        assertThat(aei).startsWith("C").hasSizeGreaterThan(1);
        assertThat(r.ri()).isEqualTo(aei);
        m2m.retrieve(aei, "/cse-in/assignedNoOrigin").expect(2000);
    }

    @Test
    void aeWithOriginatorCGetsAFreshCseAssignedAeIdEachTime() {
        String a = m2m.create("C", "/cse-in", 2, aeBody("assignedC1")).expect(2001).attr("aei");
        String b = m2m.create("C", "/cse-in", 2, aeBody("assignedC2")).expect(2001).attr("aei");
        assertThat(a).startsWith("C").isNotEqualTo("C");
        assertThat(b).startsWith("C").isNotEqualTo("C").isNotEqualTo(a);
        m2m.retrieve(a, "/cse-in/assignedC1").expect(2000);
        m2m.retrieve(b, "/cse-in/assignedC2").expect(2000);
    }

    @Test
    void secondRegistrationOfTheSameAeIdIsRefusedWith4117() {
        m2m.create("Ctwice", "/cse-in", 2, aeBody("twice1")).expect(2001);
        M2m.Rsp r = m2m.create("Ctwice", "/cse-in", 2, aeBody("twice2")).expect(4117);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.dbg()).isNotBlank();
        m2m.retrieve(M2m.ADMIN, "/cse-in/twice2").expect(4004);
    }

    @Test
    void registrationUnderAnExistingNameByAnotherAeIsAConflict() {
        m2m.create("CnameA", "/cse-in", 2, aeBody("sameName")).expect(2001);
        m2m.create("CnameB", "/cse-in", 2, aeBody("sameName")).expect(4105);
        // the refused AE-ID was not registered
        m2m.retrieve("CnameB", "/cse-in/sameName").expect(4106);
    }

    @Test
    void appIdNotStartingWithROrNIsRefusedWith4000() {
        m2m.create("CbadApi", "/cse-in", 2,
                "{\"m2m:ae\":{\"rn\":\"badApi\",\"api\":\"Xapp\",\"rr\":false,\"srv\":[\"3\"]}}").expect(4000);
        m2m.create("CbadApi", "/cse-in", 2,
                "{\"m2m:ae\":{\"rn\":\"badApi\",\"api\":\"\",\"rr\":false,\"srv\":[\"3\"]}}").expect(4000);
        m2m.retrieve("CbadApi", "/cse-in/badApi").expect(4106);
    }

    @Test
    void supportedReleasesWithOnlyAnUnsupportedReleaseIsRefusedWith4001() {
        M2m.Rsp r = m2m.create("ColdRel", "/cse-in", 2,
                "{\"m2m:ae\":{\"rn\":\"oldRel\",\"api\":\"Napp\",\"rr\":false,\"srv\":[\"1\"]}}").expect(4001);
        assertThat(r.dbg()).isNotBlank();
        m2m.retrieve("ColdRel", "/cse-in/oldRel").expect(4106);
    }

    @Test
    void supportedReleasesMixingSupportedAndUnsupportedIsAccepted() {
        m2m.create("CmixRel", "/cse-in", 2,
                "{\"m2m:ae\":{\"rn\":\"mixRel\",\"api\":\"Napp\",\"rr\":false,\"srv\":[\"1\",\"3\"]}}").expect(2001);
    }

    @Test
    void missingRequestReachabilityIsRefusedWith4000() {
        m2m.create("CnoRr", "/cse-in", 2, "{\"m2m:ae\":{\"rn\":\"noRr\",\"api\":\"Napp\",\"srv\":[\"3\"]}}")
                .expect(4000);
    }

    @Test
    void missingAppIdIsRefusedWith4000() {
        m2m.create("CnoApi", "/cse-in", 2, "{\"m2m:ae\":{\"rn\":\"noApi\",\"rr\":false,\"srv\":[\"3\"]}}")
                .expect(4000);
    }

    @Test
    void missingSupportedReleasesIsRefusedWith4000() {
        m2m.create("CnoSrv", "/cse-in", 2, "{\"m2m:ae\":{\"rn\":\"noSrv\",\"api\":\"Napp\",\"rr\":false}}")
                .expect(4000);
        m2m.retrieve("CnoSrv", "/cse-in/noSrv").expect(4106);
    }

    @Test
    void requestFromAnUnregisteredAeIdIsRefusedWith4106() {
        M2m.Rsp r = m2m.retrieve("CnobodyKnowsMe", "/cse-in").expect(4106);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.dbg()).isNotBlank();
        m2m.create("CnobodyKnowsMe", "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"sneaky\"}}").expect(4106);
        m2m.retrieve(M2m.ADMIN, "/cse-in/sneaky").expect(4004);
    }

    @Test
    void cseIdOriginatorOverPlainHttpIsRefusedWith4107() {
        M2m.Rsp r = m2m.retrieve("/id-mn", "/cse-in").expect(4107);
        assertThat(r.status()).isEqualTo(403);
        m2m.create("/id-mn", "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"fromCse\"}}").expect(4107);
        m2m.retrieve(M2m.ADMIN, "/cse-in/fromCse").expect(4004);
    }

    @Test
    void missingOriginatorOnANonRegistrationRequestIsRefusedWith4000() {
        m2m.request("GET", "/cse-in").from(null).send().expect(4000);
        m2m.request("POST", "/cse-in").from(null).ty(3).body("{\"m2m:cnt\":{\"rn\":\"anon\"}}").send()
                .expect(4000);
        m2m.retrieve(M2m.ADMIN, "/cse-in/anon").expect(4004);
    }

    @Test
    void deregisteredAeIsRefusedAsOriginatorAndItsResourcesAreGone() {
        m2m.registerAe("Cleaving", "leaving");
        m2m.createContainer("Cleaving", "/cse-in/leaving", "data");
        m2m.delete("Cleaving", "/cse-in/leaving").expect(2002);

        m2m.retrieve("Cleaving", "/cse-in").expect(4106);
        m2m.retrieve(M2m.ADMIN, "/cse-in/leaving").expect(4004);
        m2m.retrieve(M2m.ADMIN, "/cse-in/leaving/data").expect(4004);
        // and the AE-ID may register again
        m2m.create("Cleaving", "/cse-in", 2, aeBody("leaving")).expect(2001);
    }

    @Test
    void anotherAeCannotDeregisterAnAe() {
        m2m.registerAe("Cvictim", "victim");
        m2m.registerAe("Cattacker", "attacker");
        m2m.delete("Cattacker", "/cse-in/victim").expect(4103);
        m2m.retrieve("Cvictim", "/cse-in/victim").expect(2000);
    }

    @Test
    void aeIdThatIsNotAValidAeIdStemIsRefusedWith4000() {
        // TS-0004 7.3.2.1: an AE's From must be an AE-ID-Stem (RFC 3986 unreserved characters after C or S)
        for (String bad : new String[] {"C!bang", "C:colon", "C*star", "C@at"}) {
            m2m.create(bad, "/cse-in", 2, aeBody("badStem")).expect(4000);
            m2m.retrieve(M2m.ADMIN, "/" + bad).expect(4004);
        }
        m2m.retrieve(M2m.ADMIN, "/cse-in/badStem").expect(4004);
    }

    @Test
    void concurrentRegistrationsOfOneAeIdRegisterItOnce() throws Exception {
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Integer>> codes = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            codes.add(pool.submit(() -> {
                go.await();
                return new M2m(m2m.port()).create("Crace", "/cse-in", 2, aeBody("race" + id)).rsc();
            }));
        }
        go.countDown();
        java.util.List<Integer> got = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Integer> f : codes) {
            got.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(got).containsOnlyOnce(2001);
        assertThat(got.stream().filter(c -> c != 2001)).containsOnly(4117);
        assertThat(m2m.retrieve(M2m.ADMIN, "/cse-in?fu=1&ty=2").expect(2000).uris())
                .filteredOn(u -> u.startsWith("cse-in/race")).hasSize(1);
    }

    @Test
    void adminOriginatorCannotBeRegisteredAsAnAe() {
        m2m.create(M2m.ADMIN, "/cse-in", 2, aeBody("adminAe")).expect(4117);
    }
}
