package io.bastion.core.resource;

import static io.bastion.core.resource.AttributePolicy.ro;
import static io.bastion.core.resource.AttributePolicy.rw;
import static io.bastion.core.resource.AttributePolicy.woMandatory;
import static io.bastion.core.resource.ValueType.BOOLEAN;
import static io.bastion.core.resource.ValueType.NON_NEG_INTEGER;
import static io.bastion.core.resource.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The descriptor model on fixture types shaped like the ones to come: mgmtObj specializations sharing ty 13, told apart
 * by the root element of a request's content and by {@code mgd} in a stored resource (firmware 1001 {@code m2m:fwr},
 * software 1002 {@code m2m:swr}), each with its own attribute policies; a flexContainer specialization with a root of
 * its own namespace told apart by {@code cnd}; and a pollingChannel-like type with a virtual child.
 */
class TypeRegistryTest {
    static final int MGMT_OBJ = 13;
    static final int FLEX_CONTAINER = 28;
    static final int POLLING_CHANNEL = 15;

    static final ResourceType FIRMWARE = ResourceType.builder(MGMT_OBJ, "fwr", "firmware").withAcpi()
            .specialization("mgd", "1001")
            .attributes(woMandatory("mgd", NON_NEG_INTEGER), rw("vr", STRING), rw("ud", BOOLEAN))
            .build();
    static final ResourceType SOFTWARE = ResourceType.builder(MGMT_OBJ, "swr", "software").withAcpi()
            .specialization("mgd", "1002")
            .attributes(woMandatory("mgd", NON_NEG_INTEGER), rw("vr", STRING), rw("in", BOOLEAN))
            .build();
    static final ResourceType TEMPERATURE = ResourceType.builder(FLEX_CONTAINER, "tempe", "temperature")
            .rootName("cod:tempe").withAcpi().withStateTag()
            .specialization("cnd", "org.onem2m.common.moduleclass.temperature")
            .attributes(woMandatory("cnd", STRING), rw("curT0", STRING))
            .build();
    static final VirtualChild PCU = new VirtualChild("pcu", false);
    static final ResourceType POLLING = ResourceType.builder(POLLING_CHANNEL, "pch", "pollingChannel")
            .virtualChildren(PCU).notByRequest(Operation.UPDATE)
            .build();

    final TypeRegistry registry = new TypeRegistry(List.of(FIRMWARE, SOFTWARE, TEMPERATURE, POLLING));

    static Resource stored(int ty, String attribute, Object value) {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("ty", ty);
        if (value instanceof Integer i) {
            a.put(attribute, i);
        } else if (value != null) {
            a.put(attribute, value.toString());
        }
        return new Resource("r1", "p1", ty, "cse-in/r1", a, "Cx", null);
    }

    @Test
    void aStoredSpecializationIsToldApartByItsDiscriminatingAttribute() {
        assertThat(registry.of(stored(MGMT_OBJ, "mgd", 1001))).isSameAs(FIRMWARE);
        assertThat(registry.of(stored(MGMT_OBJ, "mgd", 1002))).isSameAs(SOFTWARE);
        assertThat(registry.of(stored(MGMT_OBJ, "mgd", "1002"))).isSameAs(SOFTWARE);
        assertThat(registry.of(stored(FLEX_CONTAINER, "cnd", "org.onem2m.common.moduleclass.temperature")))
                .isSameAs(TEMPERATURE);
    }

    @Test
    void aCreateNamesItsSpecializationByTheRootElementOfItsContent() {
        assertThat(registry.forContent(MGMT_OBJ, "m2m:fwr")).isSameAs(FIRMWARE);
        assertThat(registry.forContent(MGMT_OBJ, "m2m:swr")).isSameAs(SOFTWARE);
        assertThat(registry.forContent(FLEX_CONTAINER, "cod:tempe")).isSameAs(TEMPERATURE);
        assertThat(registry.byRootName("cod:tempe")).containsSame(TEMPERATURE);
    }

