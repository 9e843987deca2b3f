package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.cse.audit.AuditConfig;
import io.bastion.server.BastionServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log of a running server: what real requests leave in {@code audit.log}, and its rotation. */
class AuditLogIT {

    static List<JsonNode> entries(BastionServer s, Path file) throws Exception {
        assertThat(s.audit().sync(Duration.ofSeconds(10))).as("audit log flushed").isTrue();
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            out.add(M2m.JSON.readTree(line));
        }
        return out;
    }

    static List<JsonNode> withRqi(List<JsonNode> entries, String rqi) {
        return entries.stream().filter(e -> e.path("rqi").asText().equals(rqi)).toList();
    }

    @Test
    void everyChangeOfAnAccessControlPolicyIsRecordedThoughPermitsAreNot(@TempDir Path dir) throws Exception {
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Cowner", "owner");
            String acp = m.createAcp("Cowner", "/cse-in/owner", "gate", rules(rule(2, "Cfriend")),
                    rules(rule(63, "Cowner")));
            String pv = "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(34, "Cfriend")) + "}}}";
            m.update("Cowner", "/cse-in/owner/gate", pv).expect(2004);
            m.delete("Cowner", "/cse-in/owner/gate").expect(2002);

            List<JsonNode> changes = entries(s, dir.resolve("audit.log")).stream()
                    .filter(e -> e.has("change") && acp.equals(e.path("target").path("ri").asText())).toList();
            assertThat(changes).extracting(e -> e.path("change").asText())
                    .containsExactly("CREATED", "UPDATED", "DELETED");
            assertThat(changes).allSatisfy(e -> assertThat(e.path("originator").asText()).isEqualTo("Cowner"));
            assertThat(changes.get(1).path("reason").asText())
                    .isEqualTo("accessControlPolicy (m2m:acp); attributes pv");
        }
    }

    @Test
    void deniedRequestsAreRecordedWithTheirReasonsAndPermitsAreNotByDefault(@TempDir Path dir) throws Exception {
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Cowner", "owner");
            m.registerAe("Cpeer", "peer");
            String acp = m.createAcp("Cowner", "/cse-in/owner", "acp", rules(rule(2, "Cfriend")),
                    rules(rule(63, "Cowner")));
            String boxRi = m.create("Cowner", "/cse-in/owner", 3,
                    "{\"m2m:cnt\":{\"rn\":\"box\",\"acpi\":[\"" + acp + "\"]}}").expect(2001).ri();
            m.request("POST", "/cse-in/owner/box").from("Cpeer").ty(4).header("X-M2M-RI", "denied-1")
                    .body("{\"m2m:cin\":{\"con\":\"s3cr3t-payload\"}}").send().expect(4103);
            m.request("GET", "/cse-in/owner/box").from("Cowner").header("X-M2M-RI", "creator-read").send()
                    .expect(4103);
            m.request("GET", "/cse-in/owner").from("Cowner").header("X-M2M-RI", "permitted-1").send()
                    .expect(2000);
            m.request("GET", "/cse-in/owner/box").from("Cghost").header("X-M2M-RI", "unregistered-1").send()
                    .expect(4106);
            m.request("GET", "/cse-in/owner").from("/id-other").header("X-M2M-RI", "cse-1").send().expect(4107);
            m.request("POST", "/cse-in").from("Xapp").ty(2).header("X-M2M-RI", "register-1")
                    .body(M2m.aeBody("xapp")).send().expect(4103);

            Path file = dir.resolve("audit.log");
            List<JsonNode> all = entries(s, file);
            JsonNode deny = single(withRqi(all, "denied-1"));
            assertThat(deny.path("decision").asText()).isEqualTo("DENY");
            assertThat(deny.path("rsc").asInt()).isEqualTo(4103);
            assertThat(deny.path("originator").asText()).isEqualTo("Cpeer");
            assertThat(deny.path("op").asText()).isEqualTo("CREATE");
            assertThat(deny.path("ty").asInt()).isEqualTo(4);
            assertThat(deny.path("target").path("ri").asText()).isEqualTo(boxRi);
            assertThat(deny.path("target").path("address").asText()).isEqualTo("cse-in/owner/box");
            assertThat(deny.path("peer").asText()).isEqualTo("127.0.0.1");
            assertThat(deny.path("reason").asText()).isEqualTo("no access control rule permits the request");
            assertThat(deny.path("trail").get(0).asText())
                    .isEqualTo("accessControlPolicy " + acp + " pv.acr[0]: originator Cpeer not in acor; "
                            + "acop 2 lacks CREATE");
            assertThat(java.time.Instant.parse(deny.path("time").asText())).isBefore(java.time.Instant.now());

            assertThat(single(withRqi(all, "creator-read")).path("decision").asText()).isEqualTo("DENY");
            assertThat(withRqi(all, "permitted-1")).as("permits are not recorded by default").isEmpty();

            JsonNode ghost = single(withRqi(all, "unregistered-1"));
            assertThat(ghost.path("rsc").asInt()).isEqualTo(4106);
            assertThat(ghost.path("reason").asText()).contains("is not a registered AE");
            assertThat(ghost.path("target").path("ri").isNull()).isTrue();
            assertThat(ghost.path("target").path("address").asText()).isEqualTo("cse-in/owner/box");
            assertThat(single(withRqi(all, "cse-1")).path("rsc").asInt()).isEqualTo(4107);
            JsonNode reg = single(withRqi(all, "register-1"));
            assertThat(reg.path("rsc").asInt()).isEqualTo(4103);
            assertThat(reg.path("reason").asText()).contains("not allowed to register an AE");

            String text = Files.readString(file);
            assertThat(text).as("no request content in the audit log").doesNotContain("s3cr3t");
        }
    }

    @Test
    void permitsAreRecordedWhenConfigured(@TempDir Path dir) throws Exception {
        try (BastionServer s = BastionServer.start(M2m.config(dir)
                .withAudit(AuditConfig.defaults().withPermits(true)))) {
            M2m m = new M2m(s.httpPort());
            m.request("POST", "/cse-in").from("Cme").ty(2).header("X-M2M-RI", "reg-ok").body(M2m.aeBody("me"))
                    .send().expect(2001);
            m.request("GET", "/cse-in/me").from("Cme").header("X-M2M-RI", "read-ok").send().expect(2000);
            m.request("GET", "/cse-in").from("Cme").header("X-M2M-RI", "read-no").send().expect(4103);
            List<JsonNode> all = entries(s, dir.resolve("audit.log"));
            JsonNode read = single(withRqi(all, "read-ok"));
            assertThat(read.path("decision").asText()).isEqualTo("PERMIT");
            assertThat(read.path("reason").asText()).contains("default rule 'creator'");
            assertThat(read.has("rsc")).isFalse();
            assertThat(single(withRqi(all, "reg-ok")).path("reason").asText()).contains("registration.allowed");
            assertThat(single(withRqi(all, "read-no")).path("decision").asText()).isEqualTo("DENY");
        }
    }

    @Test
    void theLogRotatesAtItsSizeLimit(@TempDir Path dir) throws Exception {
        try (BastionServer s = BastionServer.start(M2m.config(dir)
                .withAudit(AuditConfig.defaults().withMaxBytes(4096).withKeep(2)))) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Cowner", "owner");
            for (int i = 0; i < 60; i++) {
                m.retrieve("Cghost", "/cse-in/owner").expect(4106);
            }
            assertThat(s.audit().sync(Duration.ofSeconds(10))).isTrue();
            for (String name : List.of("audit.log", "audit.log.1", "audit.log.2")) {
                Path f = dir.resolve(name);
                assertThat(f).exists();
                assertThat(Files.size(f)).as(name).isPositive().isLessThanOrEqualTo(4096);
            }
            assertThat(dir.resolve("audit.log.3")).doesNotExist();
        }
    }

    static JsonNode single(List<JsonNode> entries) throws IOException {
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
