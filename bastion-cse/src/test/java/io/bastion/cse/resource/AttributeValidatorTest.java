package io.bastion.cse.resource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AttributeValidatorTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) M.readTree(s);
    }

    @ParameterizedTest(name = "create {0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"con\":\"x\",\"bad\":1}|unknown attribute bad",
            "{\"con\":\"x\",\"cs\":1}|attribute cs of m2m:cin is read-only",
            "{\"con\":\"x\",\"cr\":\"Cme\"}|attribute cr must be null",
            "{\"con\":\"x\",\"lbl\":\"notalist\"}|m2m:cin.lbl has a wrong type",
            "{\"con\":\"x\",\"lbl\":[1]}|m2m:cin.lbl has a wrong type",
            "{\"con\":\"x\",\"et\":\"tomorrow\"}|invalid timestamp",
            "{\"con\":\"x\",\"rn\":\"a/b\"}|m2m:cin.rn has a wrong type",
            "{\"con\":\"x\",\"rn\":\"..\"}|m2m:cin.rn has a wrong type",
            "{\"lbl\":[]}|missing mandatory attribute con",
            "{\"con\":null}|must not be null"})
    void createRefusalsNameTheAttribute(String body, String message) throws Exception {
        assertThatThrownBy(() -> AttributeValidator.validateCreate(ResourceTypes.get(ResourceTypes.CIN), json(body)))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.status())
                                .isEqualTo(ResponseStatusCode.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    @Test
    void creatorRequestWithNullIsAccepted() {
        assertThatCode(() -> AttributeValidator.validateCreate(ResourceTypes.get(ResourceTypes.CNT),
                json("{\"cr\":null,\"mni\":3}"))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "update {0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"cni\":3}|cni of m2m:cnt cannot be updated",
            "{\"rn\":\"x\"}|rn of m2m:cnt cannot be updated",
            "{\"mni\":-1}|non-negative integer",
            "{}|names no attribute"})
    void updateRefusals(String body, String message) throws Exception {
        assertThatThrownBy(() -> AttributeValidator.validateUpdate(ResourceTypes.get(ResourceTypes.CNT), json(body)))
                .isInstanceOf(OneM2MException.class).hasMessageContaining(message);
    }

    @Test
    void nullRemovesOptionalAttributeButNotMandatoryOne() throws Exception {
        assertThatCode(() -> AttributeValidator.validateUpdate(ResourceTypes.get(ResourceTypes.CNT),
                json("{\"mni\":null}"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> AttributeValidator.validateUpdate(ResourceTypes.get(ResourceTypes.AE),
                json("{\"rr\":null}"))).hasMessageContaining("cannot be removed");
    }
}
