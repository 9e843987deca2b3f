package io.bastion.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.resource.AttributePolicy.Presence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The announced variants against TS-0001 9.6.26 and the MA/OA columns of the original types' tables, and the
 * announcement attributes of the originals against TS-0004 table 6.3.6-2 (m2m:announceableResource).
 */
class AnnouncedTypesTest {
    /** Announced type number, its root, the original's number (TS-0004 table 6.3.4.2.1-1, short names of 8.2.2). */
    static final List<Object[]> VARIANTS = List.of(
            new Object[] {10001, "m2m:acpA", 1}, new Object[] {10002, "m2m:aeA", 2},
            new Object[] {10003, "m2m:cntA", 3}, new Object[] {10004, "m2m:cinA", 4},
            new Object[] {10009, "m2m:grpA", 9}, new Object[] {10014, "m2m:nodA", 14},
            new Object[] {10028, "m2m:fcntA", 28}, new Object[] {10029, "m2m:tsA", 29},
            new Object[] {10030, "m2m:tsiA", 30});

    @Test
    void eachAnnounceableTypeHasItsVariantWithLinkAndTheCommonAttributes() {
        for (Object[] v : VARIANTS) {
            ResourceType annc = ResourceTypes.get((Integer) v[0]);
            ResourceType original = ResourceTypes.get((Integer) v[2]);
            assertThat(annc.rootName()).isEqualTo(v[1]);
            assertThat(annc.isAnnounced()).isTrue();
            assertThat(original.announceable().anncTy()).isEqualTo(v[0]);
            // TS-0001 table 9.6.26.2-1: link mandatory; 9.6.26.3-1: acpi, lbl; st when the original has it
            assertThat(annc.attribute("lnk").onCreate()).isEqualTo(Presence.MANDATORY);
            assertThat(annc.attribute("lnk").onUpdate()).isEqualTo(Presence.NOT_PERMITTED);
            assertThat(annc.attributes()).containsKeys("ty", "ri", "rn", "pi", "ct", "lt", "et", "lbl", "acpi");
            assertThat(annc.hasStateTag()).isEqualTo(original.hasStateTag());
            assertThat(annc.attributes()).doesNotContainKeys("at", "aa");
            // TS-0004 table 6.3.6-2: announceTo list of xs:anyURI, announcedAttribute list of xs:NCName, both RW
            ResourceTypesSpecTest.assertFollowsRow(original, original.rootName(), "at", "list of xs:anyURI",
                    "LIST_OF_URI", "O", "O");
            ResourceTypesSpecTest.assertFollowsRow(original, original.rootName(), "aa", "list of xs:NCName",
                    "LIST_OF_STRING", "O", "O");
        }
    }

    @Test
    void announcedAttributesFollowTheMaAndOaColumnsAndAreWritableByTheHostingCse() {
        // TS-0001 tables 9.6.6-3 (container) and 9.6.2-3 (accessControlPolicy): MA and OA attributes, not NA ones
        ResourceType cntA = ResourceTypes.get(ResourceTypes.CNT_ANNC);
        assertThat(cntA.attributes()).containsKeys("mni", "mbs", "mia", "li", "or", "disr")
                .doesNotContainKeys("cni", "cbs", "cr");
        // cni is RO on the original; its announced copy is written by the hosting CSE (9.6.26.1)
        assertThat(cntA.attribute("li").onUpdate()).isEqualTo(Presence.OPTIONAL);
        ResourceType acpA = ResourceTypes.get(ResourceTypes.ACP_ANNC);
        assertThat(acpA.attributes()).containsKeys("pv", "pvs");
        assertThat(acpA.attribute("pv").type()).isEqualTo(ValueType.OBJECT);
        ResourceType original = ResourceTypes.get(ResourceTypes.ACP);
        assertThat(original.announceable().announces("pv", List.of())).as("MA").isTrue();
        ResourceType cnt = ResourceTypes.get(ResourceTypes.CNT);
        assertThat(cnt.announceable().announces("mni", List.of())).as("OA without aa").isFalse();
        assertThat(cnt.announceable().announces("mni", List.of("mni"))).as("OA in aa").isTrue();
        assertThat(cnt.announceable().isOptional("cni")).as("NA").isFalse();
        // an AE's nl names a node of the original's CSE: not checked as a link here
        assertThat(ResourceTypes.get(ResourceTypes.AE_ANNC).attribute("nl").linksTo()).isNull();
    }

    @Test
    void mgmtObjSpecializationsAreAnnouncedButCredentialsNever() {
        ResourceType fwrA = ResourceTypes.byRootName("m2m:fwrA").orElseThrow();
        assertThat(fwrA.ty()).isEqualTo(ResourceTypes.MGMT_OBJ_ANNC);
        assertThat(fwrA.specialization()).isEqualTo(new Specialization("mgd", "1001"));
        assertThat(fwrA.attributes()).containsKeys("mgd", "vr", "fwn", "url", "lnk");
        // a firmware lives under a node: its variant under a nodeAnnc or the hosting CSE's remoteCSE
        assertThat(fwrA.placement().parents()).containsExactlyInAnyOrder("m2m:nodA", "m2m:csr");
        // TS-0022 objects carry credentials (sensitive): no at, no variant
        ResourceType autp = ResourceTypes.byRootName("dcfg:autp").orElseThrow();
        assertThat(autp.announceable()).isNull();
        assertThat(autp.attributes()).doesNotContainKey("at");
        assertThat(ResourceTypes.byRootName("dcfg:autpA")).isEmpty();
    }

    @Test
    void childrenFollowTable9_6_26_1() {
        Map<Integer, List<Integer>> expected = Map.of(
                ResourceTypes.CNT_ANNC, List.of(23, 3, 10003, 10004, 28, 10028, 29, 10029),
                ResourceTypes.AE_ANNC, List.of(23, 1, 10001, 3, 10003, 9, 10009, 28, 10028, 29, 10029),
                ResourceTypes.ACP_ANNC, List.of(23),
                ResourceTypes.NODE_ANNC, List.of(23, 10013),
                ResourceTypes.TS_ANNC, List.of(23, 10030));
        expected.forEach((ty, children) ->
                assertThat(ResourceTypes.get(ty).childTypes()).as("children of %d", ty)
                        .containsExactlyInAnyOrderElementsOf(children));
        // a contentInstance is never created under an announced container: it needs the container's counters
        assertThat(ResourceTypes.get(ResourceTypes.CNT_ANNC).allowsChild(ResourceTypes.CIN)).isFalse();
        // the announcing CSE's remoteCSE holds the announced resources (TS-0001 table 9.6.4-1), not instances
        ResourceType csr = ResourceTypes.get(ResourceTypes.CSR);
        assertThat(csr.childTypes()).contains(10001, 10002, 10003, 10009, 10013, 10014, 10028, 10029)
                .doesNotContain(10004, 10030);
    }
}
