package io.bastion.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the built-in descriptors say beyond their attribute policies ({@link ResourceTypesSpecTest}): the virtual
 * children of TS-0001 9.6.27 to 9.6.29 and the operations a request may perform (TS-0004 7.4.3.2, 7.4.7.2.3,
 * 7.4.39.2.3).
 */
class ResourceTypesTest {

    @Test
    void aContainerAFlexContainerAndATimeSeriesHaveLatestAndOldestAndAGroupItsFanOutPoint() {
        assertThat(ResourceTypes.get(ResourceTypes.CNT).virtualChildren())
                .containsExactly(ResourceTypes.LATEST, ResourceTypes.OLDEST);
        assertThat(ResourceTypes.get(ResourceTypes.FCNT).virtualChildren())
                .containsExactly(ResourceTypes.LATEST, ResourceTypes.OLDEST);
        assertThat(ResourceTypes.get(ResourceTypes.TS).virtualChildren())
                .containsExactly(ResourceTypes.LATEST, ResourceTypes.OLDEST);
        assertThat(ResourceTypes.get(ResourceTypes.GRP).virtualChildren()).containsExactly(ResourceTypes.FAN_OUT_POINT);
        assertThat(ResourceTypes.FAN_OUT_POINT.pathBelow()).isTrue();
        assertThat(ResourceTypes.LATEST.pathBelow()).isFalse();
        assertThat(ResourceTypes.get(ResourceTypes.PCH).virtualChildren())
                .containsExactly(ResourceTypes.POLLING_CHANNEL_URI);
        assertThat(ResourceTypes.POLLING_CHANNEL_URI.pathBelow()).isFalse();
        assertThat(ResourceTypes.get(ResourceTypes.SUB).virtualChildren())
                .containsExactly(ResourceTypes.NOTIFICATION_TARGET_SELF_REFERENCE);
        assertThat(ResourceTypes.NOTIFICATION_TARGET_SELF_REFERENCE.ownAccess()).isTrue();
        assertThat(ResourceTypes.LATEST.ownAccess()).isFalse();
        for (int ty : ResourceTypes.supported()) {
            if (ty != ResourceTypes.CNT && ty != ResourceTypes.GRP && ty != ResourceTypes.FCNT
                    && ty != ResourceTypes.TS && ty != ResourceTypes.PCH && ty != ResourceTypes.SUB) {
                assertThat(ResourceTypes.get(ty).virtualChildren()).as("virtual children of %d", ty).isEmpty();
            }
        }
    }

    @Test
    void theirNamesAreReservedBelowEveryParent() {
        assertThat(List.of("la", "ol", "fopt", "pcu", "latest", "cnt")).filteredOn(ResourceTypes::isReservedName)
                .containsExactly("la", "ol", "fopt", "pcu");
    }

    @Test
    void aPollingChannelBelongsToItsRegistreeOnePerAe() {
        ResourceType pch = ResourceTypes.get(ResourceTypes.PCH);
        assertThat(pch.registreeOnly()).isTrue();
        assertThat(pch.hasAcpi()).isFalse();
        assertThat(pch.placement().onePerParent()).isTrue();
        assertThat(ResourceTypes.get(ResourceTypes.AE).allowsChild(ResourceTypes.PCH)).isTrue();
        assertThat(ResourceTypes.get(ResourceTypes.CNT).allowsChild(ResourceTypes.PCH)).isFalse();
        for (int ty : ResourceTypes.supported()) {
            assertThat(ResourceTypes.get(ty).registreeOnly()).as("registreeOnly of %d", ty)
                    .isEqualTo(ty == ResourceTypes.PCH);
        }
    }

