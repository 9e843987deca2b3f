package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.it.M2m;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hosting side of announcement between two real CSEs (TS-0001 10.2.13.5, .6, .11): an MN-CSE registered with an
 * IN-CSE over TLS-PSK announces its container to {@code /id-in}: the copy appears as a {@code cntA} under the MN's
 * remoteCSE there with {@code lnk}, {@code at} then holds the copy's address, changes of announced attributes follow,
 * and removing {@code /id-in} from {@code at} or deleting the original removes the copy. An IN without a transport to
 * other CSEs still answers 5001 to {@code at} (AnnouncedResourcesIT).
 */
class AnnouncementIT {
    static final String MN_KEY = "00112233445566778899aabbccddeeff";

    @TempDir
    static Path dir;
    static BastionServer in;
    static BastionServer mn;
    static M2m inHttp;
    static M2m mnHttp;

    @BeforeAll
    static void start() throws Exception {
        Path inData = dir.resolve("in");
        assertThat(MccAuthIT.credentials(inData, "psk", "add", "--identity", "mn@op.example", "--key", MN_KEY,
                "--ae", "/id-mn")).isZero();
        in = BastionServer.start(MccAuthIT.config(inData, """
                cse.id=/id-in
                cse.name=cse-in
                registration.allowed-cses=/id-mn
                psk.port=0
                """), Clock.systemUTC(), n -> null);
        inHttp = new M2m(in.httpPort());
        Path mnData = dir.resolve("mn");
        assertThat(MccAuthIT.credentials(mnData, "psk", "add", "--identity", "mn@op.example", "--key", MN_KEY,
                "--ae", "/id-in")).isZero();
        mn = BastionServer.start(MccAuthIT.config(mnData, MccAuthIT.registree("/id-mn", "cse-mn",
                "https://127.0.0.1:" + in.pskPort()) + "registrar.psk-identity=mn@op.example\n"),
                Clock.systemUTC(), n -> null);
        mnHttp = new M2m(mn.httpPort());
        MccAuthIT.awaitRegistered(mn);
    }

