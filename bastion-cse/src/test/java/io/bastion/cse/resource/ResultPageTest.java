package io.bastion.cse.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.ContentStatus;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Offset, limit and the CSE's cap over results offered one by one, and when the answer is partial. */
class ResultPageTest {
    static final int CAP = 5;

    static FilterCriteria fc(Integer lim, Integer ofst) {
        return new FilterCriteria(1, null, null, null, null, null, null, null, null, null, List.of(), List.of(),
                null, null, null, lim, null, ofst);
    }

    /** Offers 0..n-1 until the page wants no more. */
    static ResultPage<Integer> offer(int n, Integer lim, Integer ofst) {
        ResultPage<Integer> page = ResultPage.of(fc(lim, ofst), CAP);
        if (page.wantsAny()) {
            for (int i = 0; i < n && page.offer(i); i++) {
                // offered
            }
        }
        return page;
    }

    @ParameterizedTest(name = "{0} results, lim {1}, ofst {2}: first {3}, count {4}, next offset {5}")
    @CsvSource(nullValues = "-", value = {
            // no lim: the cap applies and says so when more results exist
            "12, -, -, 0, 5, 6",
            "12, -, 1, 0, 5, 6",
            "12, -, 6, 5, 5, 11",
            "12, -, 11, 10, 2, -",
            "5, -, -, 0, 5, -",
            "6, -, 2, 1, 5, -",
            // the client's own lim at or below the cap: never marked
            "12, 3, -, 0, 3, -",
            "12, 5, -, 0, 5, -",
            "12, 0, -, -, 0, -",
            // a lim above the cap: the cap cuts, and says so
            "12, 100, 3, 2, 5, 8",
            "7, 100, 3, 2, 5, -",
            "3, -, 7, -, 0, -"})
    void pages(int n, Integer lim, Integer ofst, Integer first, int count, Integer next) {
        ResultPage<Integer> page = offer(n, lim, ofst);
        assertThat(page.items()).hasSize(count);
        if (first != null) {
            assertThat(page.items()).containsExactlyElementsOf(IntStream.range(first, first + count).boxed().toList());
        }
        Response r = page.complete(Response.of(ResponseStatusCode.OK, null));
        if (next == null) {
            assertThat(r.cnst()).isNull();
            assertThat(r.cnot()).isNull();
        } else {
            assertThat(r.cnst()).isEqualTo(ContentStatus.PARTIAL_CONTENT);
            assertThat(r.cnot()).isEqualTo(next);
        }
    }

    @Test
    void theLookAheadStopsAtTheFirstResultPastTheCap() {
        ResultPage<Integer> page = ResultPage.of(fc(null, null), CAP);
        int offered = 0;
        for (int i = 0; i < 1000 && page.offer(i); i++) {
            offered++;
        }
        assertThat(offered).isEqualTo(CAP);
    }

    @Test
    void negativeLimitOrOffsetIsABadRequest() {
        assertThatThrownBy(() -> ResultPage.of(fc(-1, null), CAP)).isInstanceOfSatisfying(OneM2MException.class,
                e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
        assertThatThrownBy(() -> ResultPage.of(fc(null, -1), CAP)).isInstanceOf(OneM2MException.class);
    }
}
