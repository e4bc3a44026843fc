package io.keyferry.source.record;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record of this connector, numbered when the task returns it to Connect, so that Connect's acknowledgement of it
 * (which hands back this very object) finds its place in the task's bookkeeping without a lookup.
 */
public final class NumberedRecord extends SourceRecord {
    private long number = -1;

    public NumberedRecord(Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, String topic, Integer partition,
                   Schema keySchema, Object key, Schema valueSchema, Object value, Long timestamp) {
        super(sourcePartition, sourceOffset, topic, partition, keySchema, key, valueSchema, value, timestamp);
    }

    /** -1 until the task returned the record. */
    public long number() {
        return number;
    }

    public void number(long number) {
        this.number = number;
    }
}
