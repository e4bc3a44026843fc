package io.keyferry.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.source.record.NumberedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RecordAcksTest {
    private static SourceRecord record(int partition) {
        return new NumberedRecord(Map.of(), Map.of(), "keys", partition, null, null, null, null, 1L);
    }

    @Test
    void aMarkIsPassedWhenEveryRecordBeforeItIsAcknowledgedInAnyPartitionOrder() {
        RecordAcks acks = new RecordAcks();
        SourceRecord a0 = record(0);
        SourceRecord a1 = record(0);
        SourceRecord b0 = record(1);
        acks.returned(List.of(a0, b0, a1));
        long mark = acks.mark();
        SourceRecord later = record(1);
        acks.returned(List.of(later));

        acks.acknowledged(b0);
        acks.acknowledged(a0);
        assertFalse(acks.allAcknowledged(mark), "a1 is still in flight");
        acks.acknowledged(a1);
        assertTrue(acks.allAcknowledged(mark), "a record after the mark does not count");
        assertFalse(acks.allAcknowledged(acks.mark()));
        acks.acknowledged(later);
        assertTrue(acks.allAcknowledged(acks.mark()));
    }

    @Test
    void aRecordAcknowledgedOutOfTurnInItsPartitionCountsOnceThoseBeforeItAre() {
        RecordAcks acks = new RecordAcks();
        SourceRecord sent = record(3);
        SourceRecord dropped = record(3);
        acks.returned(List.of(sent, dropped));
        long afterDropped = acks.mark();

        acks.acknowledged(dropped);
        assertFalse(acks.allAcknowledged(afterDropped), "the record sent before it is not acknowledged yet");
        acks.acknowledged(sent);
        assertTrue(acks.allAcknowledged(afterDropped));
        acks.acknowledged(sent);
        assertTrue(acks.allAcknowledged(afterDropped), "an acknowledgement told twice changes nothing");
    }

    @Test
    void manyRecordsInFlightAcknowledgedNewestFirstAllCount() {
        RecordAcks acks = new RecordAcks();
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            records.add(record(i % 8));
        }
        acks.returned(records.subList(0, 3000));
        long mark = acks.mark();
        acks.returned(records.subList(3000, 5000));
        for (int i = 4999; i > 0; i--) {
            acks.acknowledged(records.get(i));
        }
        assertFalse(acks.allAcknowledged(mark), "the first record is still in flight");
        acks.acknowledged(records.get(0));
        assertTrue(acks.allAcknowledged(acks.mark()));
    }

    @Test
    void aRecordTheTaskDidNotMakeIsRefused() {
        SourceRecord foreign = new SourceRecord(Map.of(), Map.of(), "keys", 0, null, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> new RecordAcks().returned(List.of(foreign)));
    }
}
