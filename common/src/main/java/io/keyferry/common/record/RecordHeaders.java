package io.keyferry.common.record;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * The metadata of a record, as Kafka headers (see docs/record-format.md): one {@code redis.meta} header
 * ({@link HeaderFormat#COMPACT}, {@link CompactHeader}) or one header per field ({@link HeaderFormat#SEPARATE}).
 * Headers keep the value the bare DUMP payload, and a tombstone stays a null value that compaction can drop while
 * its headers still say what happened.
 *
 * <p>{@link #read} takes either form, so a sink reads topics written by any version of the source. Readers accept
 * numbers as numbers or as their decimal text, and text as text or as bytes, since header converters differ: the
 * worker's default SimpleHeaderConverter gives numbers, StringConverter (recommended: it does not parse every
 * header) gives text, ByteArrayConverter gives the bytes of that text.
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

    public static void write(Headers headers, HeaderFormat format, RecordMeta meta) {
        if (format == HeaderFormat.COMPACT) {
            headers.addString(CompactHeader.NAME, CompactHeader.format(meta));
            return;
        }
        headers.addString(OPERATION, meta.operation().code());
        headers.addInt(DATABASE, meta.database());
        headers.addInt(SLOT, meta.slot());
        headers.addLong(EVENT_TIME, meta.eventTime());
        if (meta.type() != null) {
            headers.addString(TYPE, meta.type());
        }
        ChunkPosition chunk = meta.chunk();
        if (chunk != null) {
            headers.addString(CHUNK_VERSION, chunk.version());
            headers.addInt(CHUNK_INDEX, chunk.index());
            if (chunk.last()) {
                headers.addInt(CHUNK_COUNT, chunk.count());
            }
        }
        if (meta.expireAt() >= 0) {
            headers.addLong(EXPIRE_AT, meta.expireAt());
        }
        if (meta.rdbVersion() >= 0) {
            headers.addInt(RDB_VERSION, meta.rdbVersion());
        }
    }

    /**
     * The metadata the headers carry, in either form: the {@code redis.meta} header where there is one, else the
     * separate headers (the last of a name counts); {@link RecordMeta#NONE} of what neither gives.
     *
     * @throws IllegalArgumentException when a field cannot be read (a number that is not one, a part of a big key
     *                                  without its index)
     */
    public static RecordMeta read(Headers headers) {
        Header compact = headers.lastWithName(CompactHeader.NAME);
        if (compact != null && compact.value() != null) {
            return CompactHeader.parse(text(compact.value()));
        }
        return readSeparate(headers);
    }

    /** One pass over the headers; a header of no value counts as absent, as its last one of a name does. */
    private static RecordMeta readSeparate(Headers headers) {
        RecordMeta.Fields fields = new RecordMeta.Fields();
        for (Header header : headers) {
            Object value = header.value();
            switch (header.key()) {
                case OPERATION -> fields.operation = Operation.find(value == null ? null : text(value));
                case TYPE -> fields.type = value == null ? null : text(value);
                case DATABASE -> fields.database = numberOrUnknown(value);
                case SLOT -> fields.slot = numberOrUnknown(value);
                case EXPIRE_AT -> fields.expireAt = value == null ? -1 : number(value, EXPIRE_AT);
                case RDB_VERSION -> fields.rdbVersion = numberOrUnknown(value);
                case EVENT_TIME -> fields.eventTime = numberOrUnknown(value);
                case CHUNK_VERSION -> fields.chunkVersion = value == null ? null : text(value);
                case CHUNK_INDEX -> fields.chunkIndex = value == null ? -1 : count(value, CHUNK_INDEX);
                case CHUNK_COUNT -> fields.chunkCount = value == null ? -1 : count(value, CHUNK_COUNT);
                default -> {
                    // another header: the user's, or one a transform added
                }
            }
        }
        return fields.toMeta();
    }

    private static long number(Object value, String name) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        String text = text(value);
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + name + " is not a number: '" + text + "'", e);
        }
    }

    /** A part's index or count: a number from 0 to the largest int. */
    private static long count(Object value, String name) {
        long count = number(value, name);
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("header " + name + " is out of range: " + count);
        }
        return count;
    }

    /** A field the sink needs not to write a record: one it cannot read counts as not given. */
    private static long numberOrUnknown(Object value) {
        if (value == null) {
            return -1;
        }
        try {
            return number(value, "");
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }
}
