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

    /** The absolute expiry in Unix milliseconds, empty for a persistent key. */
    public static OptionalLong expireAt(Headers headers) {
        Header header = headers.lastWithName(EXPIRE_AT);
        if (header == null || header.value() == null) {
            return OptionalLong.empty();
        }
        Object value = header.value();
        if (value instanceof Number number) {
            return OptionalLong.of(number.longValue());
        }
        if (value instanceof byte[] bytes) {
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return OptionalLong.of(Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + EXPIRE_AT + " is not a number: '" + value + "'", e);
        }
    }
}
