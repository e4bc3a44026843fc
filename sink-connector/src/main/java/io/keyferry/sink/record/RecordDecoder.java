package io.keyferry.sink.record;

import io.keyferry.common.record.ChunkKeys;
import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.common.record.RecordMeta;
import io.keyferry.common.value.PartCodec;
import io.keyferry.common.value.RedisValue;
import io.keyferry.common.value.ValueStruct;
import io.keyferry.sink.write.KeyWrite;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a record of the contract (docs/record-format.md) into a {@link KeyWrite}: the key as raw bytes
 * (rewritten by the configured prefixes), the value as a DUMP payload ({@code dump} format: bytes) or a
 * typed value ({@code struct} format: a Struct), the expiry from the headers ({@link RecordHeaders}). A record
 * that does not fit the contract is a {@link DataException} naming what to change, never a silent skip.
 */
public final class RecordDecoder {
    private static final String CONVERTER_HINT = "; records must be written by the Keyferry source, with key.converter "
            + "org.apache.kafka.connect.converters.ByteArrayConverter (or a converter that gives bytes back, such as "
            + "JsonConverter) and a value.converter matching redis.format (ByteArrayConverter for dump, a "
            + "converter with schemas such as JsonConverter with schemas.enable=true for struct)";

    private final KeyRewriter keys;

    public RecordDecoder() {
        this(new KeyRewriter("", ""));
    }

    public RecordDecoder(KeyRewriter keys) {
        this.keys = keys;
    }

    /**
     * The metadata of a record, read once from its headers; none for the tombstone of a big key's part, which asks
     * nothing of the target whatever its headers say.
     *
     * @throws DataException when a header cannot be read
     */
    public RecordMeta meta(SinkRecord record) {
        if (record.value() == null && record.key() != null && ChunkKeys.isPartKey(bytes(record.key(), "key"))) {
            return RecordMeta.NONE;
        }
        try {
            return RecordHeaders.read(record.headers());
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /** As {@link #decode(SinkRecord, RecordMeta)}, reading the record's metadata first. */
    public KeyWrite decode(SinkRecord record) {
        return decode(record, meta(record));
    }

    /**
     * @param meta the record's metadata ({@link #meta})
     * @return what the record asks of the target, or null for nothing: the tombstone of a big key's part, which
     *     only retires the part from the compacted topic
     */
    public KeyWrite decode(SinkRecord record, RecordMeta meta) {
        byte[] key = bytes(record.key(), "key");
        if (key == null || key.length == 0) {
            throw new DataException("record has no key" + CONVERTER_HINT);
        }
        if (record.value() == null && ChunkKeys.isPartKey(key)) {
            return null;
        }
        long expireAt = meta.expireAt();
        ChunkPosition chunk = meta.chunk();
        Object value = record.value();
        if (chunk != null) {
            return part(record, key, value, expireAt, chunk);
        }
        if (value == null) {
            return new KeyWrite.Tombstone(record, keys.rewrite(key));
        }
        if (value instanceof Struct struct) {
            return new KeyWrite.Typed(record, keys.rewrite(key), ValueStruct.fromStruct(struct), expireAt);
        }
        return new KeyWrite.Dump(record, keys.rewrite(key), bytes(value, "value"), expireAt);
    }

    /** A part of a big key: its content as a value (a Struct, or the bytes of {@link PartCodec}). */
    private KeyWrite.Part part(SinkRecord record, byte[] key, Object value, long expireAt, ChunkPosition chunk) {
        if (value == null) {
            throw new DataException("part " + chunk.index() + " of a big key has no value");
        }
        try {
            byte[] redisKey = chunk.last() ? key : ChunkKeys.redisKey(key, chunk.index());
            RedisValue part = value instanceof Struct struct ? ValueStruct.fromStruct(struct)
                    : PartCodec.decode(bytes(value, "value"));
            return new KeyWrite.Part(record, keys.rewrite(redisKey), part, expireAt, chunk);
        } catch (IllegalArgumentException e) {
            throw new DataException("part " + chunk.index() + " of a big key cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Object value, String what) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        throw new DataException("record " + what + " is a " + value.getClass().getSimpleName() + ", not bytes"
                + (what.equals("value") ? " or a struct" : "") + CONVERTER_HINT);
    }
}
