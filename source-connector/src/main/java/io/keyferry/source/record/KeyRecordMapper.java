package io.keyferry.source.record;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.Operation;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.common.record.SlotPartitioner;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a key's state into a record per docs/record-format.md: key = the Redis key's bytes, value = its
 * DUMP payload (null for a key that is gone: a tombstone), partition from the key's hash slot, metadata in
 * headers, timestamp = when the state was read.
 */
public final class KeyRecordMapper {
    private final String topic;
    private final SlotPartitioner partitioner;

    public KeyRecordMapper(String topic, SlotPartitioner partitioner) {
        this.topic = topic;
        this.partitioner = partitioner;
    }

    public SourceRecord toRecord(KeyState state, Operation readBy, Map<String, ?> sourcePartition,
                                 Map<String, ?> sourceOffset) {
        int slot = SlotPartitioner.slot(state.key());
        Operation operation = state.exists() ? readBy : Operation.DELETE;
        SourceRecord record = new SourceRecord(sourcePartition, sourceOffset, topic, partitioner.partitionOfSlot(slot),
                Schema.BYTES_SCHEMA, state.key(), Schema.OPTIONAL_BYTES_SCHEMA, state.dump(), state.readTime());
        RecordHeaders.write(record.headers(), state, operation, slot);
        return record;
    }
}
