package io.keyferry.source;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Follows the records the task returned to Connect until Connect acknowledges each (written to Kafka, or dropped
 * by a transform or by errors.tolerance), so that a resync's sweep of the topic can wait until every record read
 * before the resync is in the topic: records still in flight when the sweep took the topic's end would be left
 * out of it, and a key they hold that the resync found deleted would keep its copy on the target.
 *
 * <p>Each record is numbered, and queued by its Kafka partition: the producer acknowledges a partition's records in
 * the order they were sent, so an acknowledgement nearly always takes the head of its queue, and the oldest number
 * at the heads tells how far they all are. One acknowledged out of turn (a record a transform dropped is
 * acknowledged at once, before the records sent ahead of it) is looked for from the tail and marked, and leaves
 * the queue when the records before it have.
 */
final class RecordAcks {
    private static final class Returned {
        final SourceRecord record;
        final long number;
        boolean acknowledged;

        Returned(SourceRecord record, long number) {
            this.record = record;
            this.number = number;
        }
    }

    private final Map<Integer, ArrayDeque<Returned>> byPartition = new HashMap<>();
    private long next;

    synchronized void returned(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            byPartition.computeIfAbsent(record.kafkaPartition(), p -> new ArrayDeque<>())
                    .addLast(new Returned(record, next++));
        }
    }

    /** Called from the producer's callback threads, with a record {@link #returned} gave (the one poll returned). */
    synchronized void acknowledged(SourceRecord record) {
        ArrayDeque<Returned> queue = byPartition.get(record.kafkaPartition());
        if (queue == null || queue.isEmpty()) {
            return;
        }
        if (queue.peekFirst().record == record) {
            queue.pollFirst();
        } else {
            for (Iterator<Returned> newest = queue.descendingIterator(); newest.hasNext(); ) {
                Returned returned = newest.next();
                if (returned.record == record) {
                    returned.acknowledged = true;
                    break;
                }
            }
        }
        while (!queue.isEmpty() && queue.peekFirst().acknowledged) {
            queue.pollFirst();
        }
    }

    /** The number the next record returned gets: {@link #allAcknowledged} of it tells when all before it are. */
    synchronized long mark() {
        return next;
    }

    synchronized boolean allAcknowledged(long mark) {
        for (ArrayDeque<Returned> queue : byPartition.values()) {
            if (!queue.isEmpty() && queue.peekFirst().number < mark) {
                return false;
            }
        }
        return true;
    }
}
