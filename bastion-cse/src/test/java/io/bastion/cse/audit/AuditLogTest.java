package io.bastion.cse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    static AuditEntry deny(int n) {
        return new AuditEntry(T0.plusMillis(n), "rq-" + n, "Creader", Operation.RETRIEVE, null, "cnt" + n,
                "cse-in/owner/cnt" + n, "http", "127.0.0.1", false, ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE,
                "no access control rule permits the request",
                List.of("accessControlPolicy acp1 pv.acr[0]: acop 1 lacks RETRIEVE"), null);
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void aDenyIsOneJsonLineWithItsReasonAndTrail() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), CLOCK)) {
            log.record(deny(1));
            log.record(new AuditEntry(T0, "rq-2", "Cwriter", Operation.CREATE, 4, "cnt9", "/~/id-in/cse-in/w/c",
                    "http", null, true, null, "permitted by accessControlPolicy acp2 pv.acr[1]", List.of(), null));
            assertThat(log.sync(Duration.ofSeconds(10))).isTrue();
            List<String> raw = Files.readAllLines(file);
            assertThat(raw).hasSize(2);
            JsonNode d = JSON.readTree(raw.get(0));
            assertThat(d.path("time").asText()).isEqualTo("2026-11-23T12:00:00.001Z");
            assertThat(d.path("rqi").asText()).isEqualTo("rq-1");
            assertThat(d.path("originator").asText()).isEqualTo("Creader");
            assertThat(d.path("op").asText()).isEqualTo("RETRIEVE");
            assertThat(d.path("target").path("ri").asText()).isEqualTo("cnt1");
            assertThat(d.path("target").path("address").asText()).isEqualTo("cse-in/owner/cnt1");
            assertThat(d.path("peer").asText()).isEqualTo("127.0.0.1");
            assertThat(d.path("decision").asText()).isEqualTo("DENY");
            assertThat(d.path("rsc").asInt()).isEqualTo(4103);
            assertThat(d.path("reason").asText()).isEqualTo("no access control rule permits the request");
            assertThat(d.path("trail").get(0).asText()).contains("acop 1 lacks RETRIEVE");
            JsonNode p = JSON.readTree(raw.get(1));
            assertThat(p.path("decision").asText()).isEqualTo("PERMIT");
            assertThat(p.path("ty").asInt()).isEqualTo(4);
            assertThat(p.has("rsc")).isFalse();
            assertThat(p.has("trail")).isFalse();
            assertThat(p.path("peer").isNull()).isTrue();
        }
    }

    @Test
    void clientTextCannotBreakALineAndIsBounded() throws Exception {
        Path file = dir.resolve("audit.log");
        String forged = "Cx\n{\"decision\":\"PERMIT\"}\r\u0000" + "y".repeat(1000);
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), CLOCK)) {
            log.record(new AuditEntry(T0, forged, forged, Operation.RETRIEVE, null, null, forged, "http", null,
                    false, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "originator " + forged, List.of(), null));
            assertThat(log.sync(Duration.ofSeconds(10))).isTrue();
        }
        List<String> raw = Files.readAllLines(file);
        assertThat(raw).hasSize(1);
        JsonNode d = JSON.readTree(raw.get(0));
        assertThat(d.path("originator").asText()).startsWith("Cx\n{").hasSize(AuditEntry.MAX_TEXT + 1);
        assertThat(d.path("reason").asText()).hasSize(AuditEntry.MAX_REASON + 1);
    }

    @Test
    void rotatesAtTheSizeLimitAndKeepsTheConfiguredNumberOfOldFiles() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditConfig config = AuditConfig.defaults().withMaxBytes(2048).withKeep(2);
        int total = 200;
        try (AuditLog log = AuditLog.open(file, config, CLOCK)) {
            for (int i = 0; i < total; i++) {
                log.record(deny(i));
            }
            assertThat(log.sync(Duration.ofSeconds(10))).isTrue();
            assertThat(log.written()).isEqualTo(total);
            assertThat(log.dropped()).isZero();
        }
        assertThat(Files.exists(dir.resolve("audit.log.1"))).isTrue();
        assertThat(Files.exists(dir.resolve("audit.log.2"))).isTrue();
        assertThat(Files.exists(dir.resolve("audit.log.3"))).as("only two old files are kept").isFalse();
        for (String name : List.of("audit.log", "audit.log.1", "audit.log.2")) {
            assertThat(Files.size(dir.resolve(name))).as(name).isLessThanOrEqualTo(2048).isPositive();
        }
        // The newest entries are in audit.log, preceded by audit.log.1, then audit.log.2, without gaps.
        List<JsonNode> all = new ArrayList<>(lines(dir.resolve("audit.log.2")));
        all.addAll(lines(dir.resolve("audit.log.1")));
        all.addAll(lines(file));
        int last = total - 1;
        for (int i = all.size() - 1; i >= 0; i--) {
            assertThat(all.get(i).path("rqi").asText()).isEqualTo("rq-" + last--);
        }
    }

    @Test
    void reopeningAppendsAndRotationCountsTheExistingSize() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditConfig config = AuditConfig.defaults().withMaxBytes(1024).withKeep(1);
        try (AuditLog log = AuditLog.open(file, config, CLOCK)) {
            log.record(deny(1));
            log.sync(Duration.ofSeconds(10));
        }
        long first = Files.size(file);
        try (AuditLog log = AuditLog.open(file, config, CLOCK)) {
            for (int i = 2; i < 1024 / (int) first + 3; i++) {
                log.record(deny(i));
            }
            log.sync(Duration.ofSeconds(10));
        }
        assertThat(lines(dir.resolve("audit.log.1")).get(0).path("rqi").asText()).isEqualTo("rq-1");
        assertThat(Files.size(dir.resolve("audit.log.1"))).isLessThanOrEqualTo(1024);
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingAndTheGapIsWrittenToTheLog() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditConfig config = AuditConfig.defaults().withQueueCapacity(3);
        AuditLog log = new AuditLog(file, config, CLOCK, false); // no writer yet: the queue cannot drain
        try {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                log.record(deny(i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("recording never waits")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(log.dropped()).isEqualTo(7);
            log.start();
            assertThat(log.sync(Duration.ofSeconds(10))).isTrue();
            List<JsonNode> lines = lines(file);
            assertThat(lines).hasSize(4);
            assertThat(lines.subList(0, 3)).extracting(n -> n.path("rqi").asText())
                    .containsExactly("rq-0", "rq-1", "rq-2");
            assertThat(lines.get(3).path("dropped").asLong()).isEqualTo(7);
            assertThat(lines.get(3).path("time").asText()).isEqualTo(T0.toString());
        } finally {
            log.close();
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterEntriesAreDropped() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog log = AuditLog.open(file, AuditConfig.defaults(), CLOCK);
        for (int i = 0; i < 50; i++) {
            log.record(deny(i));
        }
        log.close();
        assertThat(Files.readAllLines(file)).hasSize(50);
        log.record(deny(99));
        assertThat(log.dropped()).isEqualTo(1);
        assertThat(log.sync(Duration.ofMillis(100))).isFalse();
        assertThat(Files.readAllLines(file)).hasSize(50);
    }

    @Test
    void theTrailOfADenyListsFailedRulesThenNotes() {
        var d = new io.bastion.security.acp.AccessDecision.Deny(
                List.of(new io.bastion.security.acp.AccessDecision.RuleFailure("acp1",
                        io.bastion.security.acp.PrivilegeSet.PV, 0, List.of("a", "b"))),
                List.of("group g1 not found"));
        assertThat(AuditEntry.trail(d)).containsExactly("accessControlPolicy acp1 pv.acr[0]: a; b",
                "group g1 not found");
        var noRules = io.bastion.security.acp.AccessDecision.deny("no acpi on x");
        assertThat(AuditEntry.trail(noRules)).isEmpty();
        assertThat(AuditEntry.trail(io.bastion.security.acp.AccessDecision.creator())).isEmpty();
    }
}
