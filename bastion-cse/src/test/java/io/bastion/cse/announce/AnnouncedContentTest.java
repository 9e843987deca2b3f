package io.bastion.cse.announce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncedContentTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Resource cnt(String attrs) throws Exception {
        return new Resource("cnt1", "cb", ResourceTypes.CNT, "cb/box", (ObjectNode) JSON.readTree(attrs), "Cx",
                Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void theCreateCarriesMaAndTheOaNamedInAaLblEtAndLnkButNotAcpiOrTheAnnouncementItself() throws Exception {
        Resource r = cnt("{\"rn\":\"box\",\"ri\":\"cnt1\",\"lbl\":[\"a\"],\"et\":\"20300101T000000\",\"mni\":5,"
                + "\"mbs\":9,\"cni\":2,\"acpi\":[\"acp1\"],\"at\":[\"/id-in\"],\"aa\":[\"mni\"]}");
        ObjectNode pc = AnnouncedContent.create(r, "/id-mn/cnt1");
        assertThat(pc.fieldNames()).toIterable().containsExactly("m2m:cntA");
        ObjectNode a = (ObjectNode) pc.get("m2m:cntA");
        assertThat(a.get("lnk").asText()).isEqualTo("/id-mn/cnt1");
        assertThat(a.get("mni").asInt()).isEqualTo(5);
        assertThat(a.get("lbl").get(0).asText()).isEqualTo("a");
        assertThat(a.get("et").asText()).isEqualTo("20300101T000000");
        assertThat(a.has("mbs")).as("OA not in aa").isFalse();
        assertThat(a.has("cni")).as("NA").isFalse();
        for (String never : List.of("acpi", "at", "aa", "rn", "ri")) {
            assertThat(a.has(never)).as(never).isFalse();
        }
    }

    @Test
    void anUpdateCarriesOnlyWhatChangedAndAnnouncesOrWithdrawsOaAsAaChanges() throws Exception {
        Resource before = cnt("{\"lbl\":[\"a\"],\"mni\":5,\"mbs\":9,\"aa\":[\"mni\"]}");
        Resource after = cnt("{\"lbl\":[\"b\"],\"mni\":5,\"mbs\":9,\"aa\":[\"mbs\"]}");
        ObjectNode modified = (ObjectNode) JSON.readTree("{\"lbl\":[\"b\"],\"aa\":[\"mbs\"]}");
        ObjectNode a = (ObjectNode) AnnouncedContent.update(before, after, modified).get("m2m:cntA");
        assertThat(a.get("lbl").get(0).asText()).isEqualTo("b");
        assertThat(a.get("mbs").asInt()).as("newly named in aa").isEqualTo(9);
        assertThat(a.get("mni").isNull()).as("no longer named in aa").isTrue();
        assertThat(a.size()).isEqualTo(3);
        // a change of nothing announced sends nothing
        assertThat(AnnouncedContent.update(after, after, (ObjectNode) JSON.readTree("{\"mni\":6}"))).isNull();
    }

    @Test
    void announceToEntriesAreCseIdsOrAddressesThere() {
        assertThat(AnnounceTo.cseOf("/id-in")).isEqualTo("/id-in");
        assertThat(AnnounceTo.cseOf("/id-in/cntA1")).isEqualTo("/id-in");
        assertThat(AnnounceTo.isAddress("/id-in")).isFalse();
        assertThat(AnnounceTo.isAddress("/id-in/cntA1")).isTrue();
        assertThat(AnnounceTo.addresses(List.of("/id-in/x", "/id-mn2", "/id-in/y"))).containsExactlyEntriesOf(
                java.util.Map.of("/id-in", "/id-in/x"));
    }
}
