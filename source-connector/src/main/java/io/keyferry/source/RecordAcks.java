package io.keyferry.source;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Follows the records the task returned to Connect until Connect acknowledges each (written to Kafka, or dropped
 * by a transform or by errors.tolerance), so that a resync's sweep of the topic can wait until every record read
 * before the resync is in the topic: records still in flight when the sweep took the topic's end would be left
 * out of it, and a key they hold that the resync found deleted would keep its copy on the target. Records of
 * different partitions are acknowledged out of order, so each one is numbered and the oldest unacknowledged
 * number tells how far they all are.
 */
final class RecordAcks {
    private final Map<SourceRecord, Long> numbers = new IdentityHashMap<>();
    private final TreeSet<Long> outstanding = new TreeSet<>();
    private long next;

    synchronized void returned(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            numbers.put(record, next);
            outstanding.add(next++);
        }
    }

    /** Called from the producer's callback threads, with a record {@link #returned} gave (the one poll returned). */
    synchronized void acknowledged(SourceRecord record) {
        Long number = numbers.remove(record);
        if (number != null) {
            outstanding.remove(number);
        }
    }

    /** The number the next record returned gets: {@link #allAcknowledged} of it tells when all before it are. */
    synchronized long mark() {
        return next;
    }

    synchronized boolean allAcknowledged(long mark) {
        return outstanding.isEmpty() || outstanding.first() >= mark;
    }
}
