package io.keyferry.sink.write;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What one record asks of the target: give {@code key} the state in {@code payload} with expiry
 * {@code expireAt}, or remove it when the payload is null (a tombstone).
 *
 * @param origin   the record, for the errant record reporter
 * @param key      the Redis key, raw bytes
 * @param payload  the DUMP payload, null for a tombstone
 * @param expireAt absolute expiry in Unix milliseconds, or -1 for a persistent key
 */
public record KeyWrite(SinkRecord origin, byte[] key, byte[] payload, long expireAt) {
    public boolean tombstone() {
        return payload == null;
    }

    /** A key whose expiry has passed must end up absent, exactly as on the source. */
    public boolean expiredAt(long now) {
        return expireAt >= 0 && expireAt <= now;
    }
}
