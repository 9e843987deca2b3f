package io.bastion.security.acp;

/**
 * One constraint inside an {@code accessControlContexts} entry (TS-0003 table 7.1.3-3): a time window, an IP range
 * or a location region. Sealed so that the evaluator can switch over the kinds exhaustively.
 */
public sealed interface ContextCondition permits TimeWindows, IpRanges, LocationRegion {
}
