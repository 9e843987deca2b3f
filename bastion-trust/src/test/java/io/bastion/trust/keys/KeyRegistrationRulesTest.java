package io.bastion.trust.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.trust.keys.KeyRegistrationRules.Distributor;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared sec:mkr checks, table by table: SUID per distributor, targets per SUID, target matching, expiry. */
class KeyRegistrationRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            MEF | 21  | ok
            MEF | 22  | ok
            MEF | 25  | ok
            MEF | 20  | a MEF-established key
            MEF | 26  | a MEF-established key
            MEF | 32  | a MEF-established key
            MEF | 22.5 | a MEF-established key
            MEF | '22' | a MEF-established key
            MAF | 32  | ok
            MAF | 35  | ok
            MAF | 22  | a MAF-distributed key
            MAF | 36  | a MAF-distributed key
            """)
    void suid(Distributor d, String value, String expected) throws Exception {
        if (expected.equals("ok")) {
            assertThat(KeyRegistrationRules.suid(json(value), d, "sec:mkr.")).isEqualTo(json(value).asInt());
        } else {
            assertThatThrownBy(() -> KeyRegistrationRules.suid(json(value), d, "sec:mkr."))
                    .isInstanceOf(OneM2MException.class).hasMessageStartingWith("sec:mkr.suid: " + expected);
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            22 | ['/id-in']                          | ok
            22 | ['//sp.example/id-in/Cae1']         | ok
            23 | ['Cae1']                            | ok
            22 | ['/id-in','/id-mn']                 | names exactly one target (TS-0003 8.3.5.2.7)
            21 | ['maf.example']                     | ok
            21 | ['maf.example','/id-in']            | a key for a MAF names exactly one
            22 | ['maf.example']                     | is no AE-ID or CSE-ID
            24 | ['/id-in','/id-mn','//sp.example/x'] | ok
            25 | []                                  | a list of 1..64
            24 | '/id-in'                            | a list of 1..64
            24 | [7]                                 | is no AE-ID or CSE-ID
            24 | ['a b']                             | is no AE-ID or CSE-ID
            """)
    void targets(int suid, String value, String expected) throws Exception {
        if (expected.equals("ok")) {
            assertThat(KeyRegistrationRules.targets(json(value), suid, Distributor.MEF, "")).hasSize(json(value)
                    .size());
        } else {
            assertThatThrownBy(() -> KeyRegistrationRules.targets(json(value), suid, Distributor.MEF, ""))
                    .isInstanceOf(OneM2MException.class).hasMessageStartingWith("tgis: ")
                    .hasMessageContaining(expected);
        }
    }

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /id-in                  | /id-in               | true
            //sp.example/id-in      | /id-in               | true
            /id-in                  | //sp.example/id-in   | true
            //other.example/id-in   | /id-in               | false
            /id-in/Cae1             | /id-in               | false
            Cae1                    | /id-in/Cae1          | false
            maf.example             | maf.example          | true
            """)
    void isTarget(String target, String id, boolean expected) {
        assertThat(KeyRegistrationRules.isTarget(List.of(target), id, "sp.example")).isEqualTo(expected);
    }

    @Test
    void anExpiryInThePastIsRefusedAndOneTooFarIsShortened() throws Exception {
        Instant now = Instant.parse("2026-12-06T10:00:00.500Z");
        assertThat(KeyRegistrationRules.expiry(json("'20270101T000000'"), now, Duration.ofDays(365), ""))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(KeyRegistrationRules.expiry(json("'20991231T000000'"), now, Duration.ofDays(1), ""))
                .isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThatThrownBy(() -> KeyRegistrationRules.expiry(json("'20261206T100000'"), now, Duration.ofDays(1),
                "sec:mkr.")).hasMessage("sec:mkr.et: 20261206T100000 is not in the future");
        assertThatThrownBy(() -> KeyRegistrationRules.expiry(json("5"), now, Duration.ofDays(1), ""))
                .hasMessageStartingWith("et: an m2m:timestamp");
        assertThatThrownBy(() -> KeyRegistrationRules.expiry(null, now, Duration.ofDays(1), ""))
                .hasMessage("et: missing");
    }

    @Test
    void theExportIsSplitIntoRelativeKeyIdAndKeyAndWiped() {
        byte[] x = new byte[48];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) i;
        }
        byte[] copy = x.clone();
        ExportedKey k = ExportedKey.split(x);
        assertThat(k.relativeKeyId()).isEqualTo(HexFormat.of().formatHex(copy, 0, 16));
        assertThat(k.key().bytes()).isEqualTo(Arrays.copyOfRange(copy, 16, 48));
        assertThat(x).containsOnly(0);
        assertThat(k.toString()).doesNotContain(HexFormat.of().formatHex(copy, 16, 48)).contains("hidden");
        assertThatThrownBy(() -> ExportedKey.split(new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }
}
