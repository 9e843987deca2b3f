package io.bastion.security.maf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the CSE makes of a MAF's answers to Key Retrieval (TS-0003 8.2.2.3 step 6), answer by answer. */
class MafPskStoreTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String REL = "00112233445566778899aabbccddeeff";
    static final String ID = REL + "@maf.example";
    static final PreSharedKey KC = PreSharedKey.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    static final PskStore NONE = id -> Optional.empty();

    record Case(String name, CompletableFuture<RetrievedKey> answer, boolean accepted, String reported) {
    }

    @Test
    void eachAnswerIsAcceptedOrRefusedWithItsReason() throws Exception {
        List<Case> cases = List.of(
                new Case("a SAEF key", done(new RetrievedKey(KC, NOW.plusSeconds(60), "Cphone", 32)), true, null),
                new Case("a key for a CSE", done(new RetrievedKey(KC, NOW.plusSeconds(60), "/id-mn", 32)), true, null),
                new Case("an ESPrim key", done(new RetrievedKey(KC, NOW.plusSeconds(60), "Cphone", 33)), false,
                        "SUID 33"),
                new Case("expired", done(new RetrievedKey(KC, NOW, "Cphone", 32)), false, "expired"),
                new Case("no usable source", done(new RetrievedKey(KC, NOW.plusSeconds(60), "//x/y/z", 32)), false,
                        "neither an AE-ID-Stem"),
                new Case("MAF unreachable", CompletableFuture.failedFuture(new KeyRetrieval.MafException(
                        "the MAF at https://maf is unreachable", false)), false, "unreachable"),
                new Case("not a target", CompletableFuture.failedFuture(new KeyRetrieval.MafException(
                        "the MAF answered 4103", true)), false, "4103"));
        for (Case c : cases) {
            List<String> reports = new ArrayList<>();
            try (MafPskStore s = new MafPskStore(NONE, "maf.example", rel -> c.answer(), CLOCK, Duration.ofHours(1),
                    (id, why) -> reports.add(why))) {
                assertThat(s.lookup(ID)).as(c.name() + ": nothing before prepare").isEmpty();
                s.prepare(ID).toCompletableFuture().get(5, TimeUnit.SECONDS);
                Optional<PskCredential> got = s.lookup(ID);
                assertThat(got.isPresent()).as(c.name()).isEqualTo(c.accepted());
                if (c.accepted()) {
                    assertThat(got.get().key()).isEqualTo(KC);
                    assertThat(got.get().allowedIds()).hasSize(1);
                    assertThat(reports).isEmpty();
                } else {
                    assertThat(reports).as(c.name()).singleElement().asString().contains(c.reported()).contains(ID)
                            .doesNotContain("a0a1a2");
                }
            }
        }
    }

    /** MEF-based SAEF (8.2.2.2): SUID 22 only, named as the MEF's in what is reported; chained before a MAF's. */
    @Test
    void aMefStoreTakesSuid22OnlyAndChainsWithAMafStore() throws Exception {
        String mefId = REL + "@mef.example";
        record MefCase(String name, int suid, boolean accepted) {
        }
        for (MefCase c : List.of(new MefCase("MEF SAEF", 22, true), new MefCase("MAF SAEF", 32, false),
                new MefCase("MEF ESPrim", 23, false), new MefCase("MEF pre-provisioned", 12, false))) {
            List<String> reports = new ArrayList<>();
            try (MafPskStore mef = MafPskStore.forMef(NONE, "mef.example", rel -> done(new RetrievedKey(KC,
                    NOW.plusSeconds(60), "Cdev1", c.suid())), CLOCK, Duration.ofHours(1),
                    (id, why) -> reports.add(why));
                 MafPskStore both = new MafPskStore(mef, "maf.example", rel -> done(new RetrievedKey(KC,
                         NOW.plusSeconds(60), "Cphone", 32)), CLOCK, Duration.ofHours(1), (id, why) -> { })) {
                both.prepare(mefId).toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(both.lookup(mefId).isPresent()).as(c.name()).isEqualTo(c.accepted());
                if (c.accepted()) {
                    assertThat(both.lookup(mefId).get().allowedIds()).containsExactly("Cdev1");
                } else {
                    assertThat(reports).as(c.name()).singleElement().asString().contains("MEF Key Retrieval for "
                            + mefId).contains("SUID " + c.suid()).contains("not MEF-based SAEF (22)");
                }
                both.prepare(ID).toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(both.lookup(ID)).as("the MAF's identity still resolved by the MAF store").isPresent();
                assertThat(mef.cached()).isEqualTo(c.accepted() ? 1 : 0);
            }
        }
    }

    /**
     * The MAF's MEF-provisioned KmIDs (8.3.9.9.5): SUID 21 only, the source as the MEF names it (an SP-relative AE-ID
     * too, the MAF having no CSE to make it a stem of), nothing deeper.
     */
    @Test
    void aMafsMefStoreTakesSuid21OnlyBoundToTheMefsSourceId() throws Exception {
        String kmId = REL + "@mef.example";
        record KmCase(String name, int suid, String source, String refused) {
        }
        for (KmCase c : List.of(new KmCase("an AE of a CSE, SP-relative", 21, "/id-in/Cdev1", null),
                new KmCase("an AE-ID-Stem", 21, "Cdev1", null), new KmCase("a CSE", 21, "/id-mn", null),
                new KmCase("MEF SAEF", 22, "/id-in/Cdev1", "SUID 22, not a key shared with a MAF (21)"),
                new KmCase("MAF SAEF", 32, "/id-in/Cdev1", "SUID 32"),
                new KmCase("deeper than an AE", 21, "/id-in/Cdev1/x", "neither an AE-ID-Stem"),
                new KmCase("Absolute", 21, "//sp.example/id-in/Cdev1", "neither an AE-ID-Stem"))) {
            List<String> reports = new ArrayList<>();
            try (MafPskStore s = MafPskStore.forMefKm(NONE, "mef.example", rel -> done(new RetrievedKey(KC,
                    NOW.plusSeconds(60), c.source(), c.suid())), CLOCK, Duration.ofHours(1),
                    (id, why) -> reports.add(why))) {
                s.prepare(kmId).toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (c.refused() == null) {
                    assertThat(s.lookup(kmId)).as(c.name()).hasValueSatisfying(k -> assertThat(k.allowedIds())
                            .containsExactly(c.source()));
                } else {
                    assertThat(s.lookup(kmId)).as(c.name()).isEmpty();
                    assertThat(reports).as(c.name()).singleElement().asString().contains(c.refused());
                }
            }
        }
    }

    @Test
    void otherIdentitiesGoToTheProvisionedStoreAndAFailureIsAskedOncePerRecheck() throws Exception {
        PskCredential provisioned = new PskCredential("dev@issuer.example", KC, Set.of("Cdev"));
        PskStore store = id -> id.equals(provisioned.identity()) ? Optional.of(provisioned) : Optional.empty();
        AtomicInteger asked = new AtomicInteger();
        try (MafPskStore s = new MafPskStore(store, "maf.example", rel -> {
            asked.incrementAndGet();
            return CompletableFuture.failedFuture(new KeyRetrieval.MafException("no", true));
        }, CLOCK, Duration.ofHours(1), (id, why) -> { })) {
            assertThat(s.prepare("dev@issuer.example").toCompletableFuture()).isDone();
            assertThat(s.lookup("dev@issuer.example")).contains(provisioned);
            assertThat(s.prepare(REL + "@other-maf.example").toCompletableFuture()).as("another MAF's").isDone();
            s.prepare(ID).toCompletableFuture().get(5, TimeUnit.SECONDS);
            s.prepare(ID).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(asked).hasValue(1);
        }
    }

    @Test
    void aKeyTheMafNoLongerGivesRevokesItsAssociation() throws Exception {
        AtomicReference<CompletableFuture<RetrievedKey>> answer = new AtomicReference<>(done(
                new RetrievedKey(KC, NOW.plusSeconds(600), "Cphone", 32)));
        try (MafPskStore s = new MafPskStore(NONE, "maf.example", rel -> answer.get(), CLOCK, Duration.ofMillis(50),
                (id, why) -> { })) {
            s.prepare(ID).toCompletableFuture().get(5, TimeUnit.SECONDS);
            PskCredential proved = s.lookup(ID).orElseThrow();
            var association = s.associate(proved, s.generation());
            assertThat(association.authentication()).isInstanceOf(Authentication.Verified.class);
            answer.set(CompletableFuture.failedFuture(new KeyRetrieval.MafException("the MAF answered 4004", true)));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (s.cached() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(s.lookup(ID)).isEmpty();
            assertThat(association.authentication()).isInstanceOf(Authentication.Revoked.class);
        }
    }

    static CompletableFuture<RetrievedKey> done(RetrievedKey k) {
        return CompletableFuture.completedFuture(k);
    }
}
