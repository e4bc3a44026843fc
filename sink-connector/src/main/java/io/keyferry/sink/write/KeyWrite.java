package io.keyferry.sink.write;

import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.value.RedisValue;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What one record asks of the target, one kind per type: give the key the state the record carries, as a DUMP
 * payload ({@link Dump}) or a typed value ({@link Typed}); remove the key ({@link Tombstone}); or add a part of a
 * big key to its staging copy, and at the last part put the assembled key in place ({@link Part}).
 */
public sealed interface KeyWrite permits KeyWrite.Content, KeyWrite.Tombstone {
    /** The record, for the errant record reporter. */
    SinkRecord origin();

    /** The target key, raw bytes (after the configured prefix rewriting). */
    byte[] key();

    /** Whether the target must end up without the key: a tombstone, or a state that has expired. */
    boolean deletesAt(long now);

    /** Whether this is a part of a big key before its last: parts are applied in order, none superseded. */
    default boolean partBeforeLast() {
        return this instanceof Part part && !part.chunk().last();
    }

    /** A write that gives the key content, with the key's expiry. */
    sealed interface Content extends KeyWrite permits Dump, Typed, Part {
        /** Absolute expiry in Unix milliseconds, or -1 for a persistent key. */
        long expireAt();

        /** A key whose expiry has passed must end up absent, exactly as on the source. */
        default boolean expiredAt(long now) {
            return expireAt() >= 0 && expireAt() <= now;
        }

        @Override
        default boolean deletesAt(long now) {
            return expiredAt(now);
        }
    }

    /** The key's state as the DUMP payload of a {@code dump} record. */
    record Dump(SinkRecord origin, byte[] key, byte[] payload, long expireAt) implements Content {
    }

    /** The key's state as the typed value of a {@code struct} record. */
    record Typed(SinkRecord origin, byte[] key, RedisValue value, long expireAt) implements Content {
    }

    /** The key is gone on the source (deleted or expired): a record without a value. */
    record Tombstone(SinkRecord origin, byte[] key) implements KeyWrite {
        @Override
        public boolean deletesAt(long now) {
            return true;
        }
    }

    /**
     * A part of a big key: {@code content} is added to the key's staging copy; the last part puts the copy in
     * place, with the key's expiry.
     *
     * @param chunk where the part stands in its copy
     */
    record Part(SinkRecord origin, byte[] key, RedisValue content, long expireAt, ChunkPosition chunk)
            implements Content {
    }
}
