package io.keyferry.common.compare;

import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The {@link ValueReader} of each Redis type whose value the comparator understands. */
final class ValueReaders {
    private static final Map<String, ValueReader> BY_TYPE = Map.of(
            "string", (redis, key) -> redis.get(key).thenApply(LogicalValues::string),
            "hash", (redis, key) -> redis.hgetall(key).thenApply(LogicalValues::hash),
            "list", (redis, key) -> redis.lrange(key, 0, -1).thenApply(LogicalValues::list),
            "set", (redis, key) -> redis.smembers(key).thenApply(LogicalValues::set),
            "zset", (redis, key) -> redis.zrangeWithScores(key, 0, -1).thenApply(LogicalValues::zset),
            // Both commands are issued before combining: they travel in the same pipeline.
            "stream", (redis, key) -> redis.xrange(key, Range.<String>unbounded())
                    .thenCombine(groups(redis, key), LogicalValues::stream));

    private ValueReaders() {
    }

    /**
     * XINFO GROUPS, which answers an error for a key that is gone (deleted or expired since it was probed): no
     * groups then, as the other reads answer an empty value, and the comparison sees the difference.
     */
    static CompletionStage<List<Object>> groups(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[] key) {
        return redis.xinfoGroups(key).exceptionally(error -> {
            if (error instanceof RedisCommandExecutionException
                    && String.valueOf(error.getMessage()).contains("no such key")) {
                return List.of();
            }
            throw error instanceof RuntimeException runtime ? runtime : new CompletionException(error);
        });
    }

    /** The reader for a TYPE answer; empty for types compared by presence and TTL only (module types). */
    static Optional<ValueReader> forType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }
}
