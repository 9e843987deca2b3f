package io.bastion.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MafClient} against the MAF of bastion-trust in process: every procedure of TS-0003 8.8.2 with the answers it
 * expects, and the MAF's refusals surfacing as {@link TrustServiceException} with its code and reason.
 */
class MafClientTest {
    static final Duration T = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static InProcessMaf maf;

    @BeforeAll
    static void start() {
        maf = new InProcessMaf(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        maf.close();
    }

    static MafClient phone() throws IOException {
        return MafClient.connect("127.0.0.1", maf.port(), InProcessMaf.KM_PHONE, InProcessMaf.K_PHONE, "Cphone", T);
    }

    static MafClient other() throws IOException {
        return MafClient.connect("127.0.0.1", maf.port(), InProcessMaf.KM_OTHER, InProcessMaf.K_OTHER, "Cother", T);
    }

    static MafClient cse() throws IOException {
        return MafClient.connect("127.0.0.1", maf.port(), InProcessMaf.KM_CSE, InProcessMaf.K_CSE, "/id-in", T);
    }

    static Instant in(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void clientRegistrationConfigurationUpdateAndDeregistration() throws Exception {
        try (MafClient c = phone()) {
            assertThat(c.mafFqdn()).isEqualTo("maf.example");
            MafClientRegistration r = c.register("sp.example", in(Duration.ofHours(1)), List.of("home"));
            assertThat(r.clientId()).isEqualTo("Cphone");
            assertThat(r.adminFqdn()).isEqualTo("sp.example");
            assertThat(r.labels()).containsExactly("home");
            assertThat(r.expires()).isEqualTo(in(Duration.ofHours(1)));
            JsonNode cfg = c.configuration(r.id());
            assertThat(cfg.path("fq").asText()).isEqualTo("maf.example");
            assertThat(cfg.path("adfq").asText()).isEqualTo("sp.example");
            // a lifetime beyond the MAF's longest (one day) is shortened
            MafClientRegistration u = c.update(r.id(), in(Duration.ofDays(30)), List.of("moved"));
            assertThat(u.labels()).containsExactly("moved");
            assertThat(u.expires()).isBefore(in(Duration.ofDays(2)));
            assertThat(u.id()).isEqualTo(r.id());
            c.deregister(r.id());
            assertThatThrownBy(() -> c.configuration(r.id())).isInstanceOf(TrustServiceException.class)
                    .satisfies(e -> assertThat(((TrustServiceException) e).rsc()).isEqualTo(4004));
        }
    }

    @Test
    void anExporterDerivedKeyIsRetrievedByItsTargetOnlyThenUpdatedAndDeregistered() throws Exception {
        try (MafClient c = phone(); MafClient target = cse(); MafClient stranger = other()) {
            c.register("sp.example", in(Duration.ofHours(1)), null);
            MafKey k = c.registerKey("sp.example", "/id-in", in(Duration.ofHours(1)));
            assertThat(k.relativeKeyId()).matches("[0-9a-f]{32}");
            assertThat(k.pskIdentity()).isEqualTo(k.relativeKeyId() + "@maf.example");
            assertThat(k.key()).hasSize(32);
            assertThat(k.sourceId()).isEqualTo("Cphone");
            assertThat(k.suid()).isEqualTo(32);
            assertThat(k.targetIds()).containsExactly("/id-in");
            assertThat(k.toString()).doesNotContain(HexFormat.of().formatHex(k.key()));
            // a fresh session each: two keys differ
            MafKey k2 = c.registerKey("sp.example", "/id-in", in(Duration.ofHours(1)));
            assertThat(k2.relativeKeyId()).isNotEqualTo(k.relativeKeyId());

            MafKey got = target.retrieveKey(k.relativeKeyId());
            assertThat(got.key()).isEqualTo(k.key());
            assertThat(got.sourceId()).isEqualTo("Cphone");
            assertThat(got.pskIdentity()).isEqualTo(k.pskIdentity());
            assertThatThrownBy(() -> stranger.retrieveKey(k.relativeKeyId())).isInstanceOf(TrustServiceException.class)
                    .satisfies(e -> assertThat(((TrustServiceException) e).rsc()).isEqualTo(4103))
                    .hasMessageContaining("not a target");
            // only the source updates: naming Cother a target lets Cother retrieve it, and /id-in no more
            assertThatThrownBy(() -> target.updateKey(k.relativeKeyId(), null, null, List.of("Cother")))
                    .isInstanceOf(TrustServiceException.class)
                    .satisfies(e -> assertThat(((TrustServiceException) e).rsc()).isEqualTo(4103));
            JsonNode granted = c.updateKey(k.relativeKeyId(), null, List.of("moved"), List.of("Cother"));
            assertThat(granted.path("tgis").get(0).asText()).isEqualTo("Cother");
            assertThat(stranger.retrieveKey(k.relativeKeyId()).key()).isEqualTo(k.key());
            assertThatThrownBy(() -> target.retrieveKey(k.relativeKeyId())).isInstanceOf(TrustServiceException.class);
            c.deregisterKey(k.relativeKeyId());
            assertThatThrownBy(() -> stranger.retrieveKey(k.relativeKeyId())).isInstanceOf(TrustServiceException.class)
                    .satisfies(e -> assertThat(((TrustServiceException) e).rsc()).isEqualTo(4004));
        }
    }

    @Test
    void aGivenKeyValueIsRegisteredForSeveralEsDataTargets() throws Exception {
        byte[] value = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
        try (MafClient c = phone(); MafClient target = other()) {
            c.register("sp.example", in(Duration.ofHours(1)), null);
            MafKey k = c.registerKey("sp.example", 34, List.of("Cother", "/id-in"), in(Duration.ofHours(1)), value);
            assertThat(k.key()).isEqualTo(value);
            assertThat(k.targetIds()).containsExactly("Cother", "/id-in");
            assertThat(k.suid()).isEqualTo(34);
            assertThat(target.retrieveKey(k.relativeKeyId()).key()).isEqualTo(value);
        }
    }

    @Test
    void refusalsCarryTheMafsCodeAndReason() throws Exception {
        Instant et = in(Duration.ofHours(1));
        try (MafClient stranger = other(); MafClient c = phone()) {
            c.register("sp.example", et, null);
            Object[][] cases = {
                // what, the call, code, reason names
                {"unserved stakeholder", (Call) () -> c.register("other.example", et, null), 4103, "other.example"},
                {"expiry in the past", (Call) () -> c.register("sp.example", Instant.parse("2020-01-01T00:00:00Z"),
                        null), 4000, "et"},
                {"not an FQDN", (Call) () -> c.register("Not An FQDN", et, null), 4000, "adfq"},
                {"no registration", (Call) () -> stranger.registerKey("sp.example", "/id-in", et), 4103, "adfq"},
                {"bad suid", (Call) () -> c.registerKey("sp.example", 12, List.of("/id-in"), et, null), 4000, "suid"},
                {"two SAEF targets", (Call) () -> c.registerKey("sp.example", 32, List.of("/id-in", "/id-mn"), et,
                        null), 4000, "tgis"},
                {"short kv", (Call) () -> c.registerKey("sp.example", 34, List.of("/id-in"), et, new byte[3]), 4000,
                        "kv"},
                {"unknown record", (Call) () -> c.retrieveKey("nothing"), 4004, "nothing"},
                {"another's registration", (Call) () -> stranger.configuration(
                        c.register("sp.example", et, null).id()), 4103, "another"},
            };
            for (Object[] k : cases) {
                assertThatThrownBy(() -> ((Call) k[1]).run()).as((String) k[0])
                        .isInstanceOf(TrustServiceException.class)
                        .hasMessageContaining((String) k[3])
                        .satisfies(e -> assertThat(((TrustServiceException) e).rsc()).as((String) k[0])
                                .isEqualTo(k[2]));
            }
            assertThatThrownBy(() -> c.retrieveKey("../etc")).isInstanceOf(IllegalArgumentException.class);
        }
        // a client whose ID is not the KmID's: the MAF refuses the originator (4106)
        try (MafClient forged = MafClient.connect("127.0.0.1", maf.port(), InProcessMaf.KM_PHONE,
                InProcessMaf.K_PHONE, "Cother", T)) {
            assertThatThrownBy(() -> forged.register("sp.example", et, null)).isInstanceOf(TrustServiceException.class)
                    .satisfies(e -> assertThat(((TrustServiceException) e).rsc()).isEqualTo(4106));
        }
        assertThatThrownBy(() -> MafClient.connect("127.0.0.1", maf.port(), InProcessMaf.KM_PHONE,
                InProcessMaf.K_OTHER, "Cphone", T)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> MafClient.connect("127.0.0.1", maf.port(), "no-at-sign", InProcessMaf.K_PHONE,
                "Cphone", T)).isInstanceOf(IllegalArgumentException.class);
        String audit = Files.readString(dir.resolve("maf").resolve("audit.jsonl"), StandardCharsets.UTF_8);
        assertThat(audit).contains("\"rsc\":4106");
    }

    @Test
    void theSessionIsReopenedWhenItEnded() throws Exception {
        try (MafClient c = phone()) {
            MafClientRegistration r = c.register("sp.example", in(Duration.ofHours(1)), null);
            // the MAF ends idle sessions; a client whose session ended opens a new MAF Handshake
            java.lang.reflect.Field f = MafClient.class.getDeclaredField("channel");
            f.setAccessible(true);
            ((PskChannel) f.get(c)).close();
            assertThat(c.configuration(r.id()).path("adfq").asText()).isEqualTo("sp.example");
            c.close(); // ends the session and wipes Km: nothing is reopened after
            assertThatThrownBy(() -> c.configuration(r.id())).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed");
        }
    }

    /**
     * Removing a client's KmID at the MAF revokes the keys it registered: a target's Key Retrieval answers 4004,
     * audited as a key retrieval with the reason; binding the client to a KmID again serves them again.
     */
    @Test
    void keysOfAClientWhoseKmIdWasRemovedAreNoLongerServed() throws Exception {
        byte[] km = HexFormat.of().parseHex("303132333435363738393a3b3c3d3e3f");
        maf.clients.add(new io.bastion.security.credential.PskCredential("km-leaving@maf.example",
                io.bastion.security.credential.PreSharedKey.of(km), java.util.Set.of("Cleaving")));
        MafKey k;
        try (MafClient leaving = MafClient.connect("127.0.0.1", maf.port(), "km-leaving@maf.example", km, "Cleaving",
                T)) {
            leaving.register("sp.example", in(Duration.ofHours(1)), null);
            k = leaving.registerKey("sp.example", "/id-in", in(Duration.ofHours(1)));
        }
        try (MafClient target = cse()) {
            assertThat(target.retrieveKey(k.relativeKeyId()).key()).isEqualTo(k.key());
            assertThat(maf.clients.remove("km-leaving@maf.example")).isTrue();
            Thread.sleep(400); // past the MAF's look at its PSK file (0.2 s)
            assertThatThrownBy(() -> target.retrieveKey(k.relativeKeyId())).isInstanceOf(TrustServiceException.class)
                    .hasMessageContaining("revoked").hasMessageContaining("Cleaving")
                    .satisfies(e -> assertThat(((TrustServiceException) e).rsc()).isEqualTo(4004));
            String audit = Files.readString(dir.resolve("maf").resolve("audit.jsonl"), StandardCharsets.UTF_8);
            assertThat(audit).contains("\"event\":\"key retrieval\",\"client\":\"/id-in\",\"record\":\""
                    + k.relativeKeyId() + "\",\"rsc\":4004,\"reason\":\"key " + k.relativeKeyId() + " is revoked");
            maf.clients.add(new io.bastion.security.credential.PskCredential("km-back@maf.example",
                    io.bastion.security.credential.PreSharedKey.of(km), java.util.Set.of("Cleaving")));
            Thread.sleep(400);
            assertThat(target.retrieveKey(k.relativeKeyId()).key()).isEqualTo(k.key());
        }
    }

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }
}
