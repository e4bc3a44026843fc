package io.keyferry.common.compare;

import java.util.Arrays;

/**
 * Settings of a keyspace comparison. Immutable: start from {@link #defaults()} and change values with
 * the {@code with...} methods.
 *
 * @param ttlToleranceMillis largest difference between source and target remaining time to live that
 *     still counts as equal; the two sides are read at slightly different moments and a migration takes
 *     time, so exact equality would report noise
 * @param match SCAN MATCH glob selecting the keys to compare on both sides, or {@code null} for all keys
 * @param batchSize keys read per pipelined batch, also the SCAN COUNT hint
 * @param maxExamples examples kept per difference kind
 * @param sampleRate share of the keys compared, from 0 (exclusive) to 1: a key is in the sample by a hash
 *     of its name, so both passes and repeated runs pick the same keys
 * @param bigValueBytes keys larger than this (a string's length, another type's MEMORY USAGE or DUMP) are not
 *     read whole but compared page by page, so a comparison holds a bounded amount of memory
 */
public record CompareOptions(long ttlToleranceMillis, String match, int batchSize, int maxExamples,
                             double sampleRate, long bigValueBytes) {
    public static final long DEFAULT_TTL_TOLERANCE_MILLIS = 2000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_MAX_EXAMPLES = 5;
    public static final long DEFAULT_BIG_VALUE_BYTES = 8L << 20;

    public CompareOptions(long ttlToleranceMillis, String match, int batchSize, int maxExamples, double sampleRate) {
        this(ttlToleranceMillis, match, batchSize, maxExamples, sampleRate, DEFAULT_BIG_VALUE_BYTES);
    }

    public CompareOptions {
        if (ttlToleranceMillis < 0) {
            throw new IllegalArgumentException("ttlToleranceMillis must be >= 0, got " + ttlToleranceMillis);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (maxExamples < 0) {
            throw new IllegalArgumentException("maxExamples must be >= 0, got " + maxExamples);
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be in (0, 1], got " + sampleRate);
        }
        if (bigValueBytes < 1) {
            throw new IllegalArgumentException("bigValueBytes must be >= 1, got " + bigValueBytes);
        }
    }

    /** Whether the key is in the sample; every key is when the rate is 1. */
    public boolean sampled(byte[] key) {
        return sampleRate >= 1 || (Arrays.hashCode(key) & 0x7fffffff) % 10_000 < sampleRate * 10_000;
    }

    public static CompareOptions defaults() {
        return new CompareOptions(DEFAULT_TTL_TOLERANCE_MILLIS, null, DEFAULT_BATCH_SIZE, DEFAULT_MAX_EXAMPLES, 1.0);
    }

    public CompareOptions withTtlToleranceMillis(long ttlToleranceMillis) {
        return new CompareOptions(ttlToleranceMillis, match, batchSize, maxExamples, sampleRate, bigValueBytes);
    }

    public CompareOptions withMatch(String match) {
        return new CompareOptions(ttlToleranceMillis, match, batchSize, maxExamples, sampleRate, bigValueBytes);
    }

    public CompareOptions withBatchSize(int batchSize) {
        return new CompareOptions(ttlToleranceMillis, match, batchSize, maxExamples, sampleRate, bigValueBytes);
    }

    public CompareOptions withMaxExamples(int maxExamples) {
        return new CompareOptions(ttlToleranceMillis, match, batchSize, maxExamples, sampleRate, bigValueBytes);
    }

    public CompareOptions withSampleRate(double sampleRate) {
        return new CompareOptions(ttlToleranceMillis, match, batchSize, maxExamples, sampleRate, bigValueBytes);
    }

    public CompareOptions withBigValueBytes(long bigValueBytes) {
        return new CompareOptions(ttlToleranceMillis, match, batchSize, maxExamples, sampleRate, bigValueBytes);
    }
}
