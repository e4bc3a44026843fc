package io.keyferry.source.record;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.KeyText;
import io.keyferry.common.record.Operation;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.common.record.SlotPartitioner;
import io.keyferry.common.value.DumpDecoder;
import io.keyferry.common.value.UndecodableValueException;
import io.keyferry.common.value.ValueStruct;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a key's state into a record per docs/record-format.md: key = the Redis key's bytes, value = its
 * DUMP payload ({@code dump} format) or the payload decoded into a typed Struct ({@code struct} format),
 * null for a key that is gone (a tombstone); partition from the key's hash slot, metadata in headers,
 * timestamp = when the state was read. Both formats come from the same read, so they describe the same moment.
 */
public final class KeyRecordMapper {
    private final String topic;
    private final SlotPartitioner partitioner;
    private final ValueFormat format;
    private final DumpDecoder decoder;

    public KeyRecordMapper(String topic, SlotPartitioner partitioner, ValueFormat format) {
        this.topic = topic;
        this.partitioner = partitioner;
        this.format = format;
        this.decoder = format == ValueFormat.STRUCT ? new DumpDecoder() : null;
    }

    public SourceRecord toRecord(KeyState state, Operation readBy, Map<String, ?> sourcePartition,
                                 Map<String, ?> sourceOffset) {
        int slot = SlotPartitioner.slot(state.key());
        Operation operation = state.exists() ? readBy : Operation.DELETE;
        Schema valueSchema = format == ValueFormat.STRUCT ? ValueStruct.SCHEMA : Schema.OPTIONAL_BYTES_SCHEMA;
        Object value = format == ValueFormat.STRUCT && state.exists() ? struct(state) : state.dump();
        SourceRecord record = new SourceRecord(sourcePartition, sourceOffset, topic, partitioner.partitionOfSlot(slot),
                Schema.BYTES_SCHEMA, state.key(), valueSchema, value, state.readTime());
        RecordHeaders.write(record.headers(), state, operation, slot);
        return record;
    }

    /** A key the struct format cannot carry fails the task loudly: skipping it would lose it silently. */
    private Struct struct(KeyState state) {
        try {
            return ValueStruct.toStruct(decoder.decode(state.dump()));
        } catch (UndecodableValueException e) {
            throw new ConnectException("Key " + KeyText.printable(state.key()) + " (type " + state.type()
                    + ") cannot be written in the struct format: " + e.getMessage() + ". Leave it out with "
                    + "redis.key.exclude or redis.scan.type, or use redis.format=dump.", e);
        }
    }
}
