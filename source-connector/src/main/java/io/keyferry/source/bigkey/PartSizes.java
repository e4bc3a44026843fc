package io.keyferry.source.bigkey;

import io.keyferry.common.value.FieldValue;
import io.keyferry.common.value.HashValue;
import io.keyferry.common.value.ListValue;
import io.keyferry.common.value.RedisValue;
import io.keyferry.common.value.SetValue;
import io.keyferry.common.value.StreamValue;
import io.keyferry.common.value.StringValue;
import io.keyferry.common.value.ZSetValue;
import io.keyferry.source.record.ValueFormat;
import java.util.List;

/**
 * How much of a key fits in one record of at most {@code redis.record.max.bytes}. Sizes are estimates of the
 * serialized record, on the safe side: in {@code dump} format the bytes {@link io.keyferry.common.value.PartCodec}
 * writes; in {@code struct} format what a JSON converter with schemas writes (byte strings in base64, a few dozen
 * bytes of field names per element, the schema itself within the allowance for headers).
 */
public final class PartSizes {
    /** Room kept in every record for its headers, the key and, in struct format, an embedded schema. */
    static final int ALLOWANCE = 4096;

    private final boolean struct;
    private final long maxRecordBytes;

    public PartSizes(ValueFormat format, long maxRecordBytes) {
        this.struct = format == ValueFormat.STRUCT;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The longest DUMP payload (key included) read into one record. */
    public long payloadLimit() {
        return maxRecordBytes - ALLOWANCE;
    }

    /** The most bytes of content one part of this key may hold: the part keys carry the key a second time. */
    public long budget(byte[] key) {
        return maxRecordBytes - ALLOWANCE - 2L * key.length;
    }

    /** The bytes of a string per part. */
    int stringPartLength(byte[] key) {
        long budget = budget(key);
        return (int) Math.min(Integer.MAX_VALUE - 8, struct ? (budget - 8) / 4 * 3 : budget - 5);
    }

    /** Whether a whole value fits in one record under this key. */
    public boolean fits(byte[] key, RedisValue value) {
        return cost(value) <= maxRecordBytes - ALLOWANCE - key.length;
    }

    long bytes(byte[] bytes) {
        return struct ? (bytes.length + 2L) / 3 * 4 + 8 : bytes.length + 5L;
    }

    private long element() {
        return struct ? 32 : 0;
    }

    long field(FieldValue field) {
        return bytes(field.field()) + bytes(field.value()) + element();
    }

    long member(byte[] member) {
        return bytes(member) + element();
    }

    long scored(ZSetValue.Member member) {
        return bytes(member.member()) + (struct ? 40 : 8) + element();
    }

    long entry(StreamValue.Entry entry) {
        long cost = 48 + element();
        for (FieldValue field : entry.fields()) {
            cost += field(field);
        }
        return cost;
    }

    /** What a stream's groups add to its last part. */
    long groups(List<StreamValue.Group> groups) {
        return 128 + sum(groups, group -> bytes(group.name()) + 64);
    }

    long cost(RedisValue value) {
        if (value instanceof StringValue string) {
            return bytes(string.value());
        } else if (value instanceof HashValue hash) {
            return sum(hash.fields(), this::field);
        } else if (value instanceof ListValue list) {
            return sum(list.elements(), this::member);
        } else if (value instanceof SetValue set) {
            return sum(set.members(), this::member);
        } else if (value instanceof ZSetValue zset) {
            return sum(zset.members(), this::scored);
        }
        StreamValue stream = (StreamValue) value;
        return groups(stream.groups()) + sum(stream.entries(), this::entry);
    }

    private static <T> long sum(List<T> items, java.util.function.ToLongFunction<T> cost) {
        long total = 0;
        for (T item : items) {
            total += cost.applyAsLong(item);
        }
        return total;
    }
}
