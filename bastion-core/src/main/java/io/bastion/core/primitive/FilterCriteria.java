package io.bastion.core.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The filter criteria {@code fc} of a request (TS-0004 7.3.3.17, m2m:filterCriteria). Absent conditions are
 * {@code null} (or empty lists); conditions combine with {@code fo} (1 AND, 2 OR) except that several values of
 * one list condition ({@code ty}, {@code lbl}) always match when any of them matches.
 *
 * @param fu filterUsage: 1 discovery, 2 conditional retrieval (TS-0004 6.3.4.2.31)
 * @param fo filterOperation: 1 AND (default), 2 OR
 * @param cra createdAfter
 * @param crb createdBefore
 * @param ms modifiedSince
 * @param us unmodifiedSince
 * @param sts stateTagSmaller
 * @param stb stateTagBigger
 * @param exb expireBefore
 * @param exa expireAfter
 * @param lbl labels
 * @param ty resourceType
 * @param rn resourceName (attribute condition)
 * @param sza sizeAbove (contentSize at least)
 * @param szb sizeBelow (contentSize below)
 * @param lim limit of results
 * @param lvl level: how many levels below the target are searched
 * @param ofst offset: results skipped before the first one returned
 * @param gq geoQuery (Release 4: {@code gmty}, {@code geom}, {@code gsf}): the resource's {@code loc} must relate to
 *        the query's geometry as {@code gsf} asks; a resource without {@code loc} does not match it
 * @param atr attribute conditions (TS-0004 7.3.3.17.9): satisfied when any of the pairs matches
 */
public record FilterCriteria(
        Integer fu,
        Integer fo,
        Instant cra,
        Instant crb,
        Instant ms,
        Instant us,
        Integer sts,
        Integer stb,
        Instant exb,
        Instant exa,
        List<String> lbl,
        List<Integer> ty,
        String rn,
        Integer sza,
        Integer szb,
        Integer lim,
        Integer lvl,
        Integer ofst,
        GeoCondition gq,
        List<AttributeCondition> atr) {

    /**
     * The geo-query condition ({@code io.bastion.core.geo.GeoQuery}), seen from here as what it asks of a resource, so
     * that the primitives do not depend on the geometry.
     */
    public interface GeoCondition {
        /** A resource whose location ({@code loc}, null when it has none) is {@code location} matches. */
        boolean matchesLocation(JsonNode location);
    }

    private static final FilterCriteria NONE = new FilterCriteria(null, null, null, null, null, null, null, null, null,
            null, List.of(), List.of(), null, null, null, null, null, null);

    public static final int USAGE_DISCOVERY = 1;
    public static final int USAGE_CONDITIONAL_RETRIEVAL = 2;

    public FilterCriteria {
        lbl = lbl == null ? List.of() : List.copyOf(lbl);
        ty = ty == null ? List.of() : List.copyOf(ty);
        atr = atr == null ? List.of() : List.copyOf(atr);
    }

    /** The filter criteria without a geo-query nor attribute conditions. */
    public FilterCriteria(Integer fu, Integer fo, Instant cra, Instant crb, Instant ms, Instant us, Integer sts,
                          Integer stb, Instant exb, Instant exa, List<String> lbl, List<Integer> ty, String rn,
                          Integer sza, Integer szb, Integer lim, Integer lvl, Integer ofst) {
        this(fu, fo, cra, crb, ms, us, sts, stb, exb, exa, lbl, ty, rn, sza, szb, lim, lvl, ofst, null, List.of());
    }

    public boolean isDiscovery() {
        return fu != null && fu == USAGE_DISCOVERY;
    }

    /** True when any condition on the resources themselves is present (not only fu/lim/lvl/ofst). */
    public boolean hasConditions() {
        return cra != null || crb != null || ms != null || us != null || sts != null || stb != null
                || exb != null || exa != null || !lbl.isEmpty() || !ty.isEmpty() || rn != null
                || sza != null || szb != null || gq != null || !atr.isEmpty();
    }

    /** No filter criteria: every request without any gets this one instance. */
    public static FilterCriteria none() {
        return NONE;
    }
}
