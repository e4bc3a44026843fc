package io.keyferry.source;

import io.keyferry.source.record.NumberedRecord;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Follows the records the task returned to Connect until Connect acknowledges each (written to Kafka, or dropped
 * by a transform or by errors.tolerance), so that a resync's sweep of the topic can wait until every record read
 * before the resync is in the topic: records still in flight when the sweep took the topic's end would be left
 * out of it, and a key they hold that the resync found deleted would keep its copy on the target.
 *
 * <p>Records are numbered as they are returned ({@link NumberedRecord}); a ring of flags, one per number not yet
 * passed, tells which are acknowledged, in whatever order they come, and the first unacknowledged number tells how
 * far they all are. No map and no object per record.
 */
final class RecordAcks {
    /** Every number below it is acknowledged. */
    private long passed;
    /** The number the next record returned gets. */
    private long next;
    /** Whether number n (passed ≤ n < next) is acknowledged: slot n modulo its length, a power of two. */
    private boolean[] acknowledged = new boolean[1024];

    /** @throws IllegalArgumentException for a record the task did not make (all are {@link NumberedRecord}s) */
    synchronized void returned(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            if (!(record instanceof NumberedRecord numbered)) {
                throw new IllegalArgumentException("a record not made by the task: " + record);
            }
            if (next - passed == acknowledged.length) {
                grow();
            }
            numbered.number(next++);
        }
    }

    /** Called from the producer's callback threads, with a record {@link #returned} gave (the one poll returned). */
    synchronized void acknowledged(SourceRecord record) {
        if (!(record instanceof NumberedRecord numbered) || numbered.number() < passed || numbered.number() >= next) {
            return; // acknowledged before, or never returned
        }
        acknowledged[slot(numbered.number())] = true;
        while (passed < next && acknowledged[slot(passed)]) {
            acknowledged[slot(passed)] = false;
            passed++;
        }
    }

    /** The number the next record returned gets: {@link #allAcknowledged} of it tells when all before it are. */
    synchronized long mark() {
        return next;
    }

    synchronized boolean allAcknowledged(long mark) {
        return passed >= mark;
    }

    private int slot(long number) {
        return (int) (number & (acknowledged.length - 1));
    }

    /** Twice the room, the flags of the numbers in flight kept in their slots of the larger ring. */
    private void grow() {
        boolean[] larger = new boolean[acknowledged.length * 2];
        for (long number = passed; number < next; number++) {
            larger[(int) (number & (larger.length - 1))] = acknowledged[slot(number)];
        }
        acknowledged = larger;
    }
}
