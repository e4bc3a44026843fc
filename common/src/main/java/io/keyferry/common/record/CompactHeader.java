package io.keyferry.common.record;

import java.util.Locale;

/**
 * The text of the {@code redis.meta} header ({@link HeaderFormat#COMPACT}): the fields of {@link RecordMeta} as
 * {@code name=value} pairs separated by semicolons, named as the separate headers are without their {@code redis.}
 * prefix, e.g. {@code op=snapshot;db=0;slot=866;type=string;rdb.version=10;expire.at=1700000000000}. A field the
 * record has no value for is left out. One header instead of seven is what this form is for: every stage (Connect's
 * header converters, the producer, the broker's validation, the consumer) pays per header.
 *
 * <p>Readers skip fields they do not know, so a later version can add fields without breaking this one, and take a
 * database, slot, RDB version or event time they cannot read for not given (the sink needs none of them to write a
 * record); an expiry or a part's position they cannot read is an error.
 */
public final class CompactHeader {
    public static final String NAME = "redis.meta";

    private static final String OPERATION = "op";
    private static final String DATABASE = "db";
    private static final String SLOT = "slot";
    private static final String TYPE = "type";
    private static final String RDB_VERSION = "rdb.version";
    private static final String EXPIRE_AT = "expire.at";
    private static final String CHUNK_VERSION = "chunk.version";
    private static final String CHUNK_INDEX = "chunk.index";
    private static final String CHUNK_COUNT = "chunk.count";
    private static final String EVENT_TIME = "event.time";

    private CompactHeader() {
    }

    /**
     * The header's text. The time the state was read is the record's timestamp; only parts of big keys carry it
     * here too, since the sink orders copies of a key by it whatever timestamps the topic keeps.
     */
    public static String format(RecordMeta meta) {
        StringBuilder text = new StringBuilder(96);
        field(text, OPERATION).append(meta.operation().code());
        field(text, DATABASE).append(meta.database());
        field(text, SLOT).append(meta.slot());
        if (meta.type() != null) {
            field(text, TYPE).append(meta.type());
        }
        if (meta.rdbVersion() >= 0) {
            field(text, RDB_VERSION).append(meta.rdbVersion());
        }
        if (meta.expireAt() >= 0) {
            field(text, EXPIRE_AT).append(meta.expireAt());
        }
        ChunkPosition chunk = meta.chunk();
        if (chunk != null) {
            field(text, CHUNK_VERSION).append(chunk.version());
            field(text, CHUNK_INDEX).append(chunk.index());
            if (chunk.last()) {
                field(text, CHUNK_COUNT).append(chunk.count());
            }
            field(text, EVENT_TIME).append(meta.eventTime());
        }
        return text.toString();
    }

    /** Starts a field: its separator and name; the caller appends the value. */
    private static StringBuilder field(StringBuilder text, String name) {
        if (!text.isEmpty()) {
            text.append(';');
        }
        return text.append(name).append('=');
    }

    /**
     * Reads the header's text, in one pass and without a copy of each field.
     *
     * @throws IllegalArgumentException when a field is not {@code name=value}, or a number is not one
     */
    public static RecordMeta parse(String text) {
        RecordMeta.Fields fields = new RecordMeta.Fields();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            int equals = text.indexOf('=', start);
            if (equals < 0 || equals > end) {
                throw new IllegalArgumentException(NAME + " holds '" + text.substring(start, end)
                        + "', not a name=value field");
            }
            int from = equals + 1;
            if (named(text, start, equals, OPERATION)) {
                fields.operation = Operation.find(text.substring(from, end));
            } else if (named(text, start, equals, DATABASE)) {
                fields.database = numberOrUnknown(text, from, end);
            } else if (named(text, start, equals, SLOT)) {
                fields.slot = numberOrUnknown(text, from, end);
            } else if (named(text, start, equals, TYPE)) {
                fields.type = text.substring(from, end);
            } else if (named(text, start, equals, RDB_VERSION)) {
                fields.rdbVersion = numberOrUnknown(text, from, end);
            } else if (named(text, start, equals, EXPIRE_AT)) {
                fields.expireAt = number(text, from, end, EXPIRE_AT);
            } else if (named(text, start, equals, CHUNK_VERSION)) {
                fields.chunkVersion = text.substring(from, end);
            } else if (named(text, start, equals, CHUNK_INDEX)) {
                fields.chunkIndex = count(text, from, end, CHUNK_INDEX);
            } else if (named(text, start, equals, CHUNK_COUNT)) {
                fields.chunkCount = count(text, from, end, CHUNK_COUNT);
            } else if (named(text, start, equals, EVENT_TIME)) {
                fields.eventTime = numberOrUnknown(text, from, end);
            }
            start = end + 1;
        }
        return fields.toMeta();
    }

    private static boolean named(String text, int start, int equals, String name) {
        return equals - start == name.length() && text.startsWith(name, start);
    }

    /** A part's index or count: a number from 0 to the largest int. */
    private static long count(String text, int from, int end, String name) {
        long count = number(text, from, end, name);
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(NAME + " field " + name + " is out of range: " + count);
        }
        return count;
    }

    /** A field the sink needs not to write a record: one it cannot read counts as not given. */
    private static long numberOrUnknown(String text, int from, int end) {
        try {
            return Long.parseLong(text, from, end, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long number(String text, int from, int end, String name) {
        try {
            return Long.parseLong(text, from, end, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s field %s is not a number: '%s'", NAME,
                    name, text.substring(from, end)), e);
        }
    }
}
