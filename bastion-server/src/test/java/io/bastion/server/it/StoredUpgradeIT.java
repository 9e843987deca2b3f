package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.server.BastionServer;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resources stored by earlier versions are brought up to date when the CSE starts: a store is filled, changed
 * behind the CSE's back into what an earlier version wrote, and opened again.
 */
class StoredUpgradeIT {

    /** Rewrites one stored resource as an earlier version would have stored it. */
    static void storedAsBefore(ResourceStore store, String path, Consumer<ObjectNode> change) {
        Resource r = store.getByPath(path).orElseThrow();
        ObjectNode a = r.attrsCopy();
        change.accept(a);
        store.write(new WriteBatch().put(r.withAttrs(a, r.expiry())));
    }

    @Test
    void aCseBaseStoredWithoutParentIdGetsTheEmptyOne(@TempDir Path dir) {
        try (BastionServer s = M2m.startServer(dir)) {
            storedAsBefore(s.cse().store(), "cse-in", a -> a.remove("pi"));
            assertThat(new M2m(s.httpPort()).retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner().has("pi")).isFalse();
        }
        try (BastionServer s = M2m.startServer(dir)) {
            JsonNode cb = new M2m(s.httpPort()).retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner();
            assertThat(cb.path("pi").isTextual()).isTrue();
            assertThat(cb.path("pi").asText()).isEmpty();
        }
    }

    @Test
    void aCseBaseStoredByAnEarlierVersionListsTheTypesAndReleasesServedNow(@TempDir Path dir) {
        try (BastionServer s = M2m.startServer(dir)) {
            storedAsBefore(s.cse().store(), "cse-in", a -> {
                a.putArray("srt").add(1).add(2);
                a.putArray("srv").add("2a");
            });
        }
        try (BastionServer s = M2m.startServer(dir)) {
            JsonNode cb = new M2m(s.httpPort()).retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner();
            assertThat(cb.path("srt")).hasSizeGreaterThan(2);
            assertThat(cb.path("srt").toString()).contains("23");
            assertThat(cb.path("srv").toString()).contains("\"3\"");
        }
    }

    @Test
    void aGroupStoredWithMemberType24ForMixedIsMixedAndKeepsItsMembers(@TempDir Path dir) {
        String mid;
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Cold", "old");
            m.createContainer("Cold", "/cse-in/old", "c1");
            mid = "[\"cse-in/old/c1\",\"cse-in/old\"]";
            m.create("Cold", "/cse-in/old", 9, "{\"m2m:grp\":{\"rn\":\"g\",\"mnm\":5,\"mid\":" + mid + "}}")
                    .expect(2001);
            // Earlier versions took 24 (semanticDescriptor in TS-0004 table 6.3.4.2.11-1) for mixed.
            storedAsBefore(s.cse().store(), "cse-in/old/g", a -> a.put("mt", 24));
        }
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            JsonNode g = m.retrieve("Cold", "/cse-in/old/g").expect(2000).inner();
            assertThat(g.path("mt").asInt()).isZero();
            assertThat(g.path("cnm").asInt()).isEqualTo(2);
            JsonNode updated = m.update("Cold", "/cse-in/old/g", "{\"m2m:grp\":{\"mid\":" + mid + "}}").expect(2004)
                    .inner();
            assertThat(updated.path("mid")).hasSize(2);
        }
    }

    @Test
    void aSubscriptionStoredWithoutNctShowsItsDefaultAndOneThatHasItKeepsIt(@TempDir Path dir) {
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Csub", "sub");
            m.createContainer("Csub", "/cse-in/sub", "c");
            m.create("Csub", "/cse-in/sub/c", 23, "{\"m2m:sub\":{\"rn\":\"plain\",\"nu\":[\"Csub\"]}}")
                    .expect(2001);
            m.create("Csub", "/cse-in/sub/c", 23, "{\"m2m:sub\":{\"rn\":\"children\",\"nu\":[\"Csub\"],"
                    + "\"enc\":{\"net\":[3,4]}}}").expect(2001);
            m.create("Csub", "/cse-in/sub/c", 23, "{\"m2m:sub\":{\"rn\":\"ids\",\"nu\":[\"Csub\"],"
                    + "\"nct\":3}}").expect(2001);
            // Earlier versions stored nct only when the subscriber gave it.
            storedAsBefore(s.cse().store(), "cse-in/sub/c/plain", a -> a.remove("nct"));
            storedAsBefore(s.cse().store(), "cse-in/sub/c/children", a -> a.remove("nct"));
            assertThat(m.retrieve("Csub", "/cse-in/sub/c/plain").expect(2000).inner().has("nct")).isFalse();
        }
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            // TS-0001 table 9.6.8-2: nct has multiplicity 1; its default is in table 9.6.8-4 (all attributes)
            assertThat(m.retrieve("Csub", "/cse-in/sub/c/plain").expect(2000).inner().path("nct").asInt())
                    .isEqualTo(1);
            assertThat(m.retrieve("Csub", "/cse-in/sub/c/children").expect(2000).inner().path("nct").asInt())
                    .isEqualTo(1);
            assertThat(m.retrieve("Csub", "/cse-in/sub/c/ids").expect(2000).inner().path("nct").asInt())
                    .isEqualTo(3);
        }
    }
}
