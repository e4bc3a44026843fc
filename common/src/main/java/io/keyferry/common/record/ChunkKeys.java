package io.keyferry.common.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Kafka keys of the parts of a big key before its last: {@code NUL "keyferry-chunk" NUL <index> ":" <key>}.
 * Compaction keeps one record per Kafka key, so every part needs a key of its own; the same index of the
 * same Redis key always gets the same Kafka key, so a newer copy's parts replace an older copy's and a
 * compacted topic keeps at most as many parts of a key as its biggest copy had. The leading NUL byte keeps
 * them apart from the keys of ordinary records in practice; the sink tells parts by their headers anyway.
 */
public final class ChunkKeys {
    private static final byte[] PREFIX = "\0keyferry-chunk\0".getBytes(StandardCharsets.US_ASCII);

    private ChunkKeys() {
    }

    public static byte[] of(byte[] key, int index) {
        byte[] number = (index + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] chunkKey = new byte[PREFIX.length + number.length + key.length];
        System.arraycopy(PREFIX, 0, chunkKey, 0, PREFIX.length);
        System.arraycopy(number, 0, chunkKey, PREFIX.length, number.length);
        System.arraycopy(key, 0, chunkKey, PREFIX.length + number.length, key.length);
        return chunkKey;
    }

    /** Whether a Kafka key is the key of a part of a big key (before its last). */
    public static boolean isPartKey(byte[] kafkaKey) {
        return kafkaKey.length > PREFIX.length && Arrays.equals(kafkaKey, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
    }

    /** The Redis key a record's Kafka key stands for: the key itself, or the key a part's key names. */
    public static byte[] redisKeyOf(byte[] kafkaKey) {
        if (!isPartKey(kafkaKey)) {
            return kafkaKey;
        }
        for (int i = PREFIX.length; i < kafkaKey.length; i++) {
            if (kafkaKey[i] == ':') {
                return Arrays.copyOfRange(kafkaKey, i + 1, kafkaKey.length);
            }
        }
        return kafkaKey;
    }

    /**
     * The Redis key a part's Kafka key names.
     *
     * @throws IllegalArgumentException when {@code chunkKey} is not the key of part {@code index}
     */
    public static byte[] redisKey(byte[] chunkKey, int index) {
        byte[] number = (index + ":").getBytes(StandardCharsets.US_ASCII);
        int start = PREFIX.length + number.length;
        if (chunkKey.length <= start || !Arrays.equals(chunkKey, 0, PREFIX.length, PREFIX, 0, PREFIX.length)
                || !Arrays.equals(chunkKey, PREFIX.length, start, number, 0, number.length)) {
            throw new IllegalArgumentException("the record's key is not the key of part " + index + " of a big key");
        }
        return Arrays.copyOfRange(chunkKey, start, chunkKey.length);
    }
}
