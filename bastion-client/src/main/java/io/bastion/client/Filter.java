package io.bastion.client;

import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.FilterCriteria;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of a discovery (TS-0004 7.3.3.17, {@code m2m:filterCriteria} with {@code fu}=1), built one
 * condition at a time: {@code Filter.any().label("room:1").type(4).limit(10)}. Several labels or types match when any
 * of them does; different conditions all have to match ({@code fo}=1, the default). Immutable: every method returns
 * a new filter.
 */
public final class Filter {
    private final List<String> lbl;
    private final List<Integer> ty;
    private final List<AttributeCondition> atr;
    private final String rn;
    private final Integer lim;
    private final Integer lvl;
    private final Integer ofst;
    private final Instant cra;
    private final Instant crb;

    private Filter(List<String> lbl, List<Integer> ty, List<AttributeCondition> atr, String rn, Integer lim,
                   Integer lvl, Integer ofst, Instant cra, Instant crb) {
        this.lbl = List.copyOf(lbl);
        this.ty = List.copyOf(ty);
        this.atr = List.copyOf(atr);
        this.rn = rn;
        this.lim = lim;
        this.lvl = lvl;
        this.ofst = ofst;
        this.cra = cra;
        this.crb = crb;
    }

    /** No condition: every resource below the target the originator may discover. */
    public static Filter any() {
        return new Filter(List.of(), List.of(), List.of(), null, null, null, null, null, null);
    }

    /** Resources carrying this label ({@code lbl}); with several labels, any of them. */
    public Filter label(String label) {
        return new Filter(plus(lbl, label), ty, atr, rn, lim, lvl, ofst, cra, crb);
    }

    /** Resources of this type ({@code ty}); with several types, any of them. */
    public Filter type(int resourceType) {
        return new Filter(lbl, plus(ty, resourceType), atr, rn, lim, lvl, ofst, cra, crb);
    }

    /** Resources whose attribute {@code shortName} has {@code value} ({@code *} matches any run of characters). */
    public Filter attribute(String shortName, String value) {
        return new Filter(lbl, ty, plus(atr, new AttributeCondition(shortName, value)), rn, lim, lvl, ofst, cra, crb);
    }

    /** Resources named {@code name} ({@code rn}). */
    public Filter name(String name) {
        return new Filter(lbl, ty, atr, name, lim, lvl, ofst, cra, crb);
    }

    /** At most {@code n} results ({@code lim}). */
    public Filter limit(int n) {
        return new Filter(lbl, ty, atr, rn, n, lvl, ofst, cra, crb);
    }

    /** Only {@code n} levels below the target ({@code lvl}). */
    public Filter level(int n) {
        return new Filter(lbl, ty, atr, rn, lim, n, ofst, cra, crb);
    }

    /** Skips the first {@code n} results ({@code ofst}). */
    public Filter offset(int n) {
        return new Filter(lbl, ty, atr, rn, lim, lvl, n, cra, crb);
    }

    /** Resources created after {@code t} ({@code cra}). */
    public Filter createdAfter(Instant t) {
        return new Filter(lbl, ty, atr, rn, lim, lvl, ofst, t, crb);
    }

    /** Resources created before {@code t} ({@code crb}). */
    public Filter createdBefore(Instant t) {
        return new Filter(lbl, ty, atr, rn, lim, lvl, ofst, cra, t);
    }

    /** The filter criteria of a discovery: these conditions with {@code fu}=1. */
    public FilterCriteria discovery() {
        return new FilterCriteria(FilterCriteria.USAGE_DISCOVERY, null, cra, crb, null, null, null, null, null, null,
                lbl, ty, rn, null, null, lim, lvl, ofst, null, atr);
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
