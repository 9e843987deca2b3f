package io.bastion.cse.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.security.dynamic.DasAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code dap} entries ({@link DasAddress}) and {@code dal} values ({@link DacLifetime}). */
class DacValuesTest {
    final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void dapEntriesMustBeHttpOrHttpsWithAHost() {
        assertThat(DasAddress.parse("https://das.example:8443/das").getHost()).isEqualTo("das.example");
        for (String bad : new String[] {"ftp://das.example/", "/das", "http:///das", "http://u:p@das.example/",
                "http://das.example/#x", "not a uri"}) {
            assertThatThrownBy(() -> DasAddress.parse(bad)).as(bad).isInstanceOf(OneM2MException.class);
            assertThat(DasAddress.tryParse(bad)).isNull();
        }
    }

    @Test
    void dalIsAnAbsoluteTimestampOrPositiveMilliseconds() {
        DacLifetime.validate("60000");
        DacLifetime.validate("20260101T000100");
        assertThatThrownBy(() -> DacLifetime.validate("0")).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> DacLifetime.validate("-5")).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> DacLifetime.validate("soon")).isInstanceOf(OneM2MException.class);
        assertThat(DacLifetime.until("60000", now)).isEqualTo(now.plusSeconds(60));
        assertThat(DacLifetime.until("20260101T000100", now)).isEqualTo(now.plusSeconds(60));
        assertThat(DacLifetime.until(null, now)).isNull();
        assertThat(DacLifetime.until("garbage", now)).isNull();
    }
}
