package io.bastion.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a custom attribute is, how large and how deep ({@link OpenSpecialization}), and the roots that name one. */
class OpenSpecializationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void aStringCountsItsUtf8BytesAnyOtherValueItsCompactJson() throws Exception {
        assertThat(OpenSpecialization.size(json("\"abc\""))).isEqualTo(3);
        assertThat(OpenSpecialization.size(json("\"\u00e9\u20ac\""))).isEqualTo(5);
        assertThat(OpenSpecialization.size(json("21.5"))).isEqualTo(4);
        assertThat(OpenSpecialization.size(json("true"))).isEqualTo(4);
        assertThat(OpenSpecialization.size(json("{ \"a\" : [1, 2] }"))).isEqualTo("{\"a\":[1,2]}".length());
    }

    @Test
    void depthCountsNestedArraysAndObjects() throws Exception {
        assertThat(OpenSpecialization.depth(json("1"))).isZero();
        assertThat(OpenSpecialization.depth(json("[]"))).isEqualTo(1);
        assertThat(OpenSpecialization.depth(json("{\"a\":[1]}"))).isEqualTo(2);
        assertThat(OpenSpecialization.depth(json("[1,[2,[3]],{}]"))).isEqualTo(3);
    }

    @Test
    void customAttributesAreThoseTheTableDoesNotList() throws Exception {
        ResourceType fcnt = ResourceTypes.get(ResourceTypes.FCNT);
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : OpenSpecialization.customOf(fcnt,
                json("{\"rn\":\"x\",\"curT0\":21,\"cnd\":\"a\",\"unit\":\"C\",\"lbl\":[]}"))) {
            names.add(e.getKey());
        }
        assertThat(names).containsExactly("curT0", "unit");
        assertThat(OpenSpecialization.customOf(fcnt, json("{\"rn\":\"x\"}")).iterator().hasNext()).isFalse();
    }

    @Test
    void aRootIsAPrefixAndALocalNameEachAnNcName() {
        assertThat(List.of("cod:tempe", "m2m:x", "hd:binSh", "_a:b.c-d_1")).allMatch(RootNames::isWellFormed);
        assertThat(List.of("", "x", ":x", "x:", "1a:b", "a:-b", "a:b c", "a:b:c", "m2m:rsp", "m2m:dbg",
                "a:" + "b".repeat(RootNames.MAX_LENGTH))).noneMatch(RootNames::isWellFormed);
    }
}
