package io.keyferry.common.compare;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.concurrent.CompletableFuture;

/**
 * What one side knows about a key before its value is read.
 *
 * @param type TYPE answer, {@code none} when the key does not exist
 * @param pttl PTTL answer: milliseconds left, -1 when persistent, -2 when the key does not exist
 */
record KeyProbe(String type, long pttl) {
    static final String NONE = "none";
    static final long PERSISTENT = -1;

    /**
     * Issues TYPE and PTTL without waiting, so probes of a batch are pipelined. On a cluster both go to the
     * node that owns the key's slot.
     */
    static CompletableFuture<KeyProbe> issue(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[] key) {
        RedisFuture<String> type = redis.type(key);
        RedisFuture<Long> pttl = redis.pttl(key);
        return type.thenCombine(pttl, KeyProbe::new).toCompletableFuture();
    }

    boolean exists() {
        return !NONE.equals(type);
    }

    boolean persistent() {
        return pttl == PERSISTENT;
    }
}
