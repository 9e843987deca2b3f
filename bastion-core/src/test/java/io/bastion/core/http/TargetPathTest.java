package io.bastion.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TS-0009 table 6.2.2.1-1, read backwards, plus the inputs a strict server must refuse. A trailing '/' is kept in the
 * replica of {@code to} (the CSE refuses its empty segment, see ResourcesIT).
 */
class TargetPathTest {

    @ParameterizedTest
    @CsvSource({
        "/CSEBase/ae12/cont27/contInst696,              CSEBase/ae12/cont27/contInst696",
        "/CSEBase/ae12/,                                CSEBase/ae12/",
        "/~/CSE178/CSEBase/,                            /CSE178/CSEBase/",
        "/_/mym2msp.org/CSE178/CSEBase/,                //mym2msp.org/CSE178/CSEBase/",
        "/cin00856,                                     cin00856",
        "/~/CSE178/CSEBase/ae12/cont27/contInst696,     /CSE178/CSEBase/ae12/cont27/contInst696",
        "/~/CSE178/cin00856,                            /CSE178/cin00856",
        "/_/mym2msp.org/CSE178/CSEBase/ae12/cont27,     //mym2msp.org/CSE178/CSEBase/ae12/cont27",
        "/_/mym2msp.org/CSE178/cin00856,                //mym2msp.org/CSE178/cin00856",
        "/~abc,                                         ~abc",
        "/%7E/CSE178/x,                                 /CSE178/x",
        "/cse-in/a%2Fb,                                 cse-in/a/b",
        "/cse-in/%E2%82%AC,                             cse-in/€"
    })
    void mapsTheSpecExamples(String path, String to) {
        assertThat(TargetPath.toAddress(path)).isEqualTo(to);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cse-in/%", "/cse-in/%4", "/cse-in/%zz", "/cse-in/%g0", "/cse-in/%C3%28",
        "/cse-in/%FF", "/cse-in/%00", "/cse-in/%0D%0A", "/", "//", "/~", "/~/", "/_/", "/_//x", "/~//x", "//x",
        "cse-in", ""})
    void refusesMalformedOrEmptyTargets(String path) {
        assertThatThrownBy(() -> TargetPath.toAddress(path))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cse-in/ae1", "/~/id-in/cse-in"})
    void plainPathsAreNotCopiedWhenNothingNeedsDecoding(String path) {
        String decoded = PercentDecoding.decode(path, "t");
        assertThat(decoded).isSameAs(path);
    }
}
