package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code <CSEBase>} over HTTP (TS-0004 7.4.3): no request changes or deletes it, the admin's included; the
 * operator sets its {@code acpi} in the configuration ({@code cse.acpi}).
 */
class CseBaseIT {

    static ServerConfig withCseBaseAcpi(Path dir, List<String> acpi) {
        ServerConfig c = M2m.config(dir);
        return c.withCse(c.cse().withCseBaseAcpi(acpi));
    }

    @Test
    void theCseBaseHasAnEmptyParentId(@TempDir Path dir) {
        // TS-0001 9.6.1.3: "The value of this attribute shall be an empty string for the <CSEBase> resource type."
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            JsonNode cb = m.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner();
            assertThat(cb.has("pi")).isTrue();
            assertThat(cb.path("pi").isTextual()).isTrue();
            assertThat(cb.path("pi").asText()).isEmpty();
            assertThat(m.retrieve(M2m.ADMIN, "/cse-in?rcn=5").expect(2000).inner().path("pi").isTextual()).isTrue();
        }
    }

    @Test
    void noUpdateOfTheCseBaseIsAllowedEvenForTheAdmin(@TempDir Path dir) {
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            JsonNode before = m.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner();
            // TS-0004 7.4.3.2.3: "The <CSEBase> resource shall not be updated via API" -> OPERATION_NOT_ALLOWED
            for (String body : List.of("{\"m2m:cb\":{\"poa\":[\"http://elsewhere\"]}}",
                    "{\"m2m:cb\":{\"lbl\":[\"renamed\"]}}", "{\"m2m:cb\":{\"acpi\":[\"cse-in/any\"]}}")) {
                M2m.Rsp r = m.update(M2m.ADMIN, "/cse-in", body).expect(4005);
                assertThat(r.dbg()).contains("cannot be updated");
            }
            m.update(M2m.ADMIN, "/id-in", "{\"m2m:cb\":{\"lbl\":[\"x\"]}}").expect(4005);
            m.update(M2m.ADMIN, "/~/id-in/cse-in", "{\"m2m:cb\":{\"lbl\":[\"x\"]}}").expect(4005);
            // 7.4.3.2.4: nor deleted
            m.delete(M2m.ADMIN, "/cse-in").expect(4005);
            m.delete(M2m.ADMIN, "/id-in").expect(4005);
            assertThat(m.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner()).isEqualTo(before);
        }
    }

    @Test
    void theOperatorOpensTheCseBaseWithConfiguredPolicies(@TempDir Path dir) {
        String open = "cse-in/openBase";
        try (BastionServer s = BastionServer.start(withCseBaseAcpi(dir, List.of(open)))) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Cbuilder", "builder");
            assertThat(m.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner().path("acpi").get(0).asText())
                    .isEqualTo(open);
            // the named policy does not exist yet: it grants nothing
            m.create("Cbuilder", "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"early\"}}").expect(4103);
            m.createAcp(M2m.ADMIN, "/cse-in", "openBase", rules(rule(3, "Cbuilder")), rules(rule(63, M2m.ADMIN)));
            m.create("Cbuilder", "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"shared\"}}").expect(2001);
            m.retrieve("Cbuilder", "/cse-in").expect(2000);
            m.delete("Cbuilder", "/cse-in").expect(4103);
        }
        // the configuration is the only source: without the key the CSEBase has no acpi, admin only
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            assertThat(m.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner().has("acpi")).isFalse();
            m.retrieve("Cbuilder", "/cse-in").expect(4103);
            m.create("Cbuilder", "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"later\"}}").expect(4103);
        }
    }
}
