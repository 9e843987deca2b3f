package io.bastion.cse.config;

/**
 * How many resources one response lists at most. A RETRIEVE cut at such a limit says so: Content Status
 * PARTIAL_CONTENT and a Content Offset for the next request's {@code ofst} (TS-0001 8.1.3, TS-0004 table
 * 6.3.4.2.44-1). A smaller {@code lim} in the request is the client's own choice and is not marked.
 *
 * @param discoveryMaxResults the most resource addresses a discovery ({@code fu=1}) answers with
 *        ({@code discovery.max-results})
 * @param retrieveMaxChildren the most child resources a RETRIEVE with {@code rcn} 4, 5, 6 or 8 includes
 *        ({@code retrieve.max-children})
 */
public record ResultLimits(int discoveryMaxResults, int retrieveMaxChildren) {
    public static final int DEFAULT_DISCOVERY_MAX_RESULTS = 10_000;
    public static final int DEFAULT_RETRIEVE_MAX_CHILDREN = 1_000;

    public ResultLimits {
        if (discoveryMaxResults < 1 || retrieveMaxChildren < 1) {
            throw new IllegalArgumentException("discovery.max-results and retrieve.max-children must be at least 1");
        }
    }

    /** 10,000 discovery results, 1,000 children. */
    public static ResultLimits defaults() {
        return new ResultLimits(DEFAULT_DISCOVERY_MAX_RESULTS, DEFAULT_RETRIEVE_MAX_CHILDREN);
    }
}
