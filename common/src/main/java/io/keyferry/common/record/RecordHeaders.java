package io.keyferry.common.record;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * The metadata of a record, as Kafka headers (see docs/record-format.md). Headers keep the value the bare
 * DUMP payload, and a tombstone stays a null value that compaction can drop while its headers still say
 * what happened. Readers accept numbers as numbers or as their decimal text, as text or as bytes, since header
 * converters differ: the worker's default SimpleHeaderConverter gives numbers, StringConverter (recommended: it
 * does not parse every header) gives text, ByteArrayConverter gives the bytes of that text.
 */
public final class RecordHeaders {
    public static final String OPERATION = "redis.op";
    public static final String TYPE = "redis.type";
    public static final String DATABASE = "redis.db";
    public static final String SLOT = "redis.slot";
    public static final String EXPIRE_AT = "redis.expire.at";
    public static final String RDB_VERSION = "redis.rdb.version";
    public static final String EVENT_TIME = "redis.event.time";
    /** Parts of a big key: the copy they belong to, the part's index, and on the last part how many there are. */
    public static final String CHUNK_VERSION = "redis.chunk.version";
    public static final String CHUNK_INDEX = "redis.chunk.index";
    public static final String CHUNK_COUNT = "redis.chunk.count";

    private RecordHeaders() {
    }

    public static void write(Headers headers, KeyState state, Operation operation, int slot) {
        headers.addString(OPERATION, operation.code());
        headers.addInt(DATABASE, state.database());
        headers.addInt(SLOT, slot);
        headers.addLong(EVENT_TIME, state.readTime());
        if (state.exists()) {
            headers.addString(TYPE, state.type());
            if (!state.persistent()) {
                headers.addLong(EXPIRE_AT, state.expireAt());
            }
            headers.addInt(RDB_VERSION, DumpPayload.rdbVersion(state.dump()));
        }
    }

    /**
     * The headers of a part of a big key: the part's operation ({@link Operation#CHUNK} before the last), the
     * key's type, database and slot, and its expiry on the last part, which completes the copy.
     */
    public static void writeChunk(Headers headers, Operation operation, KeyState state, int slot,
                                  ChunkPosition position) {
        headers.addString(OPERATION, operation.code());
        headers.addInt(DATABASE, state.database());
        headers.addInt(SLOT, slot);
        headers.addLong(EVENT_TIME, state.readTime());
        headers.addString(TYPE, state.type());
        headers.addString(CHUNK_VERSION, position.version());
        headers.addInt(CHUNK_INDEX, position.index());
        if (position.last()) {
            headers.addInt(CHUNK_COUNT, position.count());
            if (!state.persistent()) {
                headers.addLong(EXPIRE_AT, state.expireAt());
            }
        }
    }

    /** Where the record stands in the copy of a big key, or null for a record that carries a whole key. */
    public static ChunkPosition chunk(Headers headers) {
        Header version = headers.lastWithName(CHUNK_VERSION);
        if (version == null || version.value() == null) {
            return null;
        }
        OptionalLong index = number(headers, CHUNK_INDEX);
        if (index.isEmpty()) {
            throw new IllegalArgumentException("a part of a big key has no " + CHUNK_INDEX + " header");
        }
        OptionalLong count = number(headers, CHUNK_COUNT);
        if (count.isPresent() && count.getAsLong() != index.getAsLong() + 1) {
            throw new IllegalArgumentException("the last part of a big key has index " + index.getAsLong()
                    + " but " + CHUNK_COUNT + " " + count.getAsLong());
        }
        return new ChunkPosition(text(version.value()), Math.toIntExact(index.getAsLong()), count.isPresent(),
                number(headers, EVENT_TIME).orElse(0));
    }

    /** The absolute expiry in Unix milliseconds, empty for a persistent key. */
    public static OptionalLong expireAt(Headers headers) {
        return number(headers, EXPIRE_AT);
    }

    private static OptionalLong number(Headers headers, String name) {
        Header header = headers.lastWithName(name);
        if (header == null || header.value() == null) {
            return OptionalLong.empty();
        }
        Object value = header.value();
        if (value instanceof Number number) {
            return OptionalLong.of(number.longValue());
        }
        String text = text(value);
        try {
            return OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + name + " is not a number: '" + text + "'", e);
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }
}