    @Test
    void noRequestCreatesUpdatesOrDeletesTheCseBaseNorUpdatesAnInstanceNorCreatesAFlexContainerInstanceOrARequest() {
        ResourceType cb = ResourceTypes.get(ResourceTypes.CSE_BASE);
        assertThat(cb.creatable()).isFalse();
        assertThat(cb.updatable()).isFalse();
        assertThat(cb.deletable()).isFalse();
        assertThat(cb.name()).isEqualTo("CSEBase");
        ResourceType cin = ResourceTypes.get(ResourceTypes.CIN);
        assertThat(cin.creatable()).isTrue();
        assertThat(cin.updatable()).isFalse();
        assertThat(cin.deletable()).isTrue();
        ResourceType fci = ResourceTypes.get(ResourceTypes.FCI);
        assertThat(fci.creatable()).isFalse();
        assertThat(fci.updatable()).isFalse();
        assertThat(fci.deletable()).isTrue();
        ResourceType tsi = ResourceTypes.get(ResourceTypes.TSI);
        assertThat(tsi.updatable()).as("TS-0004 7.4.39.2.3").isFalse();
        assertThat(tsi.siblingKey()).isEqualTo("dgt");
        ResourceType req = ResourceTypes.get(ResourceTypes.REQ);
        assertThat(req.creatable()).as("TS-0004 7.4.12.2.1").isFalse();
        assertThat(req.updatable()).as("TS-0001 10.2.5.5").isFalse();
        assertThat(req.deletable()).as("TS-0001 10.2.5.6").isTrue();
        for (int ty : ResourceTypes.supported()) {
            ResourceType t = ResourceTypes.get(ty);
            if (ty != ResourceTypes.CSE_BASE && ty != ResourceTypes.CIN && ty != ResourceTypes.FCI
                    && ty != ResourceTypes.TSI && ty != ResourceTypes.REQ) {
                assertThat(t.creatable() && t.updatable() && t.deletable()).as(t.rootName()).isTrue();
            }
        }
    }

    @Test
    void onlyTheFlexContainerIsOpenToSpecializationsWithoutADescriptor() {
        for (int ty : ResourceTypes.supported()) {
            assertThat(ResourceTypes.get(ty).open() != null).as("ty %d open", ty).isEqualTo(ty == ResourceTypes.FCNT || ty == ResourceTypes.FCNT_ANNC);
        }
        ResourceType fcnt = ResourceTypes.get(ResourceTypes.FCNT);
        TypeRegistry registry = ResourceTypes.registry();
        assertThat(registry.acceptsRoot(fcnt, "cod:tempe")).isTrue();
        assertThat(registry.acceptsRoot(fcnt, "m2m:fcnt")).isTrue();
        assertThat(registry.acceptsRoot(fcnt, "m2m:myThing")).isTrue();
        // another type's root (a mgmtObj specialization's other root included), a primitive's, no prefix, not NCNames
        assertThat(List.of("m2m:cnt", "m2m:fci", "m2m:nod", "m2m:fwr", "dcfg:autp", "m2m:autp", "m2m:sgn", "m2m:uril",
                "tempe", ":tempe", "cod:", "cod:1x", "cod:a/b", "a:b:c")).noneMatch(r -> registry.acceptsRoot(fcnt, r));
        assertThat(registry.acceptsRoot(ResourceTypes.get(ResourceTypes.CNT), "cod:tempe")).isFalse();
        // every custom attribute the table lists is found there first; the reserved ones it lacks are refused
        assertThat(fcnt.open().reserved()).contains("at", "aa", "lnk", "cstn", "loc", "ch")
                .containsAll(fcnt.attributes().keySet());
    }

    @Test
    void eachTypeButMgmtObjHasOneDescriptorWithoutSpecialization() {
        for (int ty : ResourceTypes.supported()) {
            if (ty == ResourceTypes.MGMT_OBJ || ty == ResourceTypes.MGMT_OBJ_ANNC) {
                // its specializations: ManagementTypesSpecTest, AnnouncedTypesTest
                assertThat(ResourceTypes.registry().allOf(ty)).allMatch(t -> t.specialization() != null);
                continue;
            }
            assertThat(ResourceTypes.registry().allOf(ty)).hasSize(1);
            assertThat(ResourceTypes.get(ty).specialization()).isNull();
            assertThat(ResourceTypes.get(ty).rootName()).isEqualTo("m2m:" + ResourceTypes.get(ty).shortName());
        }
    }
}