    @Test
    void withoutAGeneralDescriptorTheFirstSpecializationStandsForItsNumber() {
        // Whatever is asked of the number alone (allowed children, a message naming it) gets an answer; a content root
        // of another type then fails the root check of the create (4000), as for any type.
        assertThat(registry.byTy(MGMT_OBJ)).containsSame(FIRMWARE);
        assertThat(registry.forContent(MGMT_OBJ, "m2m:cnt")).isSameAs(FIRMWARE);
        assertThat(registry.forContent(MGMT_OBJ, null)).isSameAs(FIRMWARE);
        assertThat(registry.of(stored(MGMT_OBJ, "mgd", 9999))).isSameAs(FIRMWARE);
        assertThat(registry.allOf(MGMT_OBJ)).containsExactly(FIRMWARE, SOFTWARE);
        assertThat(registry.numbers()).containsExactly(MGMT_OBJ, POLLING_CHANNEL, FLEX_CONTAINER);
    }

    @Test
    void aGeneralDescriptorStandsBesideItsSpecializations() {
        ResourceType general = ResourceType.builder(MGMT_OBJ, "mgo", "mgmtObj").withAcpi()
                .attributes(woMandatory("mgd", NON_NEG_INTEGER)).build();
        TypeRegistry r = new TypeRegistry(List.of(FIRMWARE, general, SOFTWARE));
        assertThat(r.byTy(MGMT_OBJ)).containsSame(general);
        assertThat(r.of(stored(MGMT_OBJ, "mgd", 1001))).isSameAs(FIRMWARE);
        assertThat(r.of(stored(MGMT_OBJ, "mgd", 1099))).isSameAs(general);
        assertThat(r.of(stored(MGMT_OBJ, "mgd", null))).isSameAs(general);
        assertThat(r.forContent(MGMT_OBJ, "m2m:mgo")).isSameAs(general);
    }

    @Test
    void eachSpecializationHasItsOwnAttributePolicies() {
        assertThat(FIRMWARE.rootName()).isEqualTo("m2m:fwr");
        assertThat(FIRMWARE.attribute("ud")).isNotNull();
        assertThat(FIRMWARE.attribute("in")).isNull();
        assertThat(SOFTWARE.attribute("in")).isNotNull();
        assertThat(SOFTWARE.attribute("ud")).isNull();
        assertThat(List.copyOf(TEMPERATURE.attributes().keySet())).containsExactly("ty", "ri", "rn", "pi", "ct",
                "lt", "et", "lbl", "acpi", "daci", "st", "cnd", "curT0");
    }

    @Test
    void virtualChildrenAreDeclaredByTheirTypeAndReservedEverywhere() {
        assertThat(POLLING.virtualChild("pcu")).isEqualTo(PCU);
        assertThat(POLLING.virtualChild("la")).isNull();
        assertThat(FIRMWARE.virtualChildren()).isEmpty();
        assertThat(registry.isReservedName("pcu")).isTrue();
        assertThat(registry.isReservedName("la")).isFalse();
    }

    @Test
    void whatARequestMayDoIsData() {
        assertThat(POLLING.creatable()).isTrue();
        assertThat(POLLING.updatable()).isFalse();
        assertThat(POLLING.deletable()).isTrue();
        assertThat(FIRMWARE.updatable()).isTrue();
    }

    @Test
    void descriptorsThatCannotBeToldApartAreRefused() {
        ResourceType otherFirmware = ResourceType.builder(MGMT_OBJ, "fwr2", "firmware too").withAcpi()
                .specialization("mgd", "1001").attributes(ro("mgd", NON_NEG_INTEGER)).build();
        assertThatThrownBy(() -> new TypeRegistry(List.of(FIRMWARE, otherFirmware)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two specializations");
        ResourceType a = ResourceType.builder(MGMT_OBJ, "a", "a").build();
        ResourceType b = ResourceType.builder(MGMT_OBJ, "b", "b").build();
        assertThatThrownBy(() -> new TypeRegistry(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a specialization");
        assertThatThrownBy(() -> new TypeRegistry(List.of(FIRMWARE, ResourceType.builder(99, "fwr", "x").build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root name m2m:fwr");
    }

    @Test
    void aDiscriminatingAttributeMustBeOneOfTheType() {
        assertThatThrownBy(() -> ResourceType.builder(MGMT_OBJ, "x", "x").specialization("mgd", "1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mgd");
    }

    @Test
    void anUnsupportedNumberIsNoDescriptor() {
        assertThat(registry.byTy(3)).isEmpty();
        assertThat(registry.allOf(3)).isEmpty();
        assertThatThrownBy(() -> registry.get(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.of(stored(3, "x", null))).isInstanceOf(IllegalArgumentException.class);
    }
}
