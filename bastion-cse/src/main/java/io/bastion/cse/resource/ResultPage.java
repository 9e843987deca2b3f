package io.bastion.cse.resource;

import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of one RETRIEVE that lists resources (discovery, or children with {@code rcn} 4, 5, 6, 8), offered one
 * by one in a stable order: skips {@code ofst}, stops at {@code lim} or at the CSE's cap. When the cap, not the
 * client's own {@code lim}, cut the list and another result exists, the response says so with Content Status
 * PARTIAL_CONTENT and a Content Offset to give as the next {@code ofst} (TS-0001 8.1.3; TS-0004 7.3.3.17.10,
 * 7.3.3.17.15).
 *
 * @param <T> what a result is
 */
public final class ResultPage<T> {
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
     * @throws OneM2MException 4000 for a negative {@code lim} or {@code ofst}
     */
    public static <T> ResultPage<T> of(FilterCriteria fc, int cap) {
        if (fc.lim() != null && fc.lim() < 0 || fc.ofst() != null && fc.ofst() < 0) {
            throw OneM2MException.badRequest("limit (lim) and offset (ofst) must not be negative");
        }
        boolean capped = fc.lim() == null || fc.lim() > cap;
        return new ResultPage<>(fc.ofst() == null ? 0 : fc.ofst(), capped ? cap : fc.lim(), capped);
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
        return more ? response.withPartialContent((int) Math.min(Integer.MAX_VALUE, (long) offset + items.size()))
                : response;
    }
}
