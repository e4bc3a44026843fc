package io.keyferry.source.record;

import io.keyferry.common.record.ChunkKeys;
import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.record.HeaderFormat;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.KeyText;
import io.keyferry.common.record.Operation;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.common.record.RecordMeta;
import io.keyferry.common.record.SlotPartitioner;
import io.keyferry.common.value.DumpDecoder;
import io.keyferry.common.value.PartCodec;
import io.keyferry.common.value.RedisValue;
import io.keyferry.common.value.UndecodableValueException;
import io.keyferry.common.value.ValueStruct;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a key's state into a record per docs/record-format.md: key = the Redis key's bytes, value = its
 * DUMP payload ({@code dump} format) or the payload decoded into a typed Struct ({@code struct} format),
 * null for a key that is gone (a tombstone); partition from the key's hash slot, metadata in headers
 * ({@link HeaderFormat}),
 * timestamp = when the state was read. Both formats come from the same read, so they describe the same moment.
 * A key too big for one record is copied in parts instead ({@link #toPartRecord}).
 */
public final class KeyRecordMapper {
    private final String topic;
    private final SlotPartitioner partitioner;
    private final ValueFormat format;
    private final HeaderFormat headers;
    private final DumpDecoder decoder;
    private final BiPredicate<byte[], RedisValue> fits;

    public KeyRecordMapper(String topic, SlotPartitioner partitioner, ValueFormat format) {
        this(topic, partitioner, format, HeaderFormat.COMPACT, (key, value) -> true);
    }

    /**
     * @param headers how records carry their metadata
     * @param fits    whether a decoded value fits in one record ({@code struct} format)
     */
    public KeyRecordMapper(String topic, SlotPartitioner partitioner, ValueFormat format, HeaderFormat headers,
                           BiPredicate<byte[], RedisValue> fits) {
        this.topic = topic;
        this.partitioner = partitioner;
        this.format = format;
        this.headers = headers;
        this.decoder = format == ValueFormat.STRUCT ? new DumpDecoder() : null;
        this.fits = fits;
    }

    /** A state ready to become records: one record, or the parts of a key too big for one. */
    public sealed interface Mapped permits Whole, InParts {
        KeyState state();
    }

    /** @param value the record's value: a payload, a Struct, or null for a tombstone */
    public record Whole(KeyState state, Object value) implements Mapped {
    }

    /**
     * A key copied in parts: read from the server part by part when its payload was not read, else cut from its
     * payload, decoded when the copy starts (a queued copy holds the payload, not the larger decoded value).
     */
    public record InParts(KeyState state) implements Mapped {
    }

    public Mapped map(KeyState state) {
        if (state.oversized()) {
            return new InParts(state);
        }
        if (format != ValueFormat.STRUCT || !state.exists()) {
            return new Whole(state, state.dump());
        }
        RedisValue value = decode(state);
        return fits.test(state.key(), value) ? new Whole(state, ValueStruct.toStruct(value)) : new InParts(state);
    }

    public SourceRecord toRecord(KeyState state, Operation readBy, Map<String, ?> sourcePartition,
                                 Map<String, ?> sourceOffset) {
        Mapped mapped = map(state);
        if (mapped instanceof Whole whole) {
            return toRecord(whole, readBy, sourcePartition, sourceOffset);
        }
        throw new IllegalStateException("key " + KeyText.printable(state.key()) + " must be copied in parts");
    }

    public SourceRecord toRecord(Whole whole, Operation readBy, Map<String, ?> sourcePartition,
                                 Map<String, ?> sourceOffset) {
        KeyState state = whole.state();
        int slot = SlotPartitioner.slot(state.key());
        Operation operation = state.exists() ? readBy : Operation.DELETE;
        SourceRecord record = record(sourcePartition, sourceOffset, slot, state.key(), whole.value(), state.readTime());
        RecordHeaders.write(record.headers(), headers, RecordMeta.of(state, operation, slot));
        return record;
    }

    /**
     * A part of a big key: under a part key of its own before the last part, under the key itself for the last,
     * which carries {@code readBy} and the key's expiry; always in the key's partition.
     */
    public SourceRecord toPartRecord(KeyState state, RedisValue part, ChunkPosition position, Operation readBy,
                                     Map<String, ?> sourcePartition, Map<String, ?> sourceOffset) {
        int slot = SlotPartitioner.slot(state.key());
        byte[] key = position.last() ? state.key() : ChunkKeys.of(state.key(), position.index());
        Object value = format == ValueFormat.STRUCT ? ValueStruct.toStruct(part) : PartCodec.encode(part);
        SourceRecord record = record(sourcePartition, sourceOffset, slot, key, value, state.readTime());
        RecordHeaders.write(record.headers(), headers,
                RecordMeta.ofPart(state, position.last() ? readBy : Operation.CHUNK, slot, position));
        return record;
    }

    /** A tombstone under the key of a part of a big key: compaction then drops that part from the topic. */
    public SourceRecord toPartTombstone(KeyState state, int index, Map<String, ?> sourcePartition,
                                        Map<String, ?> sourceOffset) {
        int slot = SlotPartitioner.slot(state.key());
        KeyState gone = KeyState.gone(state.key(), state.database(), System.currentTimeMillis());
        SourceRecord record = record(sourcePartition, sourceOffset, slot, ChunkKeys.of(state.key(), index), null,
                gone.readTime());
        RecordHeaders.write(record.headers(), headers, RecordMeta.of(gone, Operation.DELETE, slot));
        return record;
    }

    /** A record of the topic, in the partition of the key's slot. */
    private SourceRecord record(Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, int slot, byte[] key,
                                Object value, long readTime) {
        return new NumberedRecord(sourcePartition, sourceOffset, topic, partitioner.partitionOfSlot(slot),
                Schema.BYTES_SCHEMA, key, valueSchema(), value, readTime);
    }

    private Schema valueSchema() {
        return format == ValueFormat.STRUCT ? ValueStruct.SCHEMA : Schema.OPTIONAL_BYTES_SCHEMA;
    }

    /**
     * The value of a state read whole. A key the struct format cannot carry fails the task loudly: skipping it
     * would lose it silently.
     */
    public RedisValue decode(KeyState state) {
        try {
            return decoder.decode(state.dump());
        } catch (UndecodableValueException e) {
            throw new ConnectException("Key " + KeyText.printable(state.key()) + " (type " + state.type()
                    + ") cannot be written in the struct format: " + e.getMessage() + ". Leave it out with "
                    + "redis.key.exclude or redis.scan.type, or use redis.format=dump.", e);
        }
    }
}
