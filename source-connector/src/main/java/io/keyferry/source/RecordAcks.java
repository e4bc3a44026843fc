package io.keyferry.source;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the records the task returned to Connect and those Connect has acknowledged since (written to Kafka, or
 * dropped by a transform or by errors.tolerance), so that a resync's sweep of the topic can wait until every record
 * read before the resync is in the topic: records still in flight when the sweep took the topic's end would be left
 * out of it, and a key they hold that the resync found deleted would keep its copy on the target.
 */
final class RecordAcks {
    private final AtomicLong returned = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();

    void returned(int records) {
        returned.addAndGet(records);
    }

    /** Called from the producer's callback threads. */
    void acknowledged() {
        acknowledged.incrementAndGet();
    }

    /** The records returned so far: {@link #allAcknowledged} of it tells when they are all acknowledged. */
    long mark() {
        return returned.get();
    }

    boolean allAcknowledged(long mark) {
        return acknowledged.get() >= mark;
    }
}
