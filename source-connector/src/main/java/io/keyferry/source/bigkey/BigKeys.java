package io.keyferry.source.bigkey;

import java.time.Duration;

/**
 * How a source treats keys too big for one record, shared by all its lanes.
 *
 * @param sizes        what fits in a record
 * @param policy       copy them in parts, or leave them out
 * @param copyInterval the least time between the starts of two copies of one big key (live modes): a big key
 *                     that keeps changing is copied again at most this often, not at every change
 * @param partsPerPoll the most parts a lane emits in one poll, which bounds what the task holds at a time
 * @param counters     where copies, parts and skipped keys are counted
 */
public record BigKeys(PartSizes sizes, BigKeyPolicy policy, Duration copyInterval, int partsPerPoll,
                      Counters counters) {
    /** The metrics of big keys. */
    public interface Counters {
        void bigKeyCopied();

        void bigKeyPart();

        void bigKeySkipped();
    }
}