    @AfterAll
    static void stop() {
        for (BastionServer s : new BastionServer[] {mn, in}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void aContainerIsAnnouncedUpdatedAndWithdrawn() throws Exception {
        String ri = mnHttp.create(M2m.ADMIN, "/cse-mn", 3,
                "{\"m2m:cnt\":{\"rn\":\"box\",\"lbl\":[\"room/1\"],\"mni\":5,\"mbs\":100,\"aa\":[\"mni\"],"
                        + "\"at\":[\"/id-in\"]}}").expect(2001).ri();
        // at becomes the copy's address once the IN created it (10.2.13.5)
        JsonNode original = await(() -> mnHttp.retrieve(M2m.ADMIN, "/cse-mn/box").expect(2000).inner(),
                c -> c.path("at").path(0).asText().startsWith("/id-in/"));
        String address = original.path("at").path(0).asText();
        String there = address.substring("/id-in/".length());
        JsonNode copy = inHttp.retrieve(M2m.ADMIN, "/" + there).expect(2000).json().path("m2m:cntA");
        assertThat(copy.path("lnk").asText()).isEqualTo("/id-mn/" + ri);
        assertThat(copy.path("pi").asText()).isEqualTo("id-mn");
        assertThat(copy.path("lbl").path(0).asText()).isEqualTo("room/1");
        assertThat(copy.path("mni").asInt()).as("OA named in aa").isEqualTo(5);
        assertThat(copy.has("mbs")).as("OA not named in aa").isFalse();
        // sent as the original's; the IN bounds it by its parent's, the MN's remoteCSE (TS-0001 9.6.1.3)
        assertThat(copy.path("et").asText()).isNotEmpty().isLessThanOrEqualTo(original.path("et").asText());
        // found by discovery of the announced type under the MN's remoteCSE
        assertThat(inHttp.retrieve(M2m.ADMIN, "/cse-in/id-mn?fu=1&ty=10003").expect(2000).uris())
                .anyMatch(u -> u.endsWith(there) || u.endsWith("/box"));

        // an update of announced attributes reaches the copy (10.2.13.11); one of an attribute not announced does not
        mnHttp.update(M2m.ADMIN, "/cse-mn/box", "{\"m2m:cnt\":{\"lbl\":[\"room/2\"],\"mni\":7,\"mbs\":200}}")
                .expect(2004);
        JsonNode updated = await(() -> inHttp.retrieve(M2m.ADMIN, "/" + there).expect(2000).json().path("m2m:cntA"),
                c -> c.path("lbl").path(0).asText().equals("room/2"));
        assertThat(updated.path("mni").asInt()).isEqualTo(7);
        assertThat(updated.has("mbs")).isFalse();
        // naming mbs in aa announces it (10.2.13.9)
        mnHttp.update(M2m.ADMIN, "/cse-mn/box", "{\"m2m:cnt\":{\"aa\":[\"mni\",\"mbs\"]}}").expect(2004);
        await(() -> inHttp.retrieve(M2m.ADMIN, "/" + there).expect(2000).json().path("m2m:cntA"),
                c -> c.path("mbs").asInt() == 200);

        // removing /id-in from at withdraws the copy (10.2.13.6)
        mnHttp.update(M2m.ADMIN, "/cse-mn/box", "{\"m2m:cnt\":{\"at\":null}}").expect(2004);
        await(() -> inHttp.retrieve(M2m.ADMIN, "/" + there).rsc(), rsc -> rsc == 4004);
    }

    @Test
    void deletingTheOriginalWithdrawsItsCopy() throws Exception {
        mnHttp.create(M2m.ADMIN, "/cse-mn", 3, "{\"m2m:cnt\":{\"rn\":\"gone\",\"at\":[\"/id-in\"]}}").expect(2001);
        String address = await(() -> mnHttp.retrieve(M2m.ADMIN, "/cse-mn/gone").expect(2000).inner()
                .path("at").path(0).asText(), a -> a.startsWith("/id-in/"));
        String there = "/" + address.substring("/id-in/".length());
        inHttp.retrieve(M2m.ADMIN, there).expect(2000);
        mnHttp.delete(M2m.ADMIN, "/cse-mn/gone").expect(2002);
        await(() -> inHttp.retrieve(M2m.ADMIN, there).rsc(), rsc -> rsc == 4004);
    }

    @Test
    void anAnnouncementThatCannotBeMadeLeavesTheOriginalAsItIs() throws Exception {
        // a CSE this MN has no route to: the original is created, at keeps the CSE-ID, nothing blocks
        mnHttp.create(M2m.ADMIN, "/cse-mn", 3, "{\"m2m:cnt\":{\"rn\":\"lonely\",\"at\":[\"/id-nowhere\"]}}")
                .expect(2001);
        Thread.sleep(500);
        assertThat(mnHttp.retrieve(M2m.ADMIN, "/cse-mn/lonely").expect(2000).inner().path("at").path(0).asText())
                .isEqualTo("/id-nowhere");
        // malformed entries are refused naming the attribute
        assertThat(mnHttp.create(M2m.ADMIN, "/cse-mn", 3, "{\"m2m:cnt\":{\"at\":[\"id-in\"]}}").expect(4000).body())
                .contains("attribute at");
        assertThat(mnHttp.create(M2m.ADMIN, "/cse-mn", 3, "{\"m2m:cnt\":{\"at\":[\"//sp/id-in\"]}}").expect(4000)
                .body()).contains("attribute at");
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T v = probe.get();
        while (!done.test(v)) {
            assertThat(System.nanoTime()).as("last seen: %s", v).isLessThan(deadline);
            Thread.sleep(50);
            v = probe.get();
        }
        return v;
    }
}
