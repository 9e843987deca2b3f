package io.bastion.cse.resource;

import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of one RETRIEVE that lists resources (discovery, or children with {@code rcn} 4, 5, 6, 8), offered one
 * by one in a stable order: starts at {@code ofst}, stops at {@code lim} or at the CSE's cap. When the cap, not the
 * client's own {@code lim}, cut the list and another result exists, the response says so with Content Status
 * PARTIAL_CONTENT and a Content Offset to give as the next {@code ofst} (TS-0001 8.1.3; TS-0004 7.3.3.17.10,
 * 7.3.3.17.15).
 *
 * <p>{@code ofst} counts from 1: "An offset of 1 shall indicate the first direct child resource" (TS-0004
 * 7.3.3.17.15), "The offset shall start at 1" (TS-0001 8.1.3), and its type is xs:positiveInteger (TS-0004 table
 * 6.3.5.8-1), so 0 is refused. The same texts also describe it as the number of resources to "skip over"; the
 * explicit sentences decide, and other CSEs read it so too. The Content Offset is therefore the position of the first
 * result not returned.
 *
 * @param <T> what a result is
 */
public final class ResultPage<T> {
    /** How many results are skipped: {@code ofst - 1}. */
    private final int offset;
    private final int limit;
    private final boolean capped;
    private final List<T> items = new ArrayList<>();
    private int skipped;
    private boolean more;

    private ResultPage(int offset, int limit, boolean capped) {
        this.offset = offset;
        this.limit = limit;
        this.capped = capped;
    }

    /**
     * @param cap the most results this CSE puts in one response
     * @throws OneM2MException 4000 for a negative {@code lim} or an {@code ofst} below 1
     */
    public static <T> ResultPage<T> of(FilterCriteria fc, int cap) {
        if (fc.lim() != null && fc.lim() < 0) {
            throw OneM2MException.badRequest("limit (lim) must not be negative");
        }
        if (fc.ofst() != null && fc.ofst() < 1) {
            throw OneM2MException.badRequest("offset (ofst) counts from 1, the first result");
        }
        boolean capped = fc.lim() == null || fc.lim() > cap;
        return new ResultPage<>(fc.ofst() == null ? 0 : fc.ofst() - 1, capped ? cap : fc.lim(), capped);
    }

    /** Whether any result is wanted at all ({@code lim=0} wants none). */
    public boolean wantsAny() {
        return limit > 0;
    }

    /**
     * Offers the next result. Past the cap, one more result only shows that the list is partial.
     *
     * @return whether further results are wanted
     */
    public boolean offer(T item) {
        if (skipped < offset) {
            skipped++;
            return true;
        }
        if (items.size() == limit) {
            more = capped;
            return false;
        }
        items.add(item);
        return items.size() < limit || capped;
    }

    public List<T> items() {
        return items;
    }

    /** {@code response}, marked partial with the next offset when the cap cut the list. */
    public Response complete(Response response) {
        return more ? response.withPartialContent((int) Math.min(Integer.MAX_VALUE, (long) offset + items.size() + 1))
                : response;
    }
}
