package io.bastion.cse.explain;

import java.util.List;

/**
 * The tokens and roles an explained request presents, as a real request would carry them.
 *
 * @param tkns compact tokens (the {@code tkns} of the request; HTTP {@code Authorization: Bearer t1+t2})
 * @param tids Token-IDs ({@code tids})
 * @param rids Role-IDs ({@code rids})
 */
public record Presented(List<String> tkns, List<String> tids, List<String> rids) {
    /** Nothing presented. */
    public static final Presented NONE = new Presented(List.of(), List.of(), List.of());

    public Presented {
        tkns = tkns == null ? List.of() : List.copyOf(tkns);
        tids = tids == null ? List.of() : List.copyOf(tids);
        rids = rids == null ? List.of() : List.copyOf(rids);
    }
}
