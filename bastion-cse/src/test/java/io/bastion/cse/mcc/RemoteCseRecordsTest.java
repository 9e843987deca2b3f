package io.bastion.cse.mcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two remoteCSE resources of a registration (TS-0001 10.2.2.7, TS-0004 7.4.4.2.1) and what an update changes. */
class RemoteCseRecordsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final CseConfig MN = new CseConfig("/id-mn", "cse-mn", "sp.example", "CAdmin", false, List.of("C*"),
            List.of("3", "4"), java.time.Duration.ofDays(1), java.time.Duration.ofDays(10),
            java.time.Duration.ofSeconds(3), 100);
    static final MccConfig.Registrar IN = new MccConfig.Registrar("https://in.example:8443", "/id-in", "cse-in",
            null, null, true);
    static final MccConfig MCC = new MccConfig(MccConfig.CseType.MN, List.of(), IN);
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void theOwnRemoteCseIsNamedByTheCseIdAndSaysWhereAndWhatThisCseIs() {
        ObjectNode own = RemoteCseRecords.own(MN, MCC, List.of("https://mn:1"), List.of("/id-asn"));
        assertThat(own.path("rn").asText()).isEqualTo("id-mn");
        assertThat(own.path("csi").asText()).isEqualTo("/id-mn");
        assertThat(own.path("cb").asText()).isEqualTo("/id-mn/cse-mn");
        assertThat(own.path("cst").asInt()).isEqualTo(2);
        assertThat(own.path("rr").asBoolean()).isTrue();
        assertThat(own.path("srv").toString()).isEqualTo("[\"3\",\"4\"]");
        // an ESPrim receiver (TS-0003 8.4.2 A) without a shared rand object there: originators ask for one (sit 3)
        assertThat(own.path("esi").toString()).isEqualTo("{\"esf\":[13]}");
        // an ESCertKE end-point too (its CSEBase's esf says 43)
        assertThat(RemoteCseRecords.own(MN, MCC, List.of(), List.of(), true).path("esi").toString())
                .isEqualTo("{\"esf\":[13,43]}");
        assertThat(own.path("dcse").toString()).isEqualTo("[\"/id-asn\"]");
        // no point of access: not reachable by request; no descendants: no dcse
        ObjectNode bare = RemoteCseRecords.own(MN, MCC, List.of(), List.of());
        assertThat(bare.path("rr").asBoolean()).isFalse();
        assertThat(bare.has("dcse")).isFalse();
    }

    @Test
    void anUpdateCarriesOnlyWhatDiffersAndEmptiesAWithdrawnDcse() throws Exception {
        ObjectNode desired = RemoteCseRecords.own(MN, MCC, List.of("https://mn:2"), List.of());
        ObjectNode remote = (ObjectNode) JSON.readTree("{\"poa\":[\"https://mn:1\"],\"rr\":true,\"srv\":[\"3\",\"4\"],"
                + "\"csz\":[\"application/json\",\"application/cbor\",\"application/xml\"],\"dcse\":[\"/id-asn\"],"
                + "\"esi\":{\"esf\":[13]},"
                + "\"ct\":\"x\"}");
        ObjectNode c = RemoteCseRecords.changes(remote, desired);
        assertThat(c.toString()).isEqualTo("{\"poa\":[\"https://mn:2\"],\"dcse\":[]}");
        remote.set("poa", desired.get("poa"));
        remote.remove("dcse");
        assertThat(RemoteCseRecords.changes(remote, desired).isEmpty()).isTrue();
    }

    @Test
    void theRegistrarsRemoteCseTakesWhatItsCseBaseSaysOrOnlyWhatRegistrationProved() throws Exception {
        Resource read = RemoteCseRecords.ofRegistrar(IN, JSON.readTree("{\"m2m:cb\":{\"csi\":\"/id-in\",\"cst\":1,"
                + "\"srv\":[\"3\",\"4\",\"5\"],\"lbl\":[\"cloud\"],\"nl\":\"in-node\",\"acpi\":[\"x\"],"
                + "\"esi\":{\"esf\":[13],\"esro\":{\"esri\":\"S1\"}}}}"), "id-mn",
                "cse-mn", NOW, NOW.plusSeconds(60));
        assertThat(read.ri()).isEqualTo("id-in");
        assertThat(read.path()).isEqualTo("cse-mn/id-in");
        assertThat(read.creator()).isEqualTo("/id-in");
        assertThat(read.getText("cb")).isEqualTo("/id-in/cse-in");
        assertThat(read.getList("poa")).containsExactly("https://in.example:8443");
        assertThat(read.get("cst").asInt()).isEqualTo(1);
        assertThat(read.getList("srv")).containsExactly("3", "4", "5");
        assertThat(read.getList("lbl")).containsExactly("cloud");
        assertThat(read.attrs().has("acpi")).isFalse();
        assertThat(read.get("esi").toString()).isEqualTo("{\"esf\":[13]}");

        Resource proved = RemoteCseRecords.ofRegistrar(IN, null, "id-mn", "cse-mn", NOW, NOW.plusSeconds(60));
        assertThat(proved.attrs().has("cst")).isFalse();
        assertThat(proved.getList("srv")).containsExactly("3");
        assertThat(proved.get("rr").asBoolean()).isTrue();
        // the same but for its times: no update needed
        assertThat(RemoteCseRecords.same(proved, RemoteCseRecords.ofRegistrar(IN, null, "id-mn", "cse-mn",
                NOW.plusSeconds(5), NOW.plusSeconds(65)))).isTrue();
        assertThat(RemoteCseRecords.same(proved, read)).isFalse();
    }
}
