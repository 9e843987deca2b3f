package io.bastion.cse.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {
    private static final Duration DEFAULT = Duration.ofSeconds(60);

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('\'', '"'));
    }

    @Test
    void readsNumberAndXsDuration() throws Exception {
        assertThat(BatchPolicy.fromJson(json("{'num':5,'dur':'PT10S'}"), DEFAULT))
                .isEqualTo(new BatchPolicy(5, Duration.ofSeconds(10)));
        assertThat(BatchPolicy.fromJson(json("{'dur':'P1DT2H'}"), DEFAULT).duration()).isEqualTo(Duration.ofHours(26));
    }

    @Test
    void missingDurationTakesTheProviderDefaultAndMissingNumberMeansDurationOnly() throws Exception {
        assertThat(BatchPolicy.fromJson(json("{'num':3}"), DEFAULT)).isEqualTo(new BatchPolicy(3, DEFAULT));
        assertThat(BatchPolicy.fromJson(json("{}"), DEFAULT)).isEqualTo(new BatchPolicy(0, DEFAULT));
    }

    @Test
    void rejectsMalformedValuesWithBadRequest() {
        for (String bad : new String[] {"{'num':-1}", "{'num':'x'}", "{'num':1.5}", "{'dur':10}", "{'dur':'P1Y'}",
                "{'dur':'PT0S'}", "{'dur':'soon'}", "[]"}) {
            assertThatThrownBy(() -> BatchPolicy.fromJson(json(bad), DEFAULT))
                    .as(bad)
                    .isInstanceOf(OneM2MException.class)
                    .extracting(e -> ((OneM2MException) e).status())
                    .isEqualTo(ResponseStatusCode.BAD_REQUEST);
        }
    }
}
