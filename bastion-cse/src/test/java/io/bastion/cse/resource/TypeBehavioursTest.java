package io.bastion.cse.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviours by descriptor: one per registered type at most, and a do-nothing one for a type without its own. */
class TypeBehavioursTest {

    @Test
    void aTypeWithoutABehaviourClassGetsOneThatDoesNothing() {
        TypeBehaviour cnt = () -> ResourceTypes.get(ResourceTypes.CNT);
        TypeBehaviours behaviours = new TypeBehaviours(List.of(cnt));
        assertThat(behaviours.of(ResourceTypes.get(ResourceTypes.CNT))).isSameAs(cnt);
        for (int ty : ResourceTypes.supported()) {
            TypeBehaviour b = behaviours.of(ResourceTypes.get(ty));
            assertThat(b).as("behaviour of %d", ty).isNotNull();
            assertThat(b.type()).isSameAs(ResourceTypes.get(ty));
        }
    }

    @Test
    void aBehaviourForAnUnregisteredTypeOrASecondOneForATypeIsRefused() {
        ResourceType stranger = ResourceType.builder(13, "fwr", "firmware").build();
        assertThatThrownBy(() -> new TypeBehaviours(List.of(() -> stranger)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m2m:fwr");
        TypeBehaviour one = () -> ResourceTypes.get(ResourceTypes.GRP);
        TypeBehaviour two = () -> ResourceTypes.get(ResourceTypes.GRP);
        assertThatThrownBy(() -> new TypeBehaviours(List.of(one, two)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two behaviours for m2m:grp");
    }
}
