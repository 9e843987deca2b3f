package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.DoorPolicy;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The association policy per door and address through the whole pipeline. Non-loopback sources are constructed
 * {@link Peer}s handed to {@code Cse.process}: no traffic leaves loopback.
 */
class DoorPolicyIT {
    private static final String LAN_IP = "192.0.2.10";

    static Peer peer(String ip, String door, Authentication a) throws Exception {
        return new Peer(new InetSocketAddress(InetAddress.getByName(ip), 40000), door, a);
    }

    static Response retrieve(BastionServer s, String fr, String rqi, Peer peer) {
        return s.cse().process(Request.builder(Operation.RETRIEVE, "cse-in/owner").fr(fr).rqi(rqi).rvi("3").build(),
                peer);
    }

    @Test
    void plainRequestsFromOutsideLoopbackAreRefusedAndAudited(@TempDir Path dir) throws Exception {
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Cowner", "owner");
            m.retrieve("Cowner", "/cse-in/owner").expect(2000); // loopback HTTP stays open by default

            Response lan = retrieve(s, "Cowner", "lan-plain", peer(LAN_IP, "http", Authentication.none()));
            assertThat(lan.rsc()).isEqualTo(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED);
            assertThat(lan.pc().path("m2m:dbg").asText()).contains(LAN_IP + " is not in plain.allow");
            // even the admin originator and registration need the association from there
            assertThat(retrieve(s, "CAdmin", "lan-admin", peer(LAN_IP, "http", Authentication.none())).rsc())
                    .isEqualTo(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED);
            Response reg = s.cse().process(Request.builder(Operation.CREATE, "cse-in").fr("Cnew").rqi("lan-reg")
                    .rvi("3").ty(2).pc(M2m.JSON.readTree(M2m.aeBody("new"))).build(),
                    peer("2001:db8::7", "coap", Authentication.none()));
            assertThat(reg.rsc()).isEqualTo(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED);

            Authentication owner = new Authentication.Verified("owner@issuer.example", Set.of("Cowner"));
            assertThat(retrieve(s, "Cowner", "lan-psk", peer(LAN_IP, "psk", owner)).rsc())
                    .isEqualTo(ResponseStatusCode.OK);

            List<JsonNode> all = AuditLogIT.entries(s, dir.resolve("audit.log"));
            JsonNode deny = AuditLogIT.single(AuditLogIT.withRqi(all, "lan-plain"));
            assertThat(deny.path("decision").asText()).isEqualTo("DENY");
            assertThat(deny.path("rsc").asInt()).isEqualTo(4107);
            assertThat(deny.path("peer").asText()).isEqualTo(LAN_IP);
            assertThat(deny.path("door").asText()).isEqualTo("http");
            assertThat(deny.path("reason").asText()).contains("plain.allow");
            assertThat(AuditLogIT.withRqi(all, "lan-reg")).hasSize(1);
            assertThat(AuditLogIT.withRqi(all, "lan-psk")).isEmpty();
        }
    }

    @Test
    void operatorsListTheirLanAndDoorsInTheConfigurationFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bastion.properties");
        Files.writeString(file, "plain.allow = 127.0.0.0/8, ::1/128, 192.0.2.0/24\n"
                + "doors.require-association = coap\n");
        ServerConfig loaded = ServerConfig.load(file);
        assertThat(loaded.cse().doors())
                .isEqualTo(DoorPolicy.parse("127.0.0.0/8,::1/128,192.0.2.0/24", "coap"));
        try (BastionServer s = BastionServer.start(M2m.config(dir).withCse(loaded.cse()))) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Cowner", "owner");
            assertThat(retrieve(s, "Cowner", "lan", peer(LAN_IP, "http", Authentication.none())).rsc())
                    .isEqualTo(ResponseStatusCode.OK);
            assertThat(retrieve(s, "Cowner", "far", peer("198.51.100.1", "http", Authentication.none())).rsc())
                    .isEqualTo(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED);
            assertThat(retrieve(s, "Cowner", "coap", peer("127.0.0.1", "coap", Authentication.none())).rsc())
                    .isEqualTo(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED);
        }
    }

    @Test
    void aDoorThatRequiresAnAssociationRefusesRealLoopbackTraffic(@TempDir Path dir) throws Exception {
        ServerConfig c = M2m.config(dir);
        try (BastionServer s = BastionServer.start(c.withCse(c.cse().withDoors(
                DoorPolicy.parse(DoorPolicy.DEFAULT_PLAIN_ALLOW, "http"))))) {
            M2m m = new M2m(s.httpPort());
            m.create("Cowner", "/cse-in", 2, M2m.aeBody("owner")).expect(4107);
        }
    }
}
