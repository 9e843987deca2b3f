package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The {@code md} condition of a subscription's {@code enc} ({@code m2m:missingData}, TS-0004 table 6.3.5.40-1): after
 * the first missing data point a window of {@code dur} opens, and once {@code num} points are missing in it every
 * further one is reported (TS-0001 10.2.4.29). {@code dur} is an {@code xs:duration}; the forms of days, hours, minutes
 * and seconds ({@code PT10S}, {@code P1DT2H}) are read, years and months (of no fixed length) are refused with 4000.
 *
 * @param num the number of missing points that triggers the first notification of a window
 * @param dur the window's duration
 */
public record MissingDataCondition(long num, Duration dur) {

    /** Reads {@code enc.md}; 4000 naming the member when it is malformed. */
    public static MissingDataCondition of(JsonNode md) {
        if (md == null || !md.isObject()) {
            throw OneM2MException.badRequest("enc.md (missingData) must be an object {\"num\": n, \"dur\": "
                    + "\"PT1M\"}");
        }
        for (var it = md.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("num") && !f.equals("dur")) {
                throw OneM2MException.badRequest("enc.md has no member " + Excerpt.of(f) + " (only num and dur)");
            }
        }
        JsonNode num = md.get("num");
        if (num == null || !num.isIntegralNumber() || !num.canConvertToLong() || num.asLong() < 1) {
            throw OneM2MException.badRequest("enc.md.num must be a positive integer");
        }
        JsonNode dur = md.get("dur");
        if (dur == null || !dur.isTextual()) {
            throw OneM2MException.badRequest("enc.md.dur must be an xs:duration such as PT10M");
        }
        Duration d;
        try {
            d = Duration.parse(dur.asText());
        } catch (DateTimeParseException e) {
            throw OneM2MException.badRequest("enc.md.dur '" + Excerpt.of(dur.asText()) + "' is not an xs:duration "
                    + "of days, hours, minutes and seconds such as PT10M");
        }
        if (d.isNegative() || d.isZero()) {
            throw OneM2MException.badRequest("enc.md.dur must be longer than zero");
        }
        return new MissingDataCondition(num.asLong(), d);
    }
}
