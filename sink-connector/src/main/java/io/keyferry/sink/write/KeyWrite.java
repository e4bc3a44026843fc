package io.keyferry.sink.write;

import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.value.RedisValue;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What one record asks of the target: give {@code key} the state carried by the record (a DUMP payload, or
 * a typed value from a {@code struct} record) with expiry {@code expireAt}, or remove the key when the
 * record is a tombstone; or, for a part of a big key ({@code chunk} set), add the part's content to the
 * key's staging copy, and at the last part put the assembled key in place.
 *
 * @param origin   the record, for the errant record reporter
 * @param key      the target key, raw bytes (after the configured prefix rewriting)
 * @param dump     the DUMP payload of a {@code dump} record, else null
 * @param value    the typed value of a {@code struct} record, else null
 * @param expireAt absolute expiry in Unix milliseconds, or -1 for a persistent key
 * @param chunk    where a part of a big key stands in its copy (its value is the part's content), else null
 */
public record KeyWrite(SinkRecord origin, byte[] key, byte[] dump, RedisValue value, long expireAt,
                       ChunkPosition chunk) {
    public KeyWrite(SinkRecord origin, byte[] key, byte[] dump, RedisValue value, long expireAt) {
        this(origin, key, dump, value, expireAt, null);
    }

    public static KeyWrite ofDump(SinkRecord origin, byte[] key, byte[] dump, long expireAt) {
        return new KeyWrite(origin, key, dump, null, expireAt);
    }

    /** Whether this is a part of a big key before its last: parts are applied in order, none superseded. */
    public boolean partBeforeLast() {
        return chunk != null && !chunk.last();
    }

    public boolean tombstone() {
        return dump == null && value == null;
    }

    /** A key whose expiry has passed must end up absent, exactly as on the source. */
    public boolean expiredAt(long now) {
        return expireAt >= 0 && expireAt <= now;
    }

    /** Whether the target must end up without the key: a tombstone, or a state that has expired. */
    public boolean deletesAt(long now) {
        return tombstone() || expiredAt(now);
    }
}
