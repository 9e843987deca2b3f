package io.bastion.core.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeListTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheContentElementAndIgnoresOtherContent() throws Exception {
        assertThat(AttributeList.of((com.fasterxml.jackson.databind.JsonNode) null)).isNull();
        assertThat(AttributeList.of(JSON.readTree("{\"m2m:cnt\":{}}"))).isNull();
        assertThat(AttributeList.of(JSON.readTree("{\"m2m:atrl\":[\"ri\",\"lbl\",\"ri\"]}")).names())
                .containsExactly("ri", "lbl");
        assertThatThrownBy(() -> AttributeList.of(JSON.readTree("{\"m2m:atrl\":[]}")))
                .isInstanceOf(OneM2MException.class).hasMessageContaining("atrl");
        assertThatThrownBy(() -> AttributeList.of(JSON.readTree("{\"m2m:atrl\":[1]}")))
                .isInstanceOf(OneM2MException.class).hasMessageContaining("atrl");
    }

    @Test
    void namesAreShortNamesWithinBounds() {
        for (String bad : new String[] {"", "1a", "a b", "a/b", "x".repeat(65), "é"}) {
            assertThatThrownBy(() -> AttributeList.of(List.of(bad))).as(bad).isInstanceOf(OneM2MException.class);
        }
        assertThat(AttributeList.of(List.of("myAttr-1.x", "_a")).names()).hasSize(2);
        assertThatThrownBy(() -> AttributeList.of(Collections.nCopies(101, "a")))
                .hasMessageContaining("more than 100");
    }

    @Test
    void selectsTheNamedAttributesOfTheResourceAndRefusesOnesItsTypeLacks() throws Exception {
        ResourceType cnt = ResourceTypes.byTy(ResourceTypes.CNT).orElseThrow();
        Resource r = new Resource("cnt1", "p", cnt.ty(), "cse-in/box",
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                        "{\"ri\":\"cnt1\",\"rn\":\"box\",\"lbl\":[\"a\"],\"cni\":0}"), null, null);
        assertThat(AttributeList.of(List.of("lbl", "mbs", "ri")).select(cnt, "m2m:cnt", r).toString())
                .isEqualTo("{\"m2m:cnt\":{\"lbl\":[\"a\"],\"ri\":\"cnt1\"}}");
        assertThatThrownBy(() -> AttributeList.of(List.of("poa")).select(cnt, "m2m:cnt", r))
                .hasMessageContaining("poa").hasMessageContaining("container");
    }
}
