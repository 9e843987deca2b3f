package io.bastion.cse.polling;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the polling channels did since the CSE started.
 *
 * @param queued primitives the channels took (for a poll waiting then, or into the queue)
 * @param handed primitives handed to a long poll
 * @param answered answers of AEs that matched a primitive they were handed
 * @param expired primitives dropped at their expiry (or given up beyond the bound of unanswered ones); their
 *        requesters were answered 4008
 * @param refused primitives refused because a channel was full (5207; a notification counts as dropped in the
 *        dispatcher's statistics too)
 * @param channels channels known now
 */
public record PollingStats(long queued, long handed, long answered, long expired, long refused, int channels) {

    /** The counters the mailboxes share. */
    static final class Counters {
        final LongAdder queued = new LongAdder();
        final LongAdder handed = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder expired = new LongAdder();
        final LongAdder refused = new LongAdder();

        PollingStats snapshot(int channels) {
            return new PollingStats(queued.sum(), handed.sum(), answered.sum(), expired.sum(), refused.sum(),
                    channels);
        }
    }
}
