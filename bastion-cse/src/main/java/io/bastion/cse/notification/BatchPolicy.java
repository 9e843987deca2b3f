package io.bastion.cse.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A subscription's {@code batchNotify} ({@code bn}, TS-0004 6.3.5.6): send the held notifications as one
 * aggregated NOTIFY when {@code number} are collected or {@code duration} has passed since the first, whichever comes
 * first (TS-0001 10.2.10.7).
 *
 * @param number {@code num}; 0 means the count does not end a batch, only the duration does
 * @param duration {@code dur}; positive
 */
public record BatchPolicy(int number, Duration duration) {

    public BatchPolicy {
        Objects.requireNonNull(duration, "duration");
        if (number < 0) {
            throw new IllegalArgumentException("number must not be negative");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
    }

    /**
     * Reads a {@code bn} value ({@code {"num":5,"dur":"PT10S"}}). A missing {@code dur} takes the service
     * provider's default (TS-0004 7.4.8.2.1 Recv-6.5); a value that is not a non-negative {@code num} or an
     * {@code xs:duration} of days and time is a 4000 BAD_REQUEST.
     */
    public static BatchPolicy fromJson(JsonNode bn, Duration defaultDuration) {
        if (bn == null || !bn.isObject()) {
            throw OneM2MException.badRequest("bn: must be an object with num and/or dur");
        }
        int number = 0;
        JsonNode num = bn.get("num");
        if (num != null && !num.isNull()) {
            if (!num.canConvertToInt() || !num.isIntegralNumber() || num.asInt() < 0) {
                throw OneM2MException.badRequest("bn: num must be a non-negative integer");
            }
            number = num.asInt();
        }
        Duration duration = defaultDuration;
        JsonNode dur = bn.get("dur");
        if (dur != null && !dur.isNull()) {
            if (!dur.isTextual()) {
                throw OneM2MException.badRequest("bn: dur must be an xs:duration such as PT10S");
            }
            try {
                // Years and months have no fixed length, so only PnDTnHnMnS is accepted.
                duration = Duration.parse(dur.asText());
            } catch (DateTimeParseException e) {
                throw OneM2MException.badRequest("bn: dur must be an xs:duration of days and time, such as PT10S");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw OneM2MException.badRequest("bn: dur must be positive");
            }
        }
        return new BatchPolicy(number, duration);
    }
}
